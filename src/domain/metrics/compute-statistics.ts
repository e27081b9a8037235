import type { MetricsInput, MetricsScratch } from './metrics-input.js';
import { REASON_NONE, REASON_UNKNOWN } from './reasons.js';
import { writeReturnStatistics } from './return-statistics.js';
import { STAT_COUNT } from './stats-catalog.js';
import { writeTradeStatistics } from './trade-statistics.js';

/**
 * The full statistics set (`STATISTICS`, docs/metrics.md "Full statistics") of one run, after
 * `computeMetricsInto(input, core, scratch)` ran on the same input and scratch (it reuses that
 * call's per-bar returns). Writes `out[STAT_INDEX[key]]` and a reason code per
 * NaN into `codes`. Single runs only: the optimizer does not call it.
 */
export function computeStatisticsInto(
  input: MetricsInput, core: Float64Array, scratch: MetricsScratch, out: Float64Array, codes: Uint8Array,
): void {
  const equitySum = writeReturnStatistics(input, core, scratch.reasons, scratch, out, codes);
  writeTradeStatistics(input, equitySum, out, codes);
  for (let i = 0; i < STAT_COUNT; i++) {
    if (out[i] !== out[i] && codes[i] === REASON_NONE) codes[i] = REASON_UNKNOWN;
  }
}
