/**
 * `hasNonBinary` (the word-at-a-time check that decides whether a strategy's Uint8Array flags
 * need rewriting to 0/1) against the byte loop it replaced, at every alignment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasNonBinary, normalizeSignals } from './normalize-signals.js';

const byteLoop = (v: Uint8Array) => {
  let any = 0;
  for (let i = 0; i < v.length; i++) any |= v[i];
  return any > 1;
};

describe('hasNonBinary', () => {
  it('equals the byte-by-byte OR test on slices at any offset', () => {
    const bytes = fc.array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(0, 1) }, fc.integer({ min: 0, max: 255 })), { maxLength: 70 });
    fc.assert(fc.property(bytes, fc.nat(7), fc.nat(7), (bs, off, tail) => {
      const buf = new Uint8Array(off + bs.length + tail).fill(255);
      buf.set(bs, off);
      const v = buf.subarray(off, off + bs.length);
      expect(hasNonBinary(v)).toBe(byteLoop(v));
    }), { numRuns: 3000 });
  });

  it('a single stray 2 anywhere in a long 0/1 array is found and normalized to 1', () => {
    const n = 1003;
    for (const at of [0, 1, 2, 3, 4, 500, 999, 1000, 1001, 1002]) {
      const le = new Uint8Array(n);
      le[7] = 1;
      le[at] = 2;
      expect(hasNonBinary(le)).toBe(true);
      const s = normalizeSignals({ longEntries: le, longExits: new Uint8Array(n) }, n, 'spot', 'x');
      expect(s.longEntries).not.toBe(le);
      expect(s.longEntries[at]).toBe(1);
      expect(s.longEntries.reduce((a, b) => a + b, 0)).toBe(at === 7 ? 1 : 2);
    }
    const ok = new Uint8Array(n).fill(1);
    expect(normalizeSignals({ longEntries: ok, longExits: ok }, n, 'spot', 'x').longEntries).toBe(ok);
  });
});

describe('normalizeSignals on spot', () => {
  it('clears short signals: a strategy\'s all-zero arrays are kept, any set byte (at any offset) gives a new zero array', () => {
    const n = 1003;
    const flags = { longEntries: new Uint8Array(n), longExits: new Uint8Array(n) };
    const zeroEntries = new Uint8Array(n);
    const zeroExits = new Uint8Array(n);
    const kept = normalizeSignals({ ...flags, shortEntries: zeroEntries, shortExits: zeroExits }, n, 'spot', 'x');
    expect(kept.shortEntries).toBe(zeroEntries);
    expect(kept.shortExits).toBe(zeroExits);
    for (const at of [0, 1, 2, 3, 4, 500, 1000, 1001, 1002]) {
      const se = new Uint8Array(n);
      se[at] = 1;
      const s = normalizeSignals({ ...flags, shortEntries: se, shortExits: [true, ...new Array(n - 1).fill(false)] }, n, 'spot', 'x');
      expect(s.shortEntries).not.toBe(se);
      expect(s.shortEntries.length).toBe(n);
      expect(s.shortEntries.some((v) => v !== 0)).toBe(false);
      expect(s.shortExits.some((v) => v !== 0)).toBe(false);
      expect(se[at]).toBe(1); // the strategy's own array is not changed
    }
    // A wrong length is not checked on spot (the shorts are ignored), but never kept.
    expect(normalizeSignals({ ...flags, shortEntries: new Uint8Array(5) }, n, 'spot', 'x').shortEntries.length).toBe(n);
  });
});
