import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoCell } from './csv-format.js';

/** The rule isoCell implements, written the slow way. */
const reference = (ms: number) => {
  if (!Number.isFinite(ms)) return '';
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
};

describe('isoCell', () => {
  it('hand-worked', () => {
    expect(isoCell(Date.UTC(2023, 0, 1))).toBe('2023-01-01T00:00:00Z');
    expect(isoCell(Date.UTC(2023, 11, 31, 23, 59, 59))).toBe('2023-12-31T23:59:59Z');
    expect(isoCell(Date.UTC(2024, 1, 29, 7, 5, 3, 40))).toBe('2024-02-29T07:05:03.040Z');
    expect(isoCell(NaN)).toBe('');
    expect(isoCell(-1)).toBe('1969-12-31T23:59:59.999Z');
  });

  it('property: the same text as toISOString without zero milliseconds, for any time and in any order', () => {
    fc.assert(fc.property(fc.array(fc.oneof(
      fc.integer({ min: -1e13, max: 2.6e14 }),
      fc.integer({ min: 0, max: 1e6 }).map((h) => Date.UTC(2023, 0, 1) + h * 3_600_000),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }),
    ), { maxLength: 40 }), (xs) => {
      for (const x of xs) expect(isoCell(x)).toBe(reference(x));
    }));
  });
});
