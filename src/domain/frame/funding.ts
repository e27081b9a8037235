/**
 * Funding-rate history and its alignment onto bars (docs/futures.md "Funding"). A funding time
 * inside a bar's interval [open time, open time + timeframe) is charged at that bar's open, on the
 * position carried into the bar, with the open as mark price; several funding times in one bar
 * (timeframes coarser than the funding interval) are summed into one charge.
 */
import { TIMEFRAME_MS } from './timeframe.js';
import type { OhlcvFrame } from './frame.js';

/** Funding times (UTC epoch ms, strictly increasing) and their rates (0.0001 = 0.01 % per interval). */
export interface FundingSeries {
  readonly time: Float64Array;
  readonly rate: Float64Array;
}

/**
 * The per-bar funding rate: the sum of the rates whose times fall in each bar's interval (0 for a
 * bar with none). Funding times in a gap between bars, or outside the bars, are not charged.
 */
export function alignFunding(barTime: Float64Array, timeframeMs: number, series: FundingSeries): Float64Array {
  const n = barTime.length;
  const out = new Float64Array(n);
  const ft = series.time;
  const m = ft.length;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const a = barTime[i];
    const b = a + timeframeMs;
    while (j < m && ft[j] < a) j++;
    while (j < m && ft[j] < b) {
      const r = series.rate[j++];
      if (r === r) out[i] += r;
    }
  }
  return out;
}

/** The frame with its per-bar funding column (`frame.funding`). */
export function withFunding(frame: OhlcvFrame, series: FundingSeries): OhlcvFrame {
  return { ...frame, funding: alignFunding(frame.time, TIMEFRAME_MS[frame.timeframe], series) };
}

/** Funding times in the bars' span [first bar, last bar + timeframe) (for messages). */
export function fundingCount(frame: OhlcvFrame, series: FundingSeries): number {
  if (frame.length === 0) return 0;
  const a = frame.time[0];
  const b = frame.time[frame.length - 1] + TIMEFRAME_MS[frame.timeframe];
  let k = 0;
  for (let j = 0; j < series.time.length; j++) if (series.time[j] >= a && series.time[j] < b) k++;
  return k;
}
