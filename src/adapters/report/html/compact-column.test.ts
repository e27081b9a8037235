import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unpack } from '../../../../test/support/packed-column.js';
import { asRuns, asSteps, compactColumn, compactTimes, packColumn, roundColumn, type PackedColumn } from './compact-column.js';

describe('compact page columns', () => {
  it('hand-worked: 8 significant digits of the largest magnitude', () => {
    // max 100131.88406 → 6 integer digits → 2 decimals kept
    expect(roundColumn([100131.88406060135, 99999.99949, 0.0049, 12.3456])).toEqual([100131.88, 100000, 0, 12.35]);
    // max 0.34 → first digit at 1e-1 → 8 decimals
    expect(roundColumn([-0.123456789123, 0.34, NaN])).toEqual([-0.12345679, 0.34, NaN]);
    // max 1.5e9 → 10 integer digits → rounded to hundreds
    expect(roundColumn([1_500_000_004, 1_234_567_891])).toEqual([1_500_000_000, 1_234_567_900]); // units of 100
    expect(roundColumn([0, 0, NaN])).toEqual([0, 0, NaN]);
    expect(roundColumn([Infinity, 2.123456789])).toEqual([Infinity, 2.1234568]);
  });

  it('property: within half a unit of the 8th significant digit of the column maximum, and never longer in JSON', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }).map((x) => (Math.abs(x) < 1e-290 ? 0 : x)), { minLength: 1, maxLength: 50 }), (xs) => {
      const max = Math.max(...xs.map(Math.abs));
      const r = roundColumn(xs);
      r.forEach((v, i) => expect(Math.abs(v - xs[i])).toBeLessThanOrEqual(max * 0.5e-7 * (1 + 1e-9)));
      expect(JSON.stringify(r).length).toBeLessThanOrEqual(JSON.stringify(xs).length + xs.length); // '-0' may add a sign
    }));
  });

  it('evenly stepped integers become runs, one per gap; anything else stays values', () => {
    const hour = 3_600_000;
    const t = Array.from({ length: 100 }, (_, i) => 1_672_531_200_000 + (i < 50 ? i : i + 1) * hour); // one missing bar at 50
    expect(asRuns(t)).toEqual({ $runs: [[1_672_531_200_000, hour, 50], [1_672_531_200_000 + 51 * hour, hour, 50]] });
    expect(asRuns(t.slice(0, 10))).toBeNull(); // too short to bother
    expect(asRuns(Array.from({ length: 100 }, (_, i) => i * i))).toBeNull(); // no runs worth it
    expect(asRuns(Array.from({ length: 100 }, (_, i) => i + 0.5))).toBeNull(); // not integers
    expect(compactColumn(t)).toEqual(asRuns(t));
    const odd = [...t.slice(0, 99), 1e20];
    expect(compactColumn(odd)).toEqual(packColumn(odd));
  });

  it('hand-worked packing: differences of the rounded integers, zigzag, 5 bits a digit', () => {
    // 0.01 tick: decimals 8-1-2 = 5, reduced to 2; k = 10000, 10001, 10001, NaN, 9999
    // steps +10000 → zigzag 20000 = 0b100111_00010_00000 → digits 0 (+32), 17 (+32), 19 → 'gxT'; +1 → 2 'C'; 0 → 'A'; '.'; -2 → 3 'D'
    expect(packColumn([100, 100.01, 100.01, NaN, 99.99])).toEqual({ $p: [2, 'gxTCA.D'] });
    expect(unpack(packColumn([100, 100.01, 100.01, NaN, 99.99]) as PackedColumn)).toEqual([100, 100.01, 100.01, null, 99.99]);
    // hundreds: 1.5e9 keeps units of 100 (decimals -2)
    expect(packColumn([1_500_000_004, 1_234_567_891])?.$p[0]).toBe(-2);
    expect(packColumn([0, 0])).toEqual({ $p: [0, 'AA'] });
  });

  it('hand-worked repeats and second differences', () => {
    // Ten ones: decimals 7 reduced to 0 (k = 1); items 1 → 'C', then nine 0 → 'A' once and '~' 8 more → 'I'
    expect(packColumn([1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toEqual({ $p: [0, 'CA~I'] });
    // A steady slope 10, 12, … 28 (decimals 6 reduced to 0). Order 1: 10 → 'U', then +2 nine times → 'E~I' (4 chars);
    // order 2: 'U', step 2 → 'E', then eight 0 → 'A~H' (5 chars): order 1 kept.
    const slope = Array.from({ length: 10 }, (_, i) => 10 + 2 * i);
    expect(packColumn(slope)).toEqual({ $p: [0, 'UE~I'] });
    const curve = Array.from({ length: 12 }, (_, i) => 1000 + i * i); // steps 1, 3, 5 … change by 2 each bar
    // order 1: 1000 → zigzag 2000 = 0b1_11110_10000 → 'w', '-', 'B'; steps 1,3,…,21 → zigzag 2,6,…,30 ('C' … 'e'), 34, 38, 42 ('iB', 'mB', 'qB')
    // order 2: 1000 → 'w-B', step 1 → 'C', then +2 ten times → 'E~J'
    expect(packColumn(curve, { smooth: true })).toEqual({ $p: [0, 'w-BCE~J', 2] });
    expect(unpack(packColumn(curve, { smooth: true }) as PackedColumn)).toEqual(curve);
    expect(packColumn(curve)).toEqual({ $p: [0, 'w-BCGKOSWaeiBmBqB'] }); // not a smooth line: order 1
    // Missing values repeat too, and change neither k nor the step.
    const gaps = [NaN, NaN, NaN, NaN, NaN, 3, 3, NaN, 3];
    expect(packColumn(gaps)).toEqual({ $p: [0, '.~EGA.A'] });
    expect(unpack(packColumn(gaps) as PackedColumn)).toEqual([null, null, null, null, null, 3, 3, null, 3]);
  });

  it('hand-worked: the open packed next to the close (differences from the previous close, order 0)', () => {
    const close = [100.02, 100.05, 99.9, 100];
    const open = [100, 100.02, 100.05, 99.91];
    // cents: k = 10000, 10002, 10005, 9991; previous closes 0, 10002, 10005, 9990 → differences 10000, 0, 0, 1
    // order 0: 10000 → zigzag 20000 'gxT', 0 'A' (twice: no repeat pays), 1 → 'C'
    const packed = packColumn(open, { next: { name: 'close', rounded: roundColumn(close) } });
    expect(packed).toEqual({ $p: [2, 'gxTAAC', 0, 'close'] });
    expect(unpack(packed as PackedColumn, close)).toEqual(open);
    // A missing close: the next open is written as itself.
    const gap = packColumn(open, { next: { name: 'close', rounded: [100.02, NaN, 99.9, 100] } }) as PackedColumn;
    expect(unpack(gap, [100.02, null, 99.9, 100])).toEqual(open);
    expect(packColumn(open, { next: { name: 'close', rounded: [1, 2] } })).toBeNull(); // other length: not next to it
  });

  it('items at and past 2^30 (where the small-integer digit path ends) are written and decode exactly', () => {
    // Next to a column of ~2^29 (rounded to tens) the open's differences from the previous close
    // give zigzag items just below and past 2^30 = 1,073,741,824.
    const close = roundColumn([536_870_910, 536_870_920, 536_870_930, 1]);
    const open = [5, 6, 7, 8]; // cents would all be multiples of 10: k = the values, decimals 0
    const packed = packColumn(open, { next: { name: 'close', rounded: close } }) as PackedColumn;
    const zigzag = [10, 2 * (536_870_910 - 6) - 1, 2 * (536_870_920 - 7) - 1, 2 * (536_870_930 - 8) - 1];
    expect(zigzag[1]).toBeLessThan(2 ** 30);
    expect(zigzag[2]).toBeGreaterThanOrEqual(2 ** 30);
    // Each item's base-64 digits, low 5 bits first with the continuation bit, written out here.
    const DIG = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const digits = (z: number) => {
      let s = '';
      for (;;) {
        const low = z % 32;
        z = Math.floor(z / 32);
        s += DIG[low + (z > 0 ? 32 : 0)];
        if (z === 0) return s;
      }
    };
    expect(packed).toEqual({ $p: [0, zigzag.map(digits).join(''), 0, 'close'] });
    expect(unpack(packed, close)).toEqual(open);
    // And past 2^32 (beyond any 32-bit integer operation).
    const far = roundColumn([8_589_934_600, 1]);
    const farPacked = packColumn([5, 6], { next: { name: 'close', rounded: far } }) as PackedColumn;
    expect(farPacked).toEqual({ $p: [0, digits(10) + digits(2 * (8_589_934_600 - 6) - 1), 0, 'close'] });
    expect(unpack(farPacked, far)).toEqual([5, 6]);
  });

  it('property: a column packed next to another decodes to exactly its rounded values, whatever the other holds', () => {
    const value = fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((x) => (Math.abs(x) < 1e-290 ? 0 : x)), fc.constant(NaN), fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 100));
    fc.assert(fc.property(fc.array(fc.tuple(value, value, fc.boolean()), { minLength: 1, maxLength: 80 }), (rows) => {
      const other = rows.map(([a]) => a);
      const xs = rows.map(([a, b, same], i) => (same && i > 0 ? rows[i - 1][0] : b)); // often the other's previous value
      const rounded = roundColumn(other);
      const p = packColumn(xs, { next: { name: 'o', rounded } });
      if (p === null) return;
      const got = unpack(p, rounded.map((v) => (Number.isFinite(v) ? v : null)));
      const r = roundColumn(xs);
      got.forEach((v, i) => expect(v).toBe(Number.isFinite(r[i]) ? (r[i] === 0 ? 0 : r[i]) : null));
    }), { numRuns: 1000 });
  });

  it('property: a packed column decodes to exactly the rounded values (missing values as null), and is never longer in JSON', () => {
    const value = fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }).map((x) => (Math.abs(x) < 1e-290 ? 0 : x)), fc.constant(NaN), fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 100));
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), (xs) => {
      const p = packColumn(xs);
      const r = roundColumn(xs);
      if (p === null) return; // only when the column's magnitude is beyond 10^±22
      const got = unpack(p);
      expect(got).toHaveLength(xs.length);
      got.forEach((v, i) => expect(v).toBe(Number.isFinite(r[i]) ? (r[i] === 0 ? 0 : r[i]) : null));
      expect(JSON.stringify(p).length).toBeLessThanOrEqual(JSON.stringify(r).length + 12);
    }));
  });

  it('ascending integers (trade and signal times) become steps of their common divisor', () => {
    const m = 60_000;
    const t = [1_672_531_200_000, 1_672_531_200_000 + 3 * m, 1_672_531_200_000 + 10 * m, 1_672_531_200_000 + 9 * m];
    expect(asSteps(t)).toEqual({ $steps: [1_672_531_200_000, m, [3, 7, -1]] });
    expect(compactTimes(t)).toEqual(asSteps(t));
    expect(asSteps([1, 2.5])).toBeNull();
    expect(compactTimes([5])).toEqual([5]);
  });

  it('property: runs expand back to the column exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 100_000 }), fc.array(fc.integer({ min: 64, max: 500 }), { minLength: 1, maxLength: 4 }), (t0, step, lengths) => {
      const xs: number[] = [];
      let t = t0;
      for (const len of lengths) {
        for (let k = 0; k < len; k++) { xs.push(t); t += step; }
        t += step * 3; // a gap
      }
      const r = asRuns(xs);
      expect(r).not.toBeNull();
      expect(r!.$runs.flatMap(([a, s, c]) => Array.from({ length: c }, (_, k) => a + k * s))).toEqual(xs);
    }));
  });
});

/** The first, string-based forms (every value through toFixed, text built a character at a time): the fast ones must agree exactly. */
function referenceRound(values: ArrayLike<number>): number[] {
  let max = 0;
  for (let i = 0; i < values.length; i++) { const a = Math.abs(values[i]); if (a > max && a !== Infinity) max = a; }
  const decimals = max === 0 ? null : 7 - Math.floor(Math.log10(max));
  const xs = Array.from(values);
  if (decimals === null || decimals > 100) return xs;
  if (decimals <= 0) return xs.map((v) => (Number.isFinite(v) ? Math.round(v / 10 ** -decimals) * 10 ** -decimals : v));
  return xs.map((v) => (Number.isFinite(v) ? Number(v.toFixed(decimals)) : v));
}

function referencePack(values: ArrayLike<number>): PackedColumn | null {
  const rounded = referenceRound(values);
  let max = 0;
  for (let i = 0; i < values.length; i++) { const a = Math.abs(values[i]); if (a > max && a !== Infinity) max = a; }
  let decimals = max === 0 ? 0 : 7 - Math.floor(Math.log10(max));
  if (Math.abs(decimals) > 22) return null;
  const scale = (d: number) => 10 ** Math.abs(d);
  const k = rounded.map((v) => (Number.isFinite(v) ? Math.round(decimals >= 0 ? v * scale(decimals) : v / scale(decimals)) : NaN));
  while (decimals > -22 && k.some((x) => x !== 0 && x === x) && k.every((x) => x !== x || x % 10 === 0)) {
    for (let i = 0; i < k.length; i++) k[i] /= 10;
    decimals--;
  }
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let text = '';
  let prev = 0;
  for (let i = 0; i < k.length; i++) {
    const x = k[i];
    if (x !== x) { text += '.'; continue; }
    const back = decimals >= 0 ? x / scale(decimals) : x * scale(decimals);
    if (!Number.isSafeInteger(x) || back !== rounded[i]) return null;
    const d = x - prev;
    prev = x;
    let z = d >= 0 ? 2 * d : -2 * d - 1;
    do { const low = z % 32; z = Math.floor(z / 32); text += digits[low + (z > 0 ? 32 : 0)]; } while (z > 0);
  }
  return { $p: [decimals, text] };
}

/** Same decimals and the same decoded values (the text itself may use repeats and second differences). */
function samePacked(got: PackedColumn | null, want: PackedColumn | null): void {
  if (want === null || got === null) { expect(got).toEqual(want); return; }
  expect(got.$p[0]).toBe(want.$p[0]);
  const a = unpack(got);
  const b = unpack(want);
  expect(a).toHaveLength(b.length);
  a.forEach((v, i) => expect(Object.is(v, b[i]), `${i}: ${v} vs ${b[i]}`).toBe(true));
  expect(got.$p[1].length).toBeLessThanOrEqual(want.$p[1].length);
}

describe('fast rounding and packing equal the toFixed forms bit for bit (and the packed text is never longer than the plain first differences)', () => {
  const same = (a: number[], b: number[]) => a.forEach((v, i) => expect(Object.is(v, b[i])).toBe(true));

  it('hand-picked ties, signed zeros and tiny negatives', () => {
    // 0.125 → 2 decimals at max 1e5: ties resolved by toFixed (half away from zero on the exact binary value)
    const xs = [100000, 0.125, -0.125, 1.005, -1.005, 2.675, -0, 0, -0.0000001, 99999.995, 12345.675, 1e-300, -1e-300, NaN, Infinity];
    same(roundColumn(xs), referenceRound(xs));
    samePacked(packColumn(xs), referencePack(xs));
  });

  it('property: random columns of every magnitude, with values on and next to half-units', () => {
    const onHalf = fc.tuple(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 9 })).map(([k, e]) => (k + 0.5) / 10 ** e);
    const value = fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constant(NaN), fc.constant(-0), onHalf, onHalf.map((x) => x * (1 + 2 ** -52)), fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 100));
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 80 }), (xs) => {
      same(roundColumn(xs), referenceRound(xs));
      samePacked(packColumn(xs), referencePack(xs));
    }), { numRuns: 3000 });
  });

  it('property: long realistic columns (prices, returns, equity)', () => {
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 64, maxLength: 600 }), (p0, rets) => {
      let p = p0;
      const xs = rets.map((r) => (p *= 1 + r));
      same(roundColumn(xs), referenceRound(xs));
      samePacked(packColumn(xs), referencePack(xs));
      same(roundColumn(rets), referenceRound(rets));
      samePacked(packColumn(rets), referencePack(rets));
    }), { numRuns: 300 });
  });

  it('property: smooth lines, flat stretches and runs of missing values (second differences and repeats chosen) decode exactly', () => {
    const stretch = fc.tuple(fc.constantFrom('walk', 'flat', 'missing'), fc.integer({ min: 1, max: 120 }));
    fc.assert(fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.array(stretch, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 30 }), (p0, parts, window) => {
      let p = p0;
      let seed = 1;
      const xs: number[] = [];
      for (const [kind, len] of parts) {
        for (let i = 0; i < len; i++) {
          seed = (seed * 16807) % 2147483647;
          if (kind === 'walk') p *= 1 + (seed / 2147483647 - 0.5) * 0.02;
          xs.push(kind === 'missing' ? NaN : p);
        }
      }
      // A trailing moving average of the same series: smooth, so order 2 is often the shorter.
      const ma = xs.map((_, i) => (i + 1 < window ? NaN : xs.slice(i + 1 - window, i + 1).reduce((a, b) => a + b, 0) / window));
      for (const col of [xs, ma]) {
        samePacked(packColumn(col), referencePack(col));
        samePacked(packColumn(col, { smooth: true }), referencePack(col));
      }
    }), { numRuns: 300 });
  });
});
