import { METRICS, type MetricInfo, type MetricKey } from './catalog.js';
import type { MetricsReport } from './report-types.js';
import { STATISTICS, type StatKey } from './stats-catalog.js';

/** One metric with its name's meaning: the value (NaN when undefined) and, when undefined, why. */
export interface LabelledStat {
  readonly value: number;
  readonly unit: MetricInfo['unit'];
  readonly description: string;
  /** Why the value is undefined (present only when `value` is NaN). */
  readonly reason?: string;
}

/** Every metric of a run keyed by name: the catalog, then the full statistics set when computed. */
export type LabelledStats = Readonly<Partial<Record<MetricKey | StatKey, LabelledStat>>> & Readonly<Record<MetricKey, LabelledStat>>;

const NO_REASON = 'undefined (no reason recorded: an optimizer row keeps values only; see the best backtest)';

/**
 * `report` as an object keyed by metric name, in catalog order (then the statistics, when the
 * report has them): `stats.sharpe_ratio.value`, `stats.sortino_ratio.reason`.
 */
export function labelStats(report: Pick<MetricsReport, 'values' | 'reasons'> & { readonly stats?: Float64Array }): LabelledStats {
  const out: Record<string, LabelledStat> = {};
  const add = (m: MetricInfo, value: number) => {
    const reason = value === value ? undefined : (report.reasons as Record<string, string | undefined>)[m.key] ?? NO_REASON;
    out[m.key] = reason === undefined ? { value, unit: m.unit, description: m.description } : { value, unit: m.unit, description: m.description, reason };
  };
  METRICS.forEach((m, i) => add(m, report.values[i]));
  const stats = report.stats;
  if (stats) STATISTICS.forEach((m, i) => add(m, stats[i]));
  return out as LabelledStats;
}
