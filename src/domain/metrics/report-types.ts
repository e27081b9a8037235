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

/**
 * Anything that carries metrics: a `MetricsReport`, a backtest result (`{ metrics: report }`), an
 * optimizer row (`{ metrics: Float64Array }`, e.g. the best combination), or labelled stats
 * (`result.stats`, keyed by name).
 */
export type MetricsSource =
  | Pick<MetricsReport, 'values' | 'stats'>
  | { readonly metrics: Pick<MetricsReport, 'values' | 'stats'> | Float64Array }
  | Readonly<Partial<Record<string, { readonly value: number }>>>;

/** The value of a catalog metric or a statistic in any `MetricsSource` (NaN when undefined or not computed). */
export function metricValue(source: MetricsSource, key: MetricKey | StatKey): number {
  const isCore = Object.prototype.hasOwnProperty.call(METRIC_INDEX, key);
  let report: Pick<MetricsReport, 'values' | 'stats'> | null = null;
  if ('values' in source && source.values instanceof Float64Array) report = source as Pick<MetricsReport, 'values' | 'stats'>;
  else if ('metrics' in source && source.metrics !== undefined && !('value' in (source.metrics as object))) {
    const m = (source as { metrics: Pick<MetricsReport, 'values' | 'stats'> | Float64Array }).metrics;
    report = m instanceof Float64Array ? { values: m } : m;
  }
  if (report === null) {
    const entry = (source as Readonly<Partial<Record<string, { readonly value: number }>>>)[key];
    return entry ? entry.value : NaN;
  }
  if (isCore) return report.values[METRIC_INDEX[key as MetricKey]];
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
