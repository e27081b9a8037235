import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { warmupOf, withWarmup } from '../../domain/frame/warmup.js';
import { METRIC_COUNT } from '../../domain/metrics/catalog.js';
import type { MetricKey } from '../../domain/metrics/catalog.js';
import { paramsAt, splitLeverage } from '../../domain/params/param-space.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import type { Fold } from '../../domain/validate/folds.js';
import { selectCombination } from '../../domain/validate/select.js';
import type { EvaluationPool } from '../optimize/job.js';
import { optimizeSymbol, type SearchOnFrame, type SymbolOptimization } from '../optimize/optimize-symbol.js';
import { backtestWindow, frameRange, type WindowBacktest } from './window-backtest.js';

export interface WalkForwardSpec<P extends object> extends SearchOnFrame<P> {
  readonly metric: MetricKey;
  readonly folds: readonly Fold[];
  readonly select: 'best' | 'robust';
  readonly minTrades?: number;
}

export interface FoldResult {
  readonly fold: Fold;
  /** Grid index of the selected combination; null when none was eligible (the fold stays in cash). */
  readonly gridIndex: number | null;
  readonly params: Readonly<Record<string, unknown>> | null;
  /** The in-sample metrics row of the selection (NaN without one), and the selection score. */
  readonly isRow: Float64Array;
  readonly isScore: number;
  /** Cash at the start of the test window (the previous fold's final equity). */
  readonly initCash: number;
  /** The test-window backtest (null without a selection). */
  readonly oos: WindowBacktest | null;
  /** Equity at the end of the test window. */
  readonly finalEquity: number;
  /** Combinations evaluated in sample. */
  readonly tried: number;
}

/**
 * Bars [a, b) with up to the frame's warm-up count of earlier bars in front as warm-up history
 * (a train window warms up like a --start run does; without warm-up it is `frameRange`).
 */
function warmedRange(frame: OhlcvFrame, a: number, b: number): OhlcvFrame {
  const from = Math.max(0, a - warmupOf(frame));
  const r = frameRange(frame, from, b);
  return a > from ? withWarmup(r, a - from) : r;
}

/**
 * Walk-forward optimization: per fold, the optimizer runs every planned combination on the train
 * window (on the pool, like --optimize), the selection rule picks one, and it is backtested on
 * the test window with indicator warm-up from the fold's train start, and from the warm-up
 * history before it when the run loaded one (`backtestWindow`), starting
 * with the previous fold's final equity, so the test windows chain into one compounding curve.
 * The next fold's optimization overlaps this fold's selection and test run.
 */
export async function runWalkForward<P extends object>(spec: WalkForwardSpec<P>, pool: EvaluationPool,
  hooks: {
    readonly signal?: AbortSignal; readonly onFold?: (done: number) => void;
    /** Readies the strategy for a synchronous run on `frame` (the CLI computes strategy files in a worker thread first). */
    readonly prepare?: (def: StrategyDefinition<P>, frame: OhlcvFrame, params: P) => Promise<StrategyDefinition<P>>;
  } = {}): Promise<FoldResult[]> {
  const out: FoldResult[] = [];
  let cash = spec.portfolio.initCash;
  // Fold k+1's optimization is already on the pool while fold k is selected and tested here, so
  // the threads never wait between folds; each fold's optimization alone decides its result.
  const optimize = (k: number): Promise<Settled<SymbolOptimization>> => settle(optimizeSymbol({
    jobId: `${spec.jobId}-f${k}`, frame: warmedRange(spec.frame, spec.folds[k].trainStart, spec.folds[k].trainEnd), def: spec.def, source: spec.source,
    space: spec.space, plan: spec.plan, portfolio: spec.portfolio, metric: spec.metric,
  }, pool, { signal: hooks.signal }));
  let next: Promise<Settled<SymbolOptimization>> | null = spec.folds.length > 0 ? optimize(0) : null;
  try {
    for (const [k, fold] of spec.folds.entries()) {
      const current = next!;
      next = k + 1 < spec.folds.length && !hooks.signal?.aborted ? optimize(k + 1) : null;
      const opt = unwrap(await current);
      const sel = selectCombination({ space: spec.space, order: opt.order, rows: opt.rows, metric: spec.metric, minTrades: spec.minTrades }, spec.select);
      const isRow = new Float64Array(METRIC_COUNT).fill(NaN);
      if (sel === null) {
        out.push({ fold, gridIndex: null, params: null, isRow, isScore: NaN, initCash: cash, oos: null, finalEquity: cash, tried: opt.completed });
      } else {
        isRow.set(opt.rows.subarray(sel.position * METRIC_COUNT, (sel.position + 1) * METRIC_COUNT));
        const g = opt.order[sel.position];
        const params = paramsAt(spec.space, g);
        const { params: strategyParams, leverage } = splitLeverage(params);
        // The test window's indicators warm up from the fold's train start, and before it by the strategy's warm-up.
        const warmStart = Math.max(0, fold.trainStart - warmupOf(spec.frame));
        const def = hooks.prepare ? await hooks.prepare(spec.def, frameRange(spec.frame, warmStart, fold.testEnd), strategyParams) : spec.def;
        const oos = backtestWindow({
          frame: spec.frame, def, params: strategyParams, portfolio: { ...spec.portfolio, initCash: cash, ...(leverage !== undefined && { leverage }) },
          warmStart, start: fold.testStart, end: fold.testEnd,
        });
        const finalEquity = oos.sim.equity[oos.sim.equity.length - 1];
        out.push({ fold, gridIndex: g, params: params as Record<string, unknown>, isRow, isScore: sel.score, initCash: cash, oos, finalEquity, tried: opt.completed });
        cash = finalEquity;
      }
      hooks.onFold?.(k + 1);
      if (hooks.signal?.aborted) break;
    }
  } finally {
    // A fold still optimizing (after an interrupt or a failure) finishes before the pool may close.
    await next;
  }
  return out;
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** A promise that never rejects (a fold optimized ahead may fail before it is awaited). */
function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

function unwrap<T>(s: Settled<T>): T {
  if (!s.ok) throw s.error;
  return s.value;
}
