import { METRIC_INDEX, type MetricKey } from './catalog.js';
import { STAT_INDEX, type StatKey } from './stats-catalog.js';

/**
 * Computed metrics: one value per catalog entry (NaN = undefined) and, for each undefined value,
 * the reason (DESIGN.md §5: undefined is reported as undefined, never as 0).
 */
export interface MetricsReport {
  /** Indexed by `METRIC_INDEX`; length `METRIC_COUNT`. */
  readonly values: Float64Array;
  /** The full statistics set, indexed by `STAT_INDEX` (absent on optimizer rows). */
  readonly stats?: Float64Array;
  readonly reasons: Readonly<Partial<Record<MetricKey | StatKey, string>>>;
}

/** The value of a catalog metric or a statistic (NaN when undefined or not computed). */
export function metricValue(report: MetricsReport, key: MetricKey | StatKey): number {
  if (Object.prototype.hasOwnProperty.call(METRIC_INDEX, key)) return report.values[METRIC_INDEX[key as MetricKey]];
  return report.stats?.[STAT_INDEX[key as StatKey]] ?? NaN;
}

/** One row of `monthly_returns.csv`. Trades are counted in the month they closed. */
export interface MonthlyReturn {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  /** Equity return over the month (from the previous month's last equity, or initial cash). */
  readonly ret: number;
  readonly trades: number;
  /** NaN when no trade closed that month. */
  readonly winRate: number;
  /** Mean return of trades closed that month; NaN when none. */
  readonly avgReturn: number;
}
