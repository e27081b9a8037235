/**
 * One portfolio backtest without I/O (DESIGN.md §3b): the strategy on every symbol, one account
 * over all of them, the account's metrics and each symbol's contribution.
 */
import type { OhlcvFrame } from '../domain/frame/frame.js';
import { barsPerYear } from '../domain/frame/timeframe.js';
import { computeMetrics } from '../domain/metrics/compute-metrics.js';
import { monthlyReturns } from '../domain/metrics/monthly-returns.js';
import type { MetricsReport, MonthlyReturn } from '../domain/metrics/report-types.js';
import { simulateAllocation } from '../domain/portfolio/allocation.js';
import { contributions, equalWeightBenchmark, type SymbolContribution } from '../domain/portfolio/contributions.js';
import { DEFAULT_PORTFOLIO_MODE, type PortfolioMode } from '../domain/portfolio/portfolio-mode.js';
import { simulatePortfolio, type PortfolioSimulation } from '../domain/portfolio/simulate-portfolio.js';
import type { PortfolioSpec } from '../domain/portfolio/spec.js';
import type { IndicatorCache, Signals, StrategyRuntime } from '../domain/strategies/strategy.js';
import { tradingFrame } from '../domain/frame/warmup.js';
import type { OrderLimits } from '../domain/portfolio/market-limits.js';
import { portfolioFuturesSummary, type FuturesSummary } from '../domain/portfolio/futures-summary.js';
import { strategySignals } from './strategy-signals.js';

export interface PortfolioBacktestSpec<P extends object> {
  /** One frame per symbol, in the order entries of one bar fill; one timeframe. Warm-up bars (`frame.warmup`) feed the indicators only. */
  readonly frames: readonly OhlcvFrame[];
  readonly strategy: StrategyRuntime<P>;
  readonly params: P;
  readonly portfolio: PortfolioSpec;
  readonly mode?: PortfolioMode;
  /** Signals already computed per symbol (skips the strategy). */
  readonly signals?: readonly Signals[];
  /** One indicator cache per frame, shared across runs (the optimizer does). */
  readonly caches?: readonly IndicatorCache[];
  /** Skip monthly returns and contributions (the optimizer's hot path). */
  readonly metricsOnly?: boolean;
  /** Per frame: the exchange's order limits of that symbol (issue 10 item 5; the config's values win). */
  readonly limits?: readonly (OrderLimits | undefined)[];
}

/** A portfolio run, labelled by symbol. */
export interface PortfolioBacktestResult {
  readonly symbols: readonly string[];
  readonly timeframe: OhlcvFrame['timeframe'];
  readonly frames: Readonly<Record<string, OhlcvFrame>>;
  readonly signals: Readonly<Record<string, Signals>>;
  readonly portfolio: PortfolioSpec;
  readonly mode: PortfolioMode;
  readonly sim: PortfolioSimulation;
  readonly metrics: MetricsReport;
  readonly monthly: readonly MonthlyReturn[];
  /** Per symbol, in listed order. */
  readonly contributions: readonly SymbolContribution[];
  /** Equal-weight buy-and-hold of the symbols on the same time index. */
  readonly benchmarkEquity: Float64Array;
  readonly warnings: readonly string[];
  /** Perpetual-futures figures of the account (docs/futures.md "Portfolio"); absent unless the account has margin or funding. */
  readonly futures?: FuturesSummary;
}

export function runPortfolioBacktest<P extends object>(spec: PortfolioBacktestSpec<P>): PortfolioBacktestResult {
  const { portfolio } = spec;
  const mode = spec.mode ?? DEFAULT_PORTFOLIO_MODE;
  // Precomputed signals (spec.signals) already start after the warm-up, like strategySignals' output.
  const signals = spec.signals ?? spec.frames.map((f, i) => strategySignals(f, spec.strategy, spec.params, portfolio.market, spec.caches?.[i]).signals);
  const frames = spec.frames.map(tradingFrame);
  const legs = frames.map((f, i) => ({ symbol: f.symbol, time: f.time, prices: f, signals: signals[i], ...(spec.limits?.[i] && { limits: spec.limits[i] }) }));
  const sim = mode.allocation ? simulateAllocation(legs, portfolio, mode.allocation) : simulatePortfolio(legs, portfolio, mode);
  const bench = equalWeightBenchmark(sim, frames.map((f) => f.open), portfolio.initCash);
  // The benchmark metric runs from the first bar's close to the last (docs/metrics.md), on the benchmark's value.
  const metrics = computeMetrics({
    equity: sim.equity, time: sim.time, benchmark: bench, trades: sim.trades,
    initCash: portfolio.initCash, barsPerYear: barsPerYear(frames[0].timeframe, portfolio.daysPerYear),
  });
  const label = <T>(xs: readonly T[]) => Object.fromEntries(frames.map((f, i) => [f.symbol, xs[i]]));
  const contrib = spec.metricsOnly ? [] : contributions(sim);
  const futures = spec.metricsOnly ? null : portfolioFuturesSummary(sim);
  return {
    symbols: sim.symbols, timeframe: frames[0].timeframe, frames: label(frames), signals: label(signals), portfolio, mode, sim, metrics,
    monthly: spec.metricsOnly ? [] : monthlyReturns(sim.equity, sim.time, sim.trades, portfolio.initCash),
    contributions: contrib, benchmarkEquity: bench, warnings: spec.metricsOnly ? [] : warnings(contrib, sim, futures),
    ...(futures && { futures }),
  };
}

function warnings(contrib: readonly SymbolContribution[], sim: PortfolioSimulation, fut: FuturesSummary | null): string[] {
  const w: string[] = [];
  if (sim.belowMinimum !== undefined) {
    const below = sim.symbols.flatMap((s, i) => (sim.belowMinimum![i] > 0 ? [`${s} ${sim.belowMinimum![i]}`] : []));
    if (below.length > 0) w.push(`Entries skipped below the exchange minimums (size granularity, min_size, min_notional): ${below.join(', ')}.`);
  }
  if (fut !== null && fut.stopsBeyondLiquidation > 0) {
    const k = fut.stopsBeyondLiquidation;
    w.push(`${k} entr${k === 1 ? 'y' : 'ies'} had a stop-loss beyond the liquidation price: the position is liquidated before the stop can fill (lower the leverage or tighten the stop; docs/futures.md).`);
  }
  const skipped = contrib.filter((c) => c.skippedEntries > 0);
  if (skipped.length > 0) {
    w.push(`Entries skipped (no free position slot or no cash): ${skipped.map((c) => `${c.symbol} ${c.skippedEntries}`).join(', ')}.`);
  }
  let amb = 0;
  for (const a of sim.ambiguousStopBars) amb += a;
  if (amb > 0) w.push(`${amb} bar(s) had both the stop-loss and the take-profit inside their range; the stop-loss was taken.`);
  if (sim.trades.count === 0 && sim.orders.count === 0) w.push('No orders were placed in the portfolio.');
  return w;
}
