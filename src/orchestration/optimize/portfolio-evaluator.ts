/**
 * Evaluates parameter combinations of a portfolio optimization (issue 12): per combination, the
 * strategy on every symbol (indicators from the shared per-symbol caches), one account over all
 * of them, the account's metrics row. The numbers are those of `runPortfolioBacktest`.
 */
import { METRIC_COUNT } from '../../domain/metrics/catalog.js';
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { paramsAt, type ParamSpace } from '../../domain/params/param-space.js';
import type { PortfolioMode } from '../../domain/portfolio/portfolio-mode.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { IndicatorCache, StrategyRuntime } from '../../domain/strategies/strategy.js';
import { runPortfolioBacktest } from '../run-portfolio-backtest.js';
import { strategySignals } from '../strategy-signals.js';
import type { CallWatch } from '../strategy-call-watch.js';

export interface PortfolioEvaluatorSetup<P extends object> {
  readonly legs: readonly { readonly frame: OhlcvFrame; readonly cache: IndicatorCache }[];
  readonly def: StrategyRuntime<P>;
  readonly space: ParamSpace<P>;
  readonly portfolio: PortfolioSpec;
  readonly mode?: PortfolioMode;
}

export class PortfolioEvaluator<P extends object> {
  private readonly frames: OhlcvFrame[];

  constructor(private readonly setup: PortfolioEvaluatorSetup<P>) {
    this.frames = setup.legs.map((l) => l.frame);
  }

  /** Evaluates positions [start, end) of `order` (grid indices) into `rows` (row i at `i * METRIC_COUNT`). */
  evaluate(order: ArrayLike<number>, start: number, end: number, rows: Float64Array, watch: CallWatch | null = null): void {
    const { def, space, portfolio, mode, legs } = this.setup;
    for (let i = start; i < end; i++) {
      const p = paramsAt(space, order[i]);
      const signals = legs.map((l) => strategySignals(l.frame, def, p, portfolio.market, l.cache, { watch, position: order[i] }).signals);
      const r = runPortfolioBacktest({ frames: this.frames, strategy: def, params: p, portfolio, mode, signals, metricsOnly: true });
      rows.set(r.metrics.values.subarray(0, METRIC_COUNT), i * METRIC_COUNT);
    }
  }
}
