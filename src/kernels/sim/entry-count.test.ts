/** The word-at-a-time entry count equals the plain per-bar count (any byte values, any offsets). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countEntryBars } from './entry-count.js';

function plainCount(le: Uint8Array, se: Uint8Array, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (le[i] !== 0 || se[i] !== 0) k++;
  return k;
}

/** Mostly zeros (entries are sparse), sometimes any byte, so words with 1-4 nonzero bytes occur. */
const sparseByte = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) });

describe('countEntryBars', () => {
  it('counts the bars where either array is nonzero, for subarrays at any byte offsets', () => {
    fc.assert(fc.property(
      fc.array(sparseByte, { maxLength: 80 }), fc.array(sparseByte, { maxLength: 80 }),
      fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }),
      (a, b, offA, offB) => {
        const n = Math.min(a.length, b.length);
        const le = new Uint8Array(n + offA).subarray(offA);
        const se = new Uint8Array(n + offB).subarray(offB);
        le.set(a.slice(0, n));
        se.set(b.slice(0, n));
        expect(countEntryBars(le, se, n)).toBe(plainCount(le, se, n));
      },
    ), { numRuns: 500 });
  });

  it('counts every nonzero byte of a full word: 255 everywhere gives n', () => {
    const n = 37;
    expect(countEntryBars(new Uint8Array(n).fill(255), new Uint8Array(n), n)).toBe(n);
    expect(countEntryBars(new Uint8Array(n), new Uint8Array(n).fill(128), n)).toBe(n);
    expect(countEntryBars(new Uint8Array(n), new Uint8Array(n), n)).toBe(0);
  });

  it('counts plain arrays and other typed arrays element by element (a JavaScript caller of simulate)', () => {
    const le = [0, 1, 0, 0, 2, 0, 0, 0, 1] as unknown as Uint8Array;
    const se = new Float64Array([0, 0, 0, 0.5, 0, 0, 0, 0, 1]) as unknown as Uint8Array;
    expect(countEntryBars(le, se, 9)).toBe(4);
    expect(countEntryBars(le, se, 4)).toBe(2);
  });
});
