/**
 * Evaluates parameter combinations of a portfolio optimization (issue 12): per combination, the
 * strategy on every symbol (indicators from the shared per-symbol caches), one account over all
 * of them, the account's metrics row. The numbers are those of `runPortfolioBacktest`, bit for bit.
 *
 * What does not depend on the combination is built once per evaluator (one per job and thread):
 * the union time index, each symbol's prices on it, the equal-weight benchmark, the fill loop's
 * buffers and the metrics scratch. Per combination only the fill loop and `computeMetricsInto` run
 * (no per-symbol value series, contributions, monthly returns or statistics: only the row is kept).
 * With a strategy's fast path, combinations are grouped by signal key like the single-symbol
 * evaluator: the strategy runs once per group and symbol, each combination swaps in its stops.
 * Each symbol's exchange limits and leverage tiers apply to its column as in `runPortfolioBacktest`
 * with `limits`; a ranged `leverage` (docs/futures.md) is the account's for that combination.
 */
import { StrategyError } from '../../base/errors.js';
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { barsPerYear } from '../../domain/frame/timeframe.js';
import { tradingFrame, warmupOf } from '../../domain/frame/warmup.js';
import { METRIC_COUNT } from '../../domain/metrics/catalog.js';
import { computeMetricsInto } from '../../domain/metrics/compute-metrics-into.js';
import { createMetricsScratch, metricsInput, type MetricsInput, type MetricsScratch } from '../../domain/metrics/metrics-input.js';
import { LEVERAGE_KEY, paramsAt, splitLeverage, type ParamSpace } from '../../domain/params/param-space.js';
import { equalWeightBenchmark } from '../../domain/portfolio/contributions.js';
import { DEFAULT_PORTFOLIO_MODE, type PortfolioMode } from '../../domain/portfolio/portfolio-mode.js';
import type { OrderLimits } from '../../domain/portfolio/market-limits.js';
import { allocPortfolioSimBuffers, chargesFunding, columnLimitsOf, entrySignalCount, futuresAccount, lastCloses, toPortfolioSimSpec } from '../../domain/portfolio/simulate-portfolio.js';
import type { PriceColumns } from '../../domain/portfolio/simulate.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import { alignLevels, alignPrices, alignSignals, portfolioColumn, positionsIn, unionTimes, type ColumnSignals } from '../../domain/portfolio/union-index.js';
import type { IndicatorCache, Signals, StrategyRuntime } from '../../domain/strategies/strategy.js';
import { portfolioFillLoop } from '../../kernels/sim/portfolio-loop.js';
import type { ColumnLimits, PortfolioColumn, PortfolioSimBuffers, PortfolioSimSpec } from '../../kernels/sim/portfolio-spec.js';
import { SIM_OK } from '../../kernels/sim/sim-spec.js';
import { runPortfolioBacktest } from '../run-portfolio-backtest.js';
import { strategySignals } from '../strategy-signals.js';
import type { CallWatch } from '../strategy-call-watch.js';
import { fastPathFor, type FastPath, type StopInputs } from './fast-path.js';

export interface PortfolioEvaluatorSetup<P extends object> {
  /** Per symbol: its bars, its indicator cache and its exchange limits (ccxt markets; the config's values win). */
  readonly legs: readonly { readonly frame: OhlcvFrame; readonly cache: IndicatorCache; readonly limits?: OrderLimits }[];
  readonly def: StrategyRuntime<P>;
  readonly space: ParamSpace<P>;
  readonly portfolio: PortfolioSpec;
  readonly mode?: PortfolioMode;
  /** Use the strategy's fast path when it has one (default true; false forces the generic path). */
  readonly fastPath?: boolean;
}

/** One group's signals: per symbol as the strategy returned them (after warm-up) and on the union index. */
interface Group {
  readonly signals: readonly Signals[];
  readonly aligned: readonly ColumnSignals[];
  /** Entry-signal bars over all symbols: the trade rows a run of the group can need. */
  readonly entries: number;
}

export class PortfolioEvaluator<P extends object> {
  private readonly frames: readonly OhlcvFrame[];
  private readonly mode: PortfolioMode;
  private readonly fast: FastPath<P> | null;
  /** Warm-up bars per symbol (signals and stops are cut after them). */
  private readonly warm: readonly number[];
  /** The union time index and each symbol's bar index on it. */
  private readonly time: Float64Array;
  private readonly positions: readonly Int32Array[];
  /** Each symbol's traded prices on the union index. */
  private readonly prices: readonly PriceColumns[];
  /** Each symbol's funding rates on the union index when the run charges funding (else null). */
  private readonly fundingRates: readonly (Float64Array | null)[];
  /** Whether the account records funding and margin (swap with a leverage, configured or ranged, or funding data). */
  private readonly futures: boolean;
  /** The kernel's per-column limits without and with isolated margin (built on first use; undefined: no leg has limits). */
  private readonly limitsByMargin: (ColumnLimits[] | undefined | null)[] = [null, null];
  private readonly entryOrder: Int32Array;
  private readonly benchmark: Float64Array;
  private readonly barsPerYear: number;
  private readonly scratch: MetricsScratch;
  private readonly row = new Float64Array(METRIC_COUNT);
  private readonly columns: PortfolioColumn[] = [];
  /** Fill-loop buffers, grown when a group has more entry signals than they hold. */
  private buffers: PortfolioSimBuffers | null = null;
  private metricsInput: MetricsInput | null = null;

  constructor(private readonly setup: PortfolioEvaluatorSetup<P>) {
    this.frames = setup.legs.map((l) => l.frame);
    this.mode = setup.mode ?? DEFAULT_PORTFOLIO_MODE;
    this.fast = setup.fastPath === false ? null : fastPathFor(setup.def);
    this.warm = this.frames.map(warmupOf);
    // The same steps as runPortfolioBacktest → simulatePortfolio, once.
    const traded = this.frames.map(tradingFrame);
    const time = this.time = unionTimes(traded.map((f) => f.time));
    const n = time.length;
    this.positions = traded.map((f) => positionsIn(time, f.time));
    this.prices = traded.map((f, c) => alignPrices(f, this.positions[c], n));
    const fundingOn = chargesFunding(setup.portfolio);
    this.fundingRates = this.prices.map((p) => (fundingOn ? p.funding ?? null : null));
    // Funding and margin buffers are recorded only, never read by the metrics: one shape for every leverage.
    const ranged = setup.portfolio.market === 'swap' && setup.space.keys.includes(LEVERAGE_KEY);
    this.futures = ranged || futuresAccount(setup.portfolio, this.fundingRates.some((f) => f !== null));
    this.entryOrder = Int32Array.from(traded, (_, c) => c);
    const lastClose = this.prices.map((p) => lastCloses(p.close));
    this.benchmark = equalWeightBenchmark({ symbols: traded.map((f) => f.symbol), time, positions: this.positions, lastClose },
      traded.map((f) => f.open), setup.portfolio.initCash);
    this.barsPerYear = barsPerYear(traded[0].timeframe, setup.portfolio.daysPerYear);
    this.scratch = createMetricsScratch(n);
  }

  /** Evaluates positions [start, end) of `order` (grid indices) into `rows` (row i at `i * METRIC_COUNT`). */
  evaluate(order: ArrayLike<number>, start: number, end: number, rows: Float64Array, watch: CallWatch | null = null): void {
    const { space } = this.setup;
    if (this.mode.allocation) {
      // Target weights have no fill-loop fast path here (and are refused for optimization by the CLI).
      for (let i = start; i < end; i++) this.evaluateAllocation(paramsAt(space, order[i]), order[i], rows, i, watch);
      return;
    }
    const fast = this.fast;
    if (fast === null) {
      for (let i = start; i < end; i++) {
        const { params: p, leverage } = splitLeverage(paramsAt(space, order[i]));
        this.simulateInto(this.group(p, order[i], watch), null, rows, i, leverage);
      }
      return;
    }
    // A ranged leverage is the account's, never the strategy's: signals are shared across leverages.
    const items: { i: number; p: P; key: string; leverage: number | undefined }[] = [];
    for (let i = start; i < end; i++) {
      const { params: p, leverage } = splitLeverage(paramsAt(space, order[i]));
      items.push({ i, p, key: fast.signalKey(p), leverage });
    }
    // Group by signal key (ties in position order); the order of evaluation does not change any row.
    items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
    let group: Group | null = null;
    for (let k = 0; k < items.length; k++) {
      const it = items[k];
      if (k === 0 || it.key !== items[k - 1].key) group = this.group(it.p, order[it.i], watch);
      this.simulateInto(group!, it.p, rows, it.i, it.leverage);
    }
  }

  /** Every symbol's signals for `p`, exactly as `runPortfolioBacktest` computes them. */
  private group(p: P, index: number, watch: CallWatch | null): Group {
    const { legs, def, portfolio } = this.setup;
    const n = this.time.length;
    const signals = legs.map((l) => strategySignals(l.frame, def, p, portfolio.market, l.cache, { watch, position: index }).signals);
    return { signals, aligned: signals.map((s, c) => alignSignals(s, this.positions[c], n)), entries: entrySignalCount(signals) };
  }

  /**
   * One account over the group's signals (with `p`'s stops on the fast path) at `leverage` (the
   * configured one when undefined), its metrics row into `rows`.
   */
  private simulateInto(g: Group, p: P | null, rows: Float64Array, i: number, leverage: number | undefined): void {
    const { legs } = this.setup;
    const portfolio = leverage === undefined ? this.setup.portfolio : { ...this.setup.portfolio, leverage };
    const n = this.time.length;
    const m = legs.length;
    let first: Pick<Signals, 'slFraction' | 'tpFraction' | 'entryOrder' | 'entryLevel'> = g.signals[0];
    for (let c = 0; c < m; c++) {
      let sig = g.aligned[c];
      if (p !== null) {
        // The fast path's stops over the whole frame, cut after the warm-up and laid onto the union index.
        const st: StopInputs = this.fast!.stops(p, legs[c].cache);
        const w = this.warm[c];
        const pos = this.positions[c];
        const cut = (a: Float64Array | null) => alignLevels(a !== null && w > 0 ? a.subarray(w) : a, pos, n);
        sig = { ...sig, slDistance: cut(st.slDistance), tpDistance: cut(st.tpDistance) };
        if (c === 0) first = { ...g.signals[0], ...st };
      }
      this.columns[c] = portfolioColumn(this.prices[c], sig, this.fundingRates[c]);
    }
    const ps = this.withLimits(toPortfolioSimSpec(portfolio, this.mode, first as Signals, m));
    const out = this.buffersFor(g.entries);
    const r = portfolioFillLoop({ columns: this.columns, entryOrder: this.entryOrder }, ps, out);
    if (r.status !== SIM_OK) {
      throw new StrategyError('STRATEGY_FAILED', `Signals or prices of a portfolio symbol do not have one value per bar.`, {
        hint: 'Return signal and stop-distance arrays with the same length as the data.',
      });
    }
    computeMetricsInto(this.metricsInput!, this.row, this.scratch);
    rows.set(this.row, i * METRIC_COUNT);
  }

  /** `ps` with each symbol's limits on its column: what `withColumnLimits` gives, built once per margin setting. */
  private withLimits(ps: PortfolioSimSpec): PortfolioSimSpec {
    const k = ps.sim.leverage !== undefined ? 1 : 0;
    let cl = this.limitsByMargin[k];
    if (cl === null) cl = this.limitsByMargin[k] = columnLimitsOf(this.setup.portfolio, this.setup.legs, k === 1);
    return cl === undefined ? ps : { ...ps, columnLimits: cl };
  }

  private buffersFor(entries: number): PortfolioSimBuffers {
    const b = this.buffers;
    if (b !== null && b.trades.entryIndex.length >= entries) return b;
    const n = this.time.length;
    // Headroom so that a few larger groups do not reallocate each time.
    const out = this.buffers = allocPortfolioSimBuffers(n, this.setup.legs.length, Math.ceil(entries * 1.25), false, this.futures);
    this.metricsInput = metricsInput({
      equity: out.equity, time: this.time, benchmark: this.benchmark, trades: out.trades,
      initCash: this.setup.portfolio.initCash, barsPerYear: this.barsPerYear,
    });
    return out;
  }

  private evaluateAllocation(combination: P, index: number, rows: Float64Array, i: number, watch: CallWatch | null): void {
    const { def, mode, legs } = this.setup;
    const { params: p, leverage } = splitLeverage(combination);
    const portfolio = leverage === undefined ? this.setup.portfolio : { ...this.setup.portfolio, leverage };
    const signals = legs.map((l) => strategySignals(l.frame, def, p, portfolio.market, l.cache, { watch, position: index }).signals);
    const r = runPortfolioBacktest({ frames: this.frames, strategy: def, params: p, portfolio, mode, signals, metricsOnly: true, limits: legs.map((l) => l.limits) });
    rows.set(r.metrics.values.subarray(0, METRIC_COUNT), i * METRIC_COUNT);
  }
}
