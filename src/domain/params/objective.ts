import type { MetricKey } from '../metrics/catalog.js';
import type { ParamValue } from './param-space.js';

/**
 * A user's optimization objective (`--objective FILE`, docs/optimization.md): a score computed
 * from each combination's metrics row, ranked in `direction` instead of the `--metric` target.
 */
export interface Objective {
  /** How outputs name it (the file's name). */
  readonly name: string;
  readonly direction: 'higher' | 'lower';
  /**
   * The score of one combination from its metrics (every catalog metric, as in
   * optimization_results.csv; NaN where undefined) and its parameter values. NaN or ±Infinity
   * are allowed (NaN ranks last, like an undefined metric).
   */
  readonly score: (stats: Readonly<Record<MetricKey, number>>, params: Readonly<Record<string, ParamValue>>) => number;
}
