/**
 * The one-pass kernels the metrics use give the same bits as the separate passes they replace
 * (property tests over curves with NaN, infinities, zeros, negative values and ties).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { squaredSums } from './moments.js';
import { lowerTailMean, lowerTailMeanAndSquaredSums } from './percentile.js';
import { barReturnsSum, checkedReturnsSum, EQ_FINITE, EQ_POSITIVE } from './returns.js';
import {
  calendarRangesPeakSum, higherMomentSums, momentAndRegressionSums, regressionAboutMeans,
  CAL_LENGTH, CAL_PEAK, CAL_SUM, HM_LENGTH, RG_LENGTH,
} from './series-stats.js';

const same = (a: number, b: number) => Object.is(a, b);

/**
 * Best/worst day and month returns the plain way: collect each UTC day's and month's last equity,
 * then compound each close over the previous one (the first over `base`).
 */
function plainCalendarRanges(eq: readonly number[], time: readonly number[], base: number, monthOf: (day: number) => number): number[] {
  if (eq.length === 0) return [NaN, NaN, NaN, NaN];
  const dayCloses: number[] = [];
  const monthCloses: number[] = [];
  const dayOf = (t: number) => Math.floor(time[t] / 86_400_000);
  for (let t = 0; t < eq.length; t++) {
    const end = t === eq.length - 1;
    if (end || dayOf(t + 1) !== dayOf(t)) dayCloses.push(eq[t]);
    if (end || monthOf(dayOf(t + 1)) !== monthOf(dayOf(t))) monthCloses.push(eq[t]);
  }
  const range = (closes: number[]) => {
    let best = -Infinity;
    let worst = Infinity;
    let prev = base;
    for (const e of closes) {
      const r = e / prev - 1;
      if (r > best) best = r;
      if (r < worst) worst = r;
      prev = e;
    }
    return [best, worst];
  };
  return [...range(dayCloses), ...range(monthCloses)];
}
const value = fc.oneof(
  { weight: 10, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }) },
  fc.constantFrom(0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity),
);
const series = fc.array(value, { minLength: 0, maxLength: 60 });

describe('fused metric passes equal the separate passes', () => {
  it('checkedReturnsSum = barReturnsSum + the finite / positive checks', () => {
    fc.assert(fc.property(series, value, (xs, base) => {
      const a = new Float64Array(xs.length);
      const b = new Float64Array(xs.length);
      const flags = new Uint8Array(1);
      const got = checkedReturnsSum(xs, base, a, flags);
      expect(same(got, barReturnsSum(xs, base, b))).toBe(true);
      expect(a.every((v, i) => same(v, b[i]))).toBe(true);
      const finite = xs.every((x) => Number.isFinite(x));
      const positive = xs.every((x) => !Number.isFinite(x) || x > 0);
      expect((flags[0] & EQ_FINITE) !== 0).toBe(finite);
      expect((flags[0] & EQ_POSITIVE) !== 0).toBe(positive);
    }), { numRuns: 2000 });
  });

  it('lowerTailMeanAndSquaredSums = lowerTailMean + squaredSums', () => {
    fc.assert(fc.property(series, fc.nat(70), value, value, (xs, k, xk, mu) => {
      const sums = new Float64Array(2);
      const got = lowerTailMeanAndSquaredSums(xs, k, xk, mu, sums);
      const want = squaredSums(xs, mu, new Float64Array(2));
      expect(same(got, lowerTailMean(xs, k, xk))).toBe(true);
      expect(same(sums[0], want[0]) && same(sums[1], want[1])).toBe(true);
    }), { numRuns: 2000 });
  });

  it('momentAndRegressionSums = higherMomentSums + regressionAboutMeans', () => {
    const pairs = fc.array(fc.tuple(value, value), { maxLength: 60 });
    fc.assert(fc.property(pairs, value, value, (ps, mr, mb) => {
      const r = ps.map((p) => p[0]);
      const b = ps.map((p) => p[1]);
      const hm = new Float64Array(HM_LENGTH);
      const g = new Float64Array(RG_LENGTH);
      momentAndRegressionSums(r, b, r.length, mr, mb, hm, g);
      const hm2 = higherMomentSums(r, mr, new Float64Array(HM_LENGTH), 0, r.length);
      const g2 = regressionAboutMeans(r, b, r.length, mr, mb, new Float64Array(RG_LENGTH));
      expect(hm.every((v, i) => same(v, hm2[i]))).toBe(true);
      expect(g.every((v, i) => same(v, g2[i]))).toBe(true);
    }), { numRuns: 2000 });
  });
  it('calendarRangesPeakSum = plain per-day and per-month closes + the peak loop + the equity sum loop', () => {
    // Increasing bar times with gaps of minutes to weeks (several per day, day and month changes).
    const bars = fc.array(fc.tuple(value, fc.integer({ min: 1, max: 40 * 24 * 60 })), { maxLength: 80 });
    const monthOf = (day: number) => { const d = new Date(day * 86_400_000); return d.getUTCFullYear() * 12 + d.getUTCMonth(); };
    fc.assert(fc.property(bars, value, fc.integer({ min: 0, max: 20_000 }), (bs, base, startDay) => {
      const eq = bs.map((b) => b[0]);
      const time: number[] = [];
      let t = startDay * 86_400_000;
      for (const b of bs) { time.push(t); t += b[1] * 60_000; }
      const got = calendarRangesPeakSum(eq, time, base, monthOf, new Float64Array(CAL_LENGTH));
      const want = plainCalendarRanges(eq, time, base, monthOf);
      for (let k = 0; k < 4; k++) expect(same(got[k], want[k])).toBe(true);
      let peak = -Infinity;
      let sum = 0;
      for (const e of eq) { if (e > peak) peak = e; sum += e; }
      expect(same(got[CAL_PEAK], eq.length > 0 ? peak : NaN)).toBe(true);
      expect(same(got[CAL_SUM], sum)).toBe(true);
    }), { numRuns: 2000 });
  });
});
