import { StrategyError } from '../../base/errors.js';
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { runAnnualization } from '../../domain/portfolio/annualization.js';
import { computeMetrics } from '../../domain/metrics/compute-metrics.js';
import type { MetricsReport } from '../../domain/metrics/report-types.js';
import type { SimulationResult } from '../../domain/portfolio/records.js';
import { simulate } from '../../domain/portfolio/simulate.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import { MemoIndicatorCache, type Signals, type StrategyRuntime } from '../../domain/strategies/strategy.js';
import { signalsRange } from '../../domain/strategies/signals-range.js';
import { normalizeSignals } from '../normalize-signals.js';
import { assertFrameUnchanged, isTrustedStrategy, privateFrame } from '../frame-guard.js';

/** The bars [a, b) of a frame, as views, all of them traded (no warm-up of their own). */
export function frameRange(frame: OhlcvFrame, a: number, b: number): OhlcvFrame {
  const cut = (c: Float64Array) => c.subarray(a, b);
  const { warmup: _warmup, ...rest } = frame;
  return {
    ...rest, time: cut(frame.time), open: cut(frame.open), high: cut(frame.high), low: cut(frame.low), close: cut(frame.close), volume: cut(frame.volume),
    ...(frame.funding !== undefined && { funding: cut(frame.funding) }), length: b - a,
  };
}

/** Signals [a, b) of signals computed on a longer frame (every per-bar order input included). */
export { signalsRange };

export interface WindowBacktestSpec<P extends object> {
  readonly frame: OhlcvFrame;
  readonly def: StrategyRuntime<P>;
  readonly params: P;
  readonly portfolio: PortfolioSpec;
  /** First bar the indicators see (warm-up from here). */
  readonly warmStart: number;
  /** The window traded and measured: bars [start, end). */
  readonly start: number;
  readonly end: number;
}

export interface WindowBacktest {
  /** The window's bars. */
  readonly frame: OhlcvFrame;
  readonly sim: SimulationResult;
  readonly metrics: MetricsReport;
}

/**
 * A backtest of bars [start, end) with indicator warm-up from `warmStart`: indicators and signals
 * are computed on [warmStart, end) (so nothing restarts at `start`), then only the window's
 * signals are simulated, from `portfolio.initCash` in cash at `start`, and measured over the window.
 */
export function backtestWindow<P extends object>(spec: WindowBacktestSpec<P>): WindowBacktest {
  const { frame, def, params, portfolio } = spec;
  const view = frameRange(frame, spec.warmStart, spec.end);
  // Untrusted code works on a private copy of the bars (frame-guard.ts).
  const warm = isTrustedStrategy(def) ? view : privateFrame(view);
  let signals: Signals;
  try {
    const strategy = new def.strategyClass(warm, params, { market: portfolio.market, cache: new MemoIndicatorCache() });
    strategy.initIndicators();
    signals = normalizeSignals(strategy.generateSignals(), warm.length, portfolio.market, def.name);
    if (warm !== view) assertFrameUnchanged(view, warm, def.name);
  } catch (e) {
    if (e instanceof StrategyError) throw e;
    throw new StrategyError('STRATEGY_FAILED', `Strategy ${def.name} threw with parameters ${JSON.stringify(params)}: ${(e as Error)?.message ?? String(e)}.`, { cause: e });
  }
  const window = frameRange(frame, spec.start, spec.end);
  const sim = simulate(window, signalsRange(signals, spec.start - spec.warmStart, spec.end - spec.warmStart), portfolio);
  const metrics = computeMetrics({
    equity: sim.equity, time: window.time, benchmark: window.close, trades: sim.trades,
    initCash: portfolio.initCash, barsPerYear: runAnnualization(frame, portfolio).periodsPerYear,
  });
  return { frame: window, sim, metrics };
}
