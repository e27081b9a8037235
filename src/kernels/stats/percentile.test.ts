import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerTailPercentile, percentile, quickselect, tailMean } from './percentile.js';

/** numpy.percentile(a, p) with the default method='linear', by a full sort (the reference). */
function numpyPercentile(values: readonly number[], p: number): number {
  const a = [...values].sort((x, y) => x - y);
  const q = p / 100;
  const virtual = (a.length - 1) * q;
  const prev = Math.floor(virtual);
  const next = Math.min(prev + 1, a.length - 1);
  const g = virtual - prev;
  const diff = a[next] - a[prev];
  return g >= 0.5 ? a[next] - diff * (1 - g) : a[prev] + diff * g;
}

describe('percentile (numpy linear)', () => {
  it('matches hand-computed numpy values', () => {
    const s = new Float64Array(8);
    // virtual index (5-1)*0.05 = 0.2 → 1 + 0.2*(2-1) = 1.2
    expect(percentile([5, 3, 1, 4, 2], 5, s)).toBeCloseTo(1.2, 15);
    // median of [3,1,2] = 2; p=0 → min, p=100 → max
    expect(percentile([3, 1, 2], 50, s)).toBe(2);
    expect(percentile([3, 1, 2], 0, s)).toBe(1);
    expect(percentile([3, 1, 2], 100, s)).toBe(3);
    // n = 2: virtual 0.05 → 10 + 0.05*10 = 10.5
    expect(percentile([20, 10], 5, s)).toBeCloseTo(10.5, 13);
    // n = 1 → the value
    expect(percentile([-0.3], 5, s)).toBe(-0.3);
    // 20 values 1..20: virtual 19*0.05 = 0.95 → t >= 0.5: 2 - (2-1)*(1-0.95) = 1.95
    expect(percentile(Array.from({ length: 20 }, (_, i) => 20 - i), 5, new Float64Array(20))).toBeCloseTo(1.95, 14);
  });

  it('NaN for empty input, a NaN value, or p outside [0, 100]; src untouched', () => {
    const s = new Float64Array(4);
    expect(percentile([], 5, s)).toBeNaN();
    expect(percentile([1, NaN, 2], 5, s)).toBeNaN();
    expect(percentile([1, 2], -1, s)).toBeNaN();
    expect(percentile([1, 2], 101, s)).toBeNaN();
    const src = new Float64Array([4, 3, 2, 1]);
    percentile(src, 30, s);
    expect([...src]).toEqual([4, 3, 2, 1]);
  });

  it('equals the sort-based numpy reference on random data with ties, n = 1, 2, ...', () => {
    const value = fc.oneof(
      fc.integer({ min: -5, max: 5 }).map((i) => i / 100), // many ties
      fc.double({ min: -1, max: 1, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 300 }),
        fc.oneof(fc.constant(5), fc.constant(0), fc.constant(100), fc.double({ min: 0, max: 100, noNaN: true })),
        (xs, p) => {
          const got = percentile(xs, p, new Float64Array(xs.length));
          expect(Object.is(got, numpyPercentile(xs, p)) || got === numpyPercentile(xs, p)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('works on a slice and with a longer scratch buffer', () => {
    const xs = [9, 9, 1, 2, 3, 4, 5, 9];
    expect(percentile(xs, 25, new Float64Array(100), 2, 7)).toBe(numpyPercentile([1, 2, 3, 4, 5], 25));
  });
});

describe('quickselect', () => {
  it('places the k-th order statistic and partitions around it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        (xs, kk) => {
          const k = kk % xs.length;
          const buf = Float64Array.from(xs);
          const v = quickselect(buf, k);
          const sorted = [...xs].sort((a, b) => a - b);
          expect(v).toBe(sorted[k]);
          for (let i = 0; i < k; i++) expect(buf[i]).toBeLessThanOrEqual(v);
          for (let i = k + 1; i < buf.length; i++) expect(buf[i]).toBeGreaterThanOrEqual(v);
          expect([...buf].sort((a, b) => a - b)).toEqual(sorted); // a permutation
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('handles all-equal and sorted inputs', () => {
    const eq = new Float64Array(1000).fill(0);
    expect(quickselect(eq, 50)).toBe(0);
    const asc = Float64Array.from({ length: 1001 }, (_, i) => i);
    expect(quickselect(asc, 50)).toBe(50);
    const desc = Float64Array.from({ length: 1001 }, (_, i) => 1000 - i);
    expect(quickselect(desc, 999)).toBe(999);
  });
});

describe('tailMean', () => {
  it('means values at or below the threshold', () => {
    // <= -0.1: -0.3, -0.1, -0.1 → -0.5 / 3
    expect(tailMean([-0.3, -0.1, 0.2, -0.1, 0], -0.1)).toBeCloseTo(-0.5 / 3, 15);
    expect(tailMean([1, 2], 0)).toBeNaN();
  });
});

describe('lowerTailPercentile (bounded heap)', () => {
  it('equals the sort-based numpy percentile exactly, ties and tiny inputs included (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constantFrom(0, -0.01, 0.02)), { minLength: 1, maxLength: 400 }),
        fc.constantFrom(0, 1, 5, 10, 25, 50, 100),
        (values, p) => {
          const heap = new Float64Array(values.length);
          const got = lowerTailPercentile(values, p, heap);
          const want = numpyPercentile(values, p);
          // === so that -0 and 0 (equal order statistics from ties) count as the same value
          expect(got === want, `${got} vs ${want}`).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
  it('long series (the sampled-threshold path) equal numpy exactly: mostly-zero returns, ties, slices, negated; x_below left in buf[0]', () => {
    // 4,096+ values with a buffer as long as the series take the filtered path; many exact zeros
    // make the sampled threshold itself a tie (the common case for per-bar returns of a flat account).
    fc.assert(
      fc.property(
        fc.integer({ min: 4096, max: 9000 }),
        fc.double({ min: 0, max: 0.97, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(1, 5, 10, 20),
        fc.boolean(),
        fc.integer({ min: 0, max: 50 }),
        (n, zeros, seed, p, negate, cut) => {
          let x = seed;
          const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 4294967296);
          const src = new Float64Array(n);
          for (let i = 0; i < n; i++) src[i] = rand() < zeros ? 0 : Math.round((rand() - 0.5) * 2000) / 1e5;
          const start = cut;
          const end = n - cut;
          const slice = Array.from(src.subarray(start, end), (v) => (negate ? -v : v));
          const buf = new Float64Array(n);
          const got = lowerTailPercentile(src, p, buf, start, end, negate);
          expect(got === numpyPercentile(slice, p), `${got} vs ${numpyPercentile(slice, p)}`).toBe(true);
          const sorted = [...slice].sort((a, b) => a - b);
          expect(buf[0] === sorted[Math.floor((slice.length - 1) * p / 100)]).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    // Sorted input (a strided sample still finds the tail) and a NaN far from the sample points.
    const up = Float64Array.from({ length: 10_000 }, (_, i) => i);
    expect(lowerTailPercentile(up, 5, new Float64Array(10_000))).toBe(numpyPercentile([...up], 5));
    up[4999] = NaN;
    expect(lowerTailPercentile(up, 5, new Float64Array(10_000))).toBeNaN();
  });
  it('handles slices, NaN and bad p like percentile', () => {
    const h = new Float64Array(10);
    expect(lowerTailPercentile([9, 5, 3, 1, 4, 2, 9], 5, h, 1, 6)).toBeCloseTo(1.2, 15);
    expect(lowerTailPercentile([1, NaN, 2], 5, h)).toBeNaN();
    expect(lowerTailPercentile([1, 2], 101, h)).toBeNaN();
    expect(lowerTailPercentile([], 5, h)).toBeNaN();
  });
});
