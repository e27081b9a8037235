import { StrategyError } from '../../base/errors.js';
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { METRIC_COUNT } from '../../domain/metrics/catalog.js';
import { computeMetricsInto } from '../../domain/metrics/compute-metrics-into.js';
import { createMetricsScratch, metricsInput, type MetricsInput, type MetricsScratch } from '../../domain/metrics/metrics-input.js';
import { paramsAt, splitLeverage, type ParamSpace } from '../../domain/params/param-space.js';
import { toSimInputs, toSimSpec } from '../../domain/portfolio/simulate.js';
import { runAnnualization } from '../../domain/portfolio/annualization.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { BaseStrategy, IndicatorCache, Signals, StrategyRuntime } from '../../domain/strategies/strategy.js';
import { allocSimBuffers } from '../../kernels/sim/buffers.js';
import { fillLoop } from '../../kernels/sim/fill-loop.js';
import { SIM_OK, type SimBuffers, type SimInputs } from '../../kernels/sim/sim-spec.js';
import { tradingFrame, warmupOf } from '../../domain/frame/warmup.js';
import { signalsRange } from '../../domain/strategies/signals-range.js';
import { normalizeSignals } from '../normalize-signals.js';
import { fastPathFor, type FastPath, type StopInputs } from './fast-path.js';
import type { BlockSumsOutput } from './job.js';
import { blockReturnSums } from '../../kernels/stats/block-sums.js';
import { assertFrameUnchanged, isTrustedStrategy, privateFrame } from '../frame-guard.js';
import { PHASE_CREATE, PHASE_INIT, PHASE_SIGNALS, watchEnd, watchStart, type CallWatch } from '../strategy-call-watch.js';

export interface EvaluatorSetup<P extends object> {
  readonly frame: OhlcvFrame;
  readonly def: StrategyRuntime<P>;
  readonly space: ParamSpace<P>;
  readonly portfolio: PortfolioSpec;
  /** Shared by every combination of this symbol (seed it with precomputed indicators). */
  readonly cache: IndicatorCache;
  /** Use the strategy's fast path when it has one (default true; false forces the generic path). */
  readonly fastPath?: boolean;
  /** Benchmark closes aligned to the frame (`--benchmark SYMBOL`); the frame's closes by default. */
  readonly benchmark?: Float64Array;
  /** Simulate only, no metrics (the rows keep NaN): for the simulation benchmark. */
  readonly simOnly?: boolean;
  /** Also write per-block return sums of each position (CSCV). */
  readonly blocks?: BlockSumsOutput;
}

/**
 * Evaluates combinations of one symbol: strategy → signals → fill loop → metrics row, with one
 * set of simulation buffers and one metrics scratch reused for every combination (the fill loop
 * and the metrics kernel allocate nothing per combination). Only the metrics row is kept.
 *
 * Generic path (any strategy): per combination, a strategy instance on the shared indicator cache,
 * exactly the steps of `runBacktest`. Fast path (strategies with a `FastPath`): combinations are
 * grouped by signal key, one instance per group computes the signals, and each combination only
 * swaps in its stop inputs. Both give the same numbers as `runBacktest`, bit for bit.
 */
export class SymbolEvaluator<P extends object> {
  private readonly buffers: SimBuffers;
  private readonly scratch: MetricsScratch;
  private readonly metricsInput: MetricsInput;
  private readonly row = new Float64Array(METRIC_COUNT);
  private readonly fast: FastPath<P> | null;
  /** What the strategy sees: the frame, or a private copy for untrusted code (checked after each chunk). */
  private readonly strategyFrame: OhlcvFrame;
  private watch: CallWatch | null = null;
  /** Warm-up bars of the frame: signals are computed over them, only the bars after them are simulated. */
  private readonly warm: number;
  /** The bars simulated and measured (the frame after its warm-up). */
  private readonly traded: OhlcvFrame;

  constructor(private readonly setup: EvaluatorSetup<P>) {
    this.warm = warmupOf(setup.frame);
    const f = this.traded = tradingFrame(setup.frame);
    const n = f.length;
    this.buffers = allocSimBuffers(n, { cash: false, position: false, orders: false });
    this.scratch = createMetricsScratch(n);
    const bench = setup.benchmark !== undefined && this.warm > 0 && setup.benchmark.length === setup.frame.length
      ? setup.benchmark.subarray(this.warm) : setup.benchmark;
    this.metricsInput = metricsInput({
      equity: this.buffers.equity, time: f.time, benchmark: bench ?? f.close, trades: this.buffers.trades,
      initCash: setup.portfolio.initCash, barsPerYear: runAnnualization(f, setup.portfolio).periodsPerYear,
    });
    this.fast = setup.fastPath === false ? null : fastPathFor(setup.def);
    // The strategy sees every bar, warm-up included (a private copy for untrusted code).
    this.strategyFrame = isTrustedStrategy(setup.def) ? setup.frame : privateFrame(setup.frame);
  }

  /**
   * Evaluates positions [start, end) of `order` (grid indices) into `rows` (row i at `i * METRIC_COUNT`).
   * With `watch`, each strategy call publishes its start there (a watchdog thread enforces the timeout).
   */
  evaluate(order: ArrayLike<number>, start: number, end: number, rows: Float64Array, watch: CallWatch | null = null): void {
    this.watch = watch;
    this.evaluateRange(order, start, end, rows);
    if (this.strategyFrame !== this.setup.frame) assertFrameUnchanged(this.setup.frame, this.strategyFrame, this.setup.def.name);
  }

  private evaluateRange(order: ArrayLike<number>, start: number, end: number, rows: Float64Array): void {
    if (this.fast === null) {
      for (let i = start; i < end; i++) {
        const { params: p, leverage } = splitLeverage(paramsAt(this.setup.space, order[i]));
        this.simulateInto(this.signalsOf(p, order[i]), null, rows, i, leverage);
      }
      return;
    }
    const fast = this.fast;
    const items: { i: number; p: P; key: string; leverage: number | undefined }[] = [];
    for (let i = start; i < end; i++) {
      const { params: p, leverage } = splitLeverage(paramsAt(this.setup.space, order[i]));
      items.push({ i, p, key: fast.signalKey(p), leverage });
    }
    // Group by signal key (ties in position order); the order of evaluation does not change any row.
    items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
    let signals: Signals | null = null;
    for (let k = 0; k < items.length; k++) {
      const it = items[k];
      if (k === 0 || it.key !== items[k - 1].key) signals = this.signalsOf(it.p, order[it.i]);
      this.simulateInto(signals!, fast.stops(it.p, this.setup.cache), rows, it.i, it.leverage);
    }
  }

  /** Signals of one parameter set, exactly as `runBacktest` computes them. */
  private signalsOf(p: P, index: number): Signals {
    const { def, portfolio, cache } = this.setup;
    const frame = this.strategyFrame;
    const w = this.watch;
    try {
      watchStart(w, PHASE_CREATE, index);
      const strategy: BaseStrategy<P> = guard(def, p, () => new def.strategyClass(frame, p, { market: portfolio.market, cache }));
      watchStart(w, PHASE_INIT, index);
      guard(def, p, () => strategy.initIndicators());
      watchStart(w, PHASE_SIGNALS, index);
      const raw = guard(def, p, () => strategy.generateSignals());
      const all = normalizeSignals(raw, frame.length, portfolio.market, def.name);
      return this.warm > 0 ? signalsRange(all, this.warm, frame.length) : all;
    } finally {
      watchEnd(w);
    }
  }

  private simulateInto(signals: Signals, stops: StopInputs | null, rows: Float64Array, i: number, leverage: number | undefined): void {
    const s = stops === null ? signals : { ...signals, ...(this.warm > 0 ? cutStops(stops, this.warm) : stops) };
    // A ranged leverage (docs/futures.md) replaces the portfolio's for this combination.
    const portfolio = leverage === undefined ? this.setup.portfolio : { ...this.setup.portfolio, leverage };
    const inputs: SimInputs = toSimInputs(this.traded, s, portfolio);
    const c = fillLoop(inputs, toSimSpec(portfolio, s), this.buffers);
    const off = i * METRIC_COUNT;
    if (c.status !== SIM_OK) {
      throw new StrategyError('STRATEGY_FAILED', `Signals or prices do not have one value per bar (${this.traded.length} bars).`, {
        hint: 'Return signal and stop-distance arrays with the same length as the data.',
      });
    }
    const blocks = this.setup.blocks;
    if (blocks) blockReturnSums(this.buffers.equity, this.setup.portfolio.initCash, blocks.bounds, blocks.sums, i * (blocks.bounds.length - 1) * 2);
    if (this.setup.simOnly) {
      rows.fill(NaN, off, off + METRIC_COUNT);
      return;
    }
    computeMetricsInto(this.metricsInput, this.row, this.scratch);
    rows.set(this.row, off);
  }
}

/** A combination's stop inputs (computed over the whole frame) from the first traded bar on. */
function cutStops(s: StopInputs, w: number): StopInputs {
  return { ...s, slDistance: s.slDistance ? s.slDistance.subarray(w) : null, tpDistance: s.tpDistance ? s.tpDistance.subarray(w) : null };
}

function guard<T>(def: StrategyRuntime<any>, p: object, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StrategyError) throw e;
    throw new StrategyError('STRATEGY_FAILED', `Strategy ${def.name} threw with parameters ${JSON.stringify(p)}: ${(e as Error)?.message ?? String(e)}.`, {
      hint: 'Fix the strategy code, or leave the failing values out of optimization_ranges; run with --debug to see the stack trace.', cause: e,
    });
  }
}
