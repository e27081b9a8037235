/**
 * Synthetic funding rates of the sample market (docs/futures.md "Sample market"): one rate every
 * 8 hours (00:00, 08:00, 16:00 UTC), around +0.01 % with 30-day regimes (calm +0.01 %, euphoric
 * +0.03 %, fearful −0.01 %, quiet +0.005 %) and a small per-time jitter. Integer hashing of the
 * symbol's seed, the regime and the time only: a rate does not depend on the requested range.
 */
import type { FundingSeries } from '../../../domain/frame/funding.js';
import { mixSeed } from './prng.js';

export const SAMPLE_FUNDING_INTERVAL_MS = 8 * 3_600_000;
const REGIME_MS = 30 * 86_400_000;
const REGIME_RATES = [0.0001, 0.0003, -0.0001, 0.00005] as const;
const JITTER = 0.00005;

/** The rate at funding time `t` (a multiple of 8 h) for a symbol seed. */
export function sampleFundingRate(seed: number, t: number): number {
  const regime = REGIME_RATES[mixSeed(seed, 7, Math.floor(t / REGIME_MS)) % REGIME_RATES.length];
  const u = mixSeed(seed, 11, Math.floor(t / SAMPLE_FUNDING_INTERVAL_MS)) / 4294967296; // [0, 1)
  // Rounded to 1e-8, as exchanges publish them.
  return Math.round((regime + (2 * u - 1) * JITTER) * 1e8) / 1e8;
}

/** Every funding time in [start, end) with its rate. */
export function sampleFunding(seed: number, start: number, end: number): FundingSeries {
  const first = Math.ceil(start / SAMPLE_FUNDING_INTERVAL_MS) * SAMPLE_FUNDING_INTERVAL_MS;
  const n = Math.max(0, Math.ceil((end - first) / SAMPLE_FUNDING_INTERVAL_MS));
  const time = new Float64Array(n);
  const rate = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = first + i * SAMPLE_FUNDING_INTERVAL_MS;
    rate[i] = sampleFundingRate(seed, time[i]);
  }
  return { time, rate };
}
