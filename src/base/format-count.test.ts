import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, formatRoundedCount } from './format-count.js';

describe('formatCount', () => {
  it('groups by threes like en-US', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(-1234567)).toBe('-1,234,567');
    expect(formatCount(1_000_000)).toBe('1,000,000');
  });

  it('equals toLocaleString("en-US") for every number', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.integer(), fc.double(), fc.constantFrom(-0, 2 ** 53, -(2 ** 60), 1e21, 0.5, 1234.5678)),
      (n) => formatCount(n) === n.toLocaleString('en-US')), { numRuns: 5000 });
  });

  it('formatRoundedCount equals toLocaleString("en-US", { maximumFractionDigits: 0 }) for every number', () => {
    const ref = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
    for (const v of [0.5, 1.5, -1.5, 100.5, -100.5, 2.4999999999999996, 1e6 + 0.5, -0.4, 0, -0, 1e21, NaN, Infinity]) expect(formatRoundedCount(v), String(v)).toBe(ref(v));
    fc.assert(fc.property(fc.oneof(fc.double({ min: -1e7, max: 1e7 }), fc.double(), fc.integer().map((i) => i + 0.5)),
      (v) => formatRoundedCount(v) === ref(v)), { numRuns: 5000 });
  });
});
