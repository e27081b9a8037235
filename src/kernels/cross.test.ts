import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crossAbove, crossBelow, crosses } from './cross.js';

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('crossAbove / crossBelow', () => {
  it('hand case: a crosses b upward at bar 2 and downward at bar 4', () => {
    const a = f([1, 2, 5, 6, 3, 3]);
    const b = f([4, 4, 4, 4, 4, 4]);
    expect(Array.from(crossAbove(a, b))).toEqual([0, 0, 1, 0, 0, 0]);
    expect(Array.from(crossBelow(a, b))).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('equality on the previous bar then strictly past counts as a cross', () => {
    // bar 1 a == b, bar 2 a > b → cross above at 2; bar 3 a == b, bar 4 a < b → cross below at 4
    const a = f([3, 4, 5, 4, 3]);
    const b = f([4, 4, 4, 4, 4]);
    expect(Array.from(crossAbove(a, b))).toEqual([0, 0, 1, 0, 0]);
    expect(Array.from(crossBelow(a, b))).toEqual([0, 0, 0, 0, 1]);
  });

  it('touching without passing is not a cross', () => {
    const a = f([3, 4, 3, 4, 4]);
    const b = f([4, 4, 4, 4, 4]);
    expect(Array.from(crossAbove(a, b))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(crossBelow(a, b))).toEqual([0, 0, 1, 0, 0]);
  });

  it('NaN on either bar of either series: no cross (warm-up never signals)', () => {
    const b = f([4, 4, 4, 4, 4, 4]);
    expect(Array.from(crossAbove(f([NaN, 5, 3, NaN, 5, 6]), b))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(crossAbove(f([3, 5, 3, 5, 3, 5]), f([4, NaN, 4, 4, NaN, 4])))).toEqual([0, 0, 0, 1, 0, 0]);
    expect(Array.from(crossBelow(f([5, NaN, 5, 3, 5, 3]), f([4, 4, 4, NaN, 4, 4])))).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('bar 0 is never a cross; empty input is fine', () => {
    expect(crossAbove(f([5]), f([1]))[0]).toBe(0);
    expect(crossBelow(f([]), f([])).length).toBe(0);
  });

  it('writes into the given out buffer and returns it', () => {
    const out = new Uint8Array(3).fill(7);
    expect(crossAbove(f([1, 2, 3]), f([2, 2, 2]), out)).toBe(out);
    expect(Array.from(out)).toEqual([0, 0, 1]);
  });

  it('property: crossAbove(a, b) equals crossBelow(b, a); the two never fire on the same bar', () => {
    const val = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(NaN));
    fc.assert(
      fc.property(fc.array(fc.tuple(val, val), { maxLength: 40 }), (pairs) => {
        const a = f(pairs.map((p) => p[0]));
        const b = f(pairs.map((p) => p[1]));
        const up = crossAbove(a, b);
        expect(Array.from(up)).toEqual(Array.from(crossBelow(b, a)));
        const down = crossBelow(a, b);
        for (let t = 0; t < a.length; t++) expect(up[t] & down[t]).toBe(0);
      }),
    );
  });

  it('crosses() writes exactly crossAbove and crossBelow in one pass (property, with ties and NaN)', () => {
    const v = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(NaN), fc.double({ min: -3, max: 3, noNaN: true }));
    fc.assert(fc.property(fc.array(fc.tuple(v, v), { maxLength: 60 }), (pairs) => {
      const a = f(pairs.map((p) => p[0]));
      const b = f(pairs.map((p) => p[1]));
      const up = new Uint8Array(a.length).fill(7);
      const down = new Uint8Array(a.length).fill(7);
      crosses(a, b, up, down);
      expect(Array.from(up)).toEqual(Array.from(crossAbove(a, b)));
      expect(Array.from(down)).toEqual(Array.from(crossBelow(a, b)));
    }), { numRuns: 500 });
  });
});
