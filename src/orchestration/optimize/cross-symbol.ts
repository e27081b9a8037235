import { METRIC_COUNT, METRIC_INDEX, metricInfo, type MetricKey } from '../../domain/metrics/catalog.js';
import { rankResults } from '../../domain/params/ranking.js';
import type { SymbolOptimization } from './optimize-symbol.js';

/** Combinations ranked across symbols by the mean and by the worst case of the target metric (or objective). */
export interface CrossSymbolRanking {
  readonly metric: MetricKey;
  /** What the values are: the metric's key, or `objective` when an objective ranked the run. */
  readonly label: string;
  readonly symbols: readonly string[];
  /** Positions evaluated on every symbol, in position order. */
  readonly positions: Int32Array;
  /** Target value per position (index into `positions`) and symbol: `values[k * symbols + s]`. */
  readonly values: Float64Array;
  /** Mean over the symbols (NaN when any symbol's value is undefined). */
  readonly mean: Float64Array;
  /** Worst value over the symbols in the metric's direction (min when higher is better); NaN when any is undefined. */
  readonly worst: Float64Array;
  /** Indices into `positions`, best mean first (ties by grid index, NaN last). */
  readonly byMean: Int32Array;
  /** Indices into `positions`, best worst case first. */
  readonly byWorst: Int32Array;
}

/**
 * Ranks the combinations across symbols (every symbol ran the same plan, so position i is the
 * same combination everywhere). A combination counts only where every symbol evaluated it; with
 * `minTrades`, one that closed fewer trades than that on any symbol ranks after all others.
 */
export function rankAcrossSymbols(results: readonly SymbolOptimization[], metric: MetricKey, objectiveDirection?: 'higher' | 'lower', minTrades = 0): CrossSymbolRanking {
  const m = METRIC_INDEX[metric];
  // With an objective, every result carries its score by position and the ranking follows it.
  const dir = objectiveDirection ?? metricInfo(metric).direction;
  const target = (r: SymbolOptimization, p: number) => (objectiveDirection && r.objective ? r.objective[p] : r.rows[p * METRIC_COUNT + m]);
  const ns = results.length;
  const n = results[0]?.done.length ?? 0;
  const pos: number[] = [];
  for (let i = 0; i < n; i++) if (results.every((r) => r.done[i] === 1)) pos.push(i);
  const values = new Float64Array(pos.length * ns);
  const mean = new Float64Array(pos.length);
  const worst = new Float64Array(pos.length);
  pos.forEach((p, k) => {
    let sum = 0;
    let w = NaN;
    let undef = false;
    results.forEach((r, s) => {
      const v = target(r, p);
      values[k * ns + s] = v;
      if (v !== v) undef = true;
      sum += v;
      if (s === 0 || (dir === 'higher' ? v < w : v > w)) w = v;
    });
    mean[k] = undef ? NaN : sum / ns;
    worst[k] = undef ? NaN : w;
  });
  const grid = (k: number) => results[0].order[pos[k]];
  const tt = METRIC_INDEX.total_trades;
  const demoted = minTrades > 0 ? (k: number) => results.some((r) => !(r.rows[pos[k] * METRIC_COUNT + tt] >= minTrades)) : undefined;
  return {
    metric, label: objectiveDirection ? 'objective' : metric, symbols: results.map((r) => r.symbol), positions: Int32Array.from(pos), values, mean, worst,
    byMean: rankResults(pos.length, (k) => mean[k], grid, dir, demoted),
    byWorst: rankResults(pos.length, (k) => worst[k], grid, dir, demoted),
  };
}
