/**
 * What the three optimization pages read: the evaluated combinations of one symbol, and the
 * aggregations they draw (per-value distributions, per-pair heatmaps, best-so-far).
 */
import type { DataOrigin } from '../../../../domain/frame/frame.js';
import { METRIC_COUNT, METRIC_INDEX, metricInfo, type MetricKey } from '../../../../domain/metrics/catalog.js';
import { gridDigits, type ParamSpace, type ParamValue } from '../../../../domain/params/param-space.js';
import { isBetter } from '../../../../domain/params/ranking.js';
import type { SelectionBias } from '../../../../orchestration/optimize/selection-bias.js';

export interface OptimizationReportModel {
  readonly symbol: string;
  readonly timeframe: string;
  readonly strategyName: string;
  readonly origin: DataOrigin;
  readonly metric: MetricKey;
  readonly method: 'grid' | 'random';
  readonly space: ParamSpace<any>;
  /** Grid index by position (evaluation order). */
  readonly order: ArrayLike<number>;
  /** Metrics rows by position. */
  readonly rows: Float64Array;
  /** Evaluated positions, best first. */
  readonly ranking: ArrayLike<number>;
  readonly done: Uint8Array;
  readonly gridSize: number;
  readonly constraintSkips: number;
  /** Combinations planned (tried when not partial). */
  readonly planned: number;
  readonly partial: boolean;
  readonly selection: SelectionBias | null;
  /** `best_backtest/` exists next to the pages. */
  readonly hasBestBacktest: boolean;
}

/** The evaluated positions in evaluation order with their target value and each key's value index. */
export interface Evaluations {
  readonly positions: Int32Array;
  readonly target: Float64Array;
  /** `digits[k][e]`: index of key k's value for evaluation e. */
  readonly digits: Int32Array[];
}

/** Built once per model: the three pages share it (typed arrays: ~20 bytes per evaluation plus 4 per key). */
const evaluationsByModel = new WeakMap<OptimizationReportModel, Evaluations>();

export function evaluations(m: OptimizationReportModel): Evaluations {
  const known = evaluationsByModel.get(m);
  if (known) return known;
  let n = 0;
  for (let i = 0; i < m.done.length; i++) n += m.done[i];
  const mi = METRIC_INDEX[m.metric];
  const keys = m.space.keys.length;
  const positions = new Int32Array(n);
  const digits = Array.from({ length: keys }, () => new Int32Array(n));
  const d = new Int32Array(keys);
  const target = new Float64Array(n);
  for (let p = 0, e = 0; p < m.done.length; p++) {
    if (m.done[p] !== 1) continue;
    positions[e] = p;
    target[e] = m.rows[p * METRIC_COUNT + mi];
    gridDigits(m.space, m.order[p], d);
    for (let k = 0; k < keys; k++) digits[k][e] = d[k];
    e++;
  }
  const ev = { positions, target, digits };
  evaluationsByModel.set(m, ev);
  return ev;
}

/** numpy-style linear quantile of sorted finite values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

/** Five-number summary, mean and counts of the target for each value of key `k`. */
export interface ValueStats {
  readonly value: ParamValue;
  /** [min, q1, median, q3, max] of the finite values; NaN when none. */
  readonly box: [number, number, number, number, number];
  readonly mean: number;
  readonly best: number;
  readonly finite: number;
  /** Values left out: undefined (NaN) or infinite (e.g. a profit factor with no losing trade). */
  readonly excluded: number;
}

export function statsByValue(m: OptimizationReportModel, ev: Evaluations, k: number): ValueStats[] {
  const dir = metricInfo(m.metric).direction;
  const values = m.space.values[k];
  const dk = ev.digits[k];
  // The finite values grouped by value index in one typed array (a counting sort), then each group sorted.
  const start = new Int32Array(values.length + 1);
  const excluded = new Int32Array(values.length);
  for (let e = 0; e < ev.target.length; e++) {
    if (Number.isFinite(ev.target[e])) start[dk[e] + 1]++;
    else excluded[dk[e]]++;
  }
  for (let vi = 0; vi < values.length; vi++) start[vi + 1] += start[vi];
  const grouped = new Float64Array(start[values.length]);
  const fill = start.slice(0, values.length);
  for (let e = 0; e < ev.target.length; e++) {
    const v = ev.target[e];
    if (Number.isFinite(v)) grouped[fill[dk[e]]++] = v;
  }
  return values.map((value, vi) => {
    const xs = grouped.subarray(start[vi], start[vi + 1]);
    let best = NaN;
    for (let i = 0; i < xs.length; i++) if (isBetter(xs[i], best, dir)) best = xs[i];
    // Ascending numeric order, as sort((a, b) => a - b) gives for finite values (±0 order aside, which no sum or quantile below can see).
    xs.sort();
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[i];
    const mean = xs.length ? sum / xs.length : NaN;
    const box: [number, number, number, number, number] = [quantile(xs, 0), quantile(xs, 0.25), quantile(xs, 0.5), quantile(xs, 0.75), quantile(xs, 1)];
    return { value, box, mean, best, finite: xs.length, excluded: excluded[vi] };
  });
}

/** The target over a pair of keys (a = rows, b = columns), the other keys aggregated: best and mean of the finite values per cell. */
export interface PairGrid {
  readonly a: number;
  readonly b: number;
  readonly best: Float64Array;
  readonly mean: Float64Array;
  readonly count: Int32Array;
}

export function pairGrid(m: OptimizationReportModel, ev: Evaluations, a: number, b: number): PairGrid {
  const dir = metricInfo(m.metric).direction;
  const nb = m.space.values[b].length;
  const cells = m.space.values[a].length * nb;
  const best = new Float64Array(cells).fill(NaN);
  const sum = new Float64Array(cells);
  const count = new Int32Array(cells);
  for (let e = 0; e < ev.target.length; e++) {
    const v = ev.target[e];
    if (!Number.isFinite(v)) continue;
    const c = ev.digits[a][e] * nb + ev.digits[b][e];
    sum[c] += v;
    count[c]++;
    if (isBetter(v, best[c], dir)) best[c] = v;
  }
  const mean = Float64Array.from(sum, (s, c) => (count[c] > 0 ? s / count[c] : NaN));
  return { a, b, best, mean, count };
}

/** Best-so-far in evaluation order: the value after each evaluation (NaN until the first defined one). */
export function bestSoFar(target: ArrayLike<number>, direction: 'higher' | 'lower'): Float64Array {
  const out = new Float64Array(target.length);
  let best = NaN;
  for (let e = 0; e < target.length; e++) {
    if (isBetter(target[e], best, direction)) best = target[e];
    out[e] = best;
  }
  return out;
}

/** Label of a parameter value for axes and tables. */
export function valueLabel(v: ParamValue): string {
  return typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 'true' : 'false') : v;
}

/** The client's formatting unit for a metric (see the report runtime's `fmt`). */
export function clientUnit(metric: MetricKey): 'pct' | 'count' | 'num' {
  const u = metricInfo(metric).unit;
  return u === 'fraction' ? 'pct' : u === 'count' ? 'count' : 'num';
}
