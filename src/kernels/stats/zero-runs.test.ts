/**
 * The run-length sums give the same bits as the plain loops: `addRepeated` against `k` times
 * `x += c` (ties at half a unit in the last place, binade crossings, tiny, huge and non-finite
 * values), and the squared sums and tail mean against `lowerTailMeanAndSquaredSums`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerTailMeanAndSquaredSums } from './percentile.js';
import { addRepeated, lowerTailMeanAndSquaredSumsSparse } from './zero-runs.js';

const same = (a: number, b: number) => Object.is(a, b);

function loop(x: number, c: number, k: number): number {
  for (let i = 0; i < k; i++) x += c;
  return x;
}

/** The unit in the last place of a positive normal double. */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(x)) - 52) * (2 ** Math.floor(Math.log2(x)) > x ? 0.5 : 1);
}

const start = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }) },
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, 1, 2 ** 52, 2 ** 53 - 1, 4 - 2 ** -50, 2 ** -1000, 1e300, NaN, Infinity),
);
const step = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  fc.double({ min: 0, max: 1e-12, noNaN: true }),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, 1e-300, 5e-324, 2 ** -53, 3 * 2 ** -53, NaN, Infinity, -1),
);

describe('addRepeated = k times x += c', () => {
  it('random starts, steps and counts', () => {
    fc.assert(fc.property(start, step, fc.integer({ min: 0, max: 3000 }), (x, c, k) => {
      expect(same(addRepeated(x, c, k), loop(x, c, k))).toBe(true);
    }), { numRuns: 20_000 });
  });

  it('steps at and near half a unit in the last place of the start (ties round to even)', () => {
    fc.assert(fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: -1, max: 1 }), fc.integer({ min: 1, max: 3000 }), (x, m, nudge, k) => {
      const u = ulp(x);
      const c = (m + 0.5) * u + nudge * u * 2 ** -20;
      expect(same(addRepeated(x, c, k), loop(x, c, k))).toBe(true);
    }), { numRuns: 20_000 });
  });

  it('long runs across many binades (a squared sum from 0)', () => {
    for (const c of [1e-8, 3.3e-7, 2.5e-9, 1 / 3, 0.1, 7]) {
      for (const k of [1, 2, 1000, 8760, 100_000]) expect(same(addRepeated(0, c, k), loop(0, c, k))).toBe(true);
    }
  });
});

describe('lowerTailMeanAndSquaredSumsSparse = lowerTailMeanAndSquaredSums', () => {
  const value = fc.oneof(
    { weight: 4, arbitrary: fc.double({ min: -0.1, max: 0.1, noNaN: true }) },
    fc.constantFrom(0, -0, NaN, Infinity, -Infinity, -0.01),
  );
  // runs of zeros between other values
  const series = fc.array(fc.oneof({ weight: 3, arbitrary: fc.tuple(fc.constant(0), fc.integer({ min: 1, max: 300 })) }, fc.tuple(value, fc.constant(1))), { maxLength: 60 })
    .map((parts) => parts.flatMap(([v, k]) => Array<number>(k).fill(v)));
  const mean = fc.oneof(fc.double({ min: -0.01, max: 0.01, noNaN: true }), fc.constantFrom(0, -0, NaN, 1e-5));
  it('random series with runs of zeros (some listed), any tail order statistic and mean', () => {
    fc.assert(fc.property(series, fc.nat(400), value, mean, fc.nat(5), fc.double({ min: 0, max: 1, noNaN: true }), (xs, k, xk, mu, extra, listZeros) => {
      const src = Float64Array.from([...xs, ...Array<number>(extra).fill(0.5)]); // a longer buffer
      const listed = xs.map((x, i) => (x !== 0 || (i * 0.618) % 1 < listZeros ? i : -1)).filter((i) => i >= 0);
      const nonZero = Int32Array.from([...listed, xs.length]);
      const a = new Float64Array(2);
      const b = new Float64Array(2);
      const got = lowerTailMeanAndSquaredSumsSparse(src, nonZero, xs.length, k, xk, mu, a);
      const want = lowerTailMeanAndSquaredSums(src, k, xk, mu, b, 0, xs.length);
      expect(same(got, want)).toBe(true);
      expect(same(a[0], b[0]) && same(a[1], b[1])).toBe(true);
    }), { numRuns: 5000 });
  });
});
