import { METRIC_COUNT, METRIC_INDEX } from './catalog.js';
import { benchmarkReturn } from './benchmark.js';
import { writeEquityMetrics } from './equity-metrics.js';
import { ensureMetricsScratch, type MetricsInput, type MetricsScratch } from './metrics-input.js';
import * as R from './reasons.js';
import { writeTradeMetrics } from './trade-metrics.js';

const BENCHMARK = METRIC_INDEX.benchmark_return;

/**
 * Computes every catalog metric (DESIGN.md §5, docs/metrics.md) of one run and writes it into
 * `out[METRIC_INDEX[key]]` (`out.length >= METRIC_COUNT`); NaN marks an undefined metric, and
 * `scratch.reasons` then holds its reason code (reasons.ts). Allocates nothing once `scratch`
 * has room for the run (an optimizer calls this once per parameter set with one scratch).
 */
export function computeMetricsInto(input: MetricsInput, out: Float64Array, scratch: MetricsScratch): void {
  const n = input.equity.length;
  ensureMetricsScratch(scratch, n);
  writeEquityMetrics(input, out, scratch);
  writeTradeMetrics(input.trades, input.time, n, out, scratch.reasons);
  const b = benchmarkReturn(input.benchmark, n);
  out[BENCHMARK] = b;
  scratch.reasons[BENCHMARK] = b === b ? R.REASON_NONE : n === 0 ? R.REASON_NO_BARS : R.REASON_BENCHMARK_PRICES;
  // Invariant: every NaN has a reason (a NaN from a non-finite input that no rule names).
  for (let i = 0; i < METRIC_COUNT; i++) {
    if (out[i] !== out[i] && scratch.reasons[i] === R.REASON_NONE) scratch.reasons[i] = R.REASON_UNKNOWN;
  }
}
