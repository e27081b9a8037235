import { METRIC_COUNT, METRICS, type MetricKey } from './catalog.js';
import { computeMetricsInto } from './compute-metrics-into.js';
import { computeStatisticsInto } from './compute-statistics.js';
import { createMetricsScratch, ensureMetricsScratch, type MetricsInput, type MetricsScratch } from './metrics-input.js';
import { REASON_NONE, REASON_TEXT } from './reasons.js';
import type { MetricsReport } from './report-types.js';
import { STAT_COUNT, STATISTICS, type StatKey } from './stats-catalog.js';

/**
 * Computes every catalog metric and the full statistics set of one run as a `MetricsReport`: the
 * values (NaN = undefined) and, for each undefined one, the reason in words. Convenience over
 * `computeMetricsInto` + `computeStatisticsInto`; pass a `scratch` to reuse buffers.
 */
export function computeMetrics(input: MetricsInput, scratch?: MetricsScratch): MetricsReport {
  const s = scratch ?? sharedScratch(input.equity.length);
  const { values, reasons } = catalogMetrics(input, s);
  const stats = new Float64Array(STAT_COUNT);
  const codes = new Uint8Array(STAT_COUNT);
  computeStatisticsInto(input, values, s, stats, codes);
  for (let i = 0; i < STAT_COUNT; i++) {
    if (stats[i] === stats[i]) continue;
    reasons[STATISTICS[i].key] = REASON_TEXT[codes[i] === REASON_NONE ? REASON_TEXT.length - 1 : codes[i]];
  }
  return { values, stats, reasons };
}

/**
 * The catalog metrics alone (no statistics set) as a `MetricsReport`: `computeMetrics`' first half,
 * for curves only the catalog is shown of (the overview's buy-and-hold column).
 */
export function computeCatalogMetrics(input: MetricsInput, scratch?: MetricsScratch): MetricsReport {
  return catalogMetrics(input, scratch ?? sharedScratch(input.equity.length));
}

function catalogMetrics(input: MetricsInput, s: MetricsScratch): { values: Float64Array; reasons: Partial<Record<MetricKey | StatKey, string>> } {
  const values = new Float64Array(METRIC_COUNT);
  computeMetricsInto(input, values, s);
  return { values, reasons: metricReasons(values, s.reasons) };
}

/** Reason texts of the NaN entries of a metrics row, from the codes `computeMetricsInto` wrote. */
export function metricReasons(values: Float64Array, codes: Uint8Array): Partial<Record<MetricKey, string>> {
  const reasons: Partial<Record<MetricKey, string>> = {};
  for (let i = 0; i < METRIC_COUNT; i++) {
    if (values[i] === values[i]) continue;
    const code = codes[i] === REASON_NONE ? REASON_TEXT.length - 1 : codes[i];
    reasons[METRICS[i].key] = REASON_TEXT[code];
  }
  return reasons;
}

/**
 * The scratch of calls without one: bar-long typed arrays that nothing returned refers to,
 * reused by back-to-back runs (a library loop, a walk-forward) instead of allocated and zeroed
 * per call. Held weakly, so an idle process gives the memory back at the next collection.
 */
let shared: WeakRef<MetricsScratch> | null = null;

function sharedScratch(bars: number): MetricsScratch {
  let s = shared?.deref();
  if (s === undefined) {
    s = createMetricsScratch(bars);
    shared = new WeakRef(s);
  } else ensureMetricsScratch(s, bars);
  return s;
}
