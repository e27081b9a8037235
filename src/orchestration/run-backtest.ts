import { performance } from 'node:perf_hooks';
import { StrategyError } from '../base/errors.js';
import type { OhlcvFrame } from '../domain/frame/frame.js';
import type { DataQualityReport } from '../domain/frame/quality-types.js';
import { computeMetrics } from '../domain/metrics/compute-metrics.js';
import { metricsInput } from '../domain/metrics/metrics-input.js';
import { labelStats } from '../domain/metrics/labelled.js';
import { monthlyReturns } from '../domain/metrics/monthly-returns.js';
import { tradeList, type TradeListRow } from '../domain/portfolio/trade-list.js';
import { benchmarkEquity } from '../domain/metrics/benchmark.js';
import { runAnnualization } from '../domain/portfolio/annualization.js';
import { simulate } from '../domain/portfolio/simulate.js';
import { futuresSummary } from '../domain/portfolio/futures-summary.js';
import type { PortfolioSpec } from '../domain/portfolio/spec.js';
import {
  MemoIndicatorCache, type BaseStrategy, type IndicatorCache, type Signals, type StrategyDefinition,
} from '../domain/strategies/strategy.js';
import { indicatorsFrom, signalsRange } from '../domain/strategies/signals-range.js';
import { tradingFrame, warmupOf } from '../domain/frame/warmup.js';
import { normalizeSignals } from './normalize-signals.js';
import { assertFrameUnchanged, isTrustedStrategy, privateFrame } from './frame-guard.js';
import type { BacktestResult, StepTiming } from './result.js';

export interface BacktestSpec<P extends object> {
  readonly frame: OhlcvFrame;
  readonly strategy: StrategyDefinition<P>;
  /** Validated parameters (see `StrategyDefinition.parseParams`). */
  readonly params: P;
  readonly portfolio: PortfolioSpec;
  readonly quality?: DataQualityReport | null;
  /** Share indicator series across runs on the same frame (the optimizer does). */
  readonly cache?: IndicatorCache;
  /** Benchmark closes aligned to `frame` (`--benchmark SYMBOL`); the frame's closes by default. */
  readonly benchmark?: Float64Array;
  /** Called after each step, as the console's step list shows it. */
  readonly onStep?: (step: StepTiming) => void;
}

/**
 * One complete backtest without I/O: strategy → indicators → signals → simulation → metrics.
 * A strategy that throws becomes a StrategyError naming the step; data conditions never throw.
 * A frame with warm-up bars (`frame.warmup`) runs the strategy over all bars, then simulates and
 * measures only the bars after the warm-up: the result's frame, signals and indicators start there.
 */
export function runBacktest<P extends object>(spec: BacktestSpec<P>): BacktestResult {
  const { frame: loaded, strategy: def, params, portfolio } = spec;
  const warm = warmupOf(loaded);
  const frame = tradingFrame(loaded);
  const timings: StepTiming[] = [];
  let t0 = performance.now();
  const lap = (step: string) => {
    const t1 = performance.now();
    const timing = { step, seconds: (t1 - t0) / 1000 };
    timings.push(timing);
    spec.onStep?.(timing);
    t0 = t1;
  };

  // Untrusted code works on a private copy of the bars (warm-up included), checked after its calls (frame-guard.ts).
  const seen = isTrustedStrategy(def) ? loaded : privateFrame(loaded);
  const strategy: BaseStrategy<P> = guard(def, 'creating the strategy', () =>
    new def.strategyClass(seen, params, { market: portfolio.market, cache: spec.cache ?? new MemoIndicatorCache() }));
  lap('Strategy initialized');
  guard(def, 'computing indicators (initIndicators)', () => strategy.initIndicators());
  lap('Indicators calculated');
  const raw = guard(def, 'generating signals (generateSignals)', () => strategy.generateSignals());
  if (seen !== loaded) assertFrameUnchanged(loaded, seen, def.name);
  const all: Signals = normalizeSignals(raw, loaded.length, portfolio.market, def.name);
  const signals = warm > 0 ? signalsRange(all, warm, loaded.length) : all;
  lap('Signals generated');

  const sim = simulate(frame, signals, portfolio);
  lap('Portfolio simulation completed');

  const annual = runAnnualization(frame, portfolio);
  const benchClose = spec.benchmark === undefined ? frame.close
    : warm > 0 && spec.benchmark.length === loaded.length ? spec.benchmark.subarray(warm) : spec.benchmark;
  const metrics = computeMetrics(metricsInput({
    equity: sim.equity, time: frame.time, benchmark: benchClose,
    trades: sim.trades, initCash: portfolio.initCash, barsPerYear: annual.periodsPerYear,
  }));
  const monthly = monthlyReturns(sim.equity, frame.time, sim.trades, portfolio.initCash);
  lap('Performance analysis completed');

  // The trade rows and the benchmark curve are only read by reports and outputs: made on first
  // read (then kept), so a library caller that reads neither does not pay a bar-long pass and
  // array for them. Same values either way.
  let tradeRows: readonly TradeListRow[] | undefined;
  let bench: Float64Array | undefined;
  return {
    symbol: frame.symbol,
    frame,
    strategy: { id: def.id, name: def.name, params: { ...params } as Record<string, unknown> },
    portfolio,
    indicators: warm > 0 ? indicatorsFrom(strategy.indicators, warm) : strategy.indicators,
    indicatorPlacement: strategy.placement,
    signals,
    sim,
    metrics,
    stats: labelStats(metrics),
    get trades() { return tradeRows ??= tradeList(frame.symbol, sim.trades, frame, portfolio.execution); },
    monthly,
    get benchmarkEquity() { return bench ??= benchmarkEquity(benchClose, portfolio.initCash); },
    annualization: annual,
    quality: spec.quality ?? null,
    timings,
    warnings: runWarnings(sim, frame, signals),
  };
}

function guard<T>(def: StrategyDefinition<any>, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StrategyError) throw e;
    throw new StrategyError('STRATEGY_FAILED', `Strategy ${def.name} threw while ${what}: ${(e as Error)?.message ?? String(e)}.`, {
      hint: 'Fix the strategy code or its parameters; run with --debug to see the stack trace.', cause: e,
    });
  }
}

function runWarnings(sim: BacktestResult['sim'], frame: OhlcvFrame, signals: Signals): string[] {
  const w: string[] = [];
  if (sim.ambiguousStopBars > 0) {
    w.push(`${sim.ambiguousStopBars} bar(s) had both the stop-loss and the take-profit inside their range; the stop-loss was taken (the conservative choice, DESIGN.md §3).`);
  }
  const fut = futuresSummary(sim, frame.close);
  if (fut !== null && fut.stopsBeyondLiquidation > 0) {
    w.push(`${fut.stopsBeyondLiquidation} entr${fut.stopsBeyondLiquidation === 1 ? 'y' : 'ies'} had a stop-loss beyond the liquidation price: the position is liquidated before the stop can fill (lower the leverage or tighten the stop; docs/futures.md).`);
  }
  if (fut !== null && fut.liquidations > 0) w.push(`${fut.liquidations} position(s) were liquidated (exit reason liquidation).`);
  if (sim.skippedEntries > 0) w.push(`${sim.skippedEntries} entry signal(s) could not be filled (e.g. on the last bar in next_open mode).`);
  if (sim.trades.count === 0) {
    let entries = 0;
    for (let i = 0; i < frame.length; i++) entries += signals.longEntries[i] + signals.shortEntries[i];
    w.push(entries === 0
      ? `No entry signals in ${frame.length} bars: the parameters may be too restrictive or the range too short for the indicators' warm-up (try --debug, shorter windows or a longer date range).`
      : 'No trades were made although there were entry signals.');
  }
  return w;
}
