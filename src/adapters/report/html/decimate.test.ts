import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimationIndex, pick } from './decimate.js';
import { unpack } from '../../../../test/support/packed-column.js';
import type { PackedColumn, StepsColumn } from './compact-column.js';
import { PageColumns } from './columns.js';

describe('decimationIndex (min/max per bucket)', () => {
  it('keeps every bar up to the threshold', () => {
    expect(decimationIndex(100, [new Float64Array(100)], 10, 100)).toBeNull();
  });

  it('hand-worked: buckets of 3 keep first, last, low and high of each column', () => {
    //          bucket 0      bucket 1       bucket 2   bucket 3
    const a = [5, 1, 9, 3, 3, 3, 2, 8, 4, 7];
    const b = [0, 0, 0, 0, 6, 0, 0, 0, 0, 0];
    // n = 10, 4 buckets → size 3: [0..2], [3..5], [6..8], [9]
    const idx = decimationIndex(10, [a, b], 4, 5)!;
    // bucket 0: first 0, last 2, a low 1, a high 2, b flat (first) → 0,1,2
    // bucket 1: first 3, last 5, a all 3 (first) → 3, b high 4 → 3,4,5
    // bucket 2: first 6, last 8, a low 6, high 7 → 6,7,8; bucket 3: 9
    expect(Array.from(idx)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const c = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    expect(Array.from(decimationIndex(12, [c], 2, 5)!)).toEqual([0, 5, 6, 11]);
  });

  it('property: sorted, within range, keeps the ends and every column\'s global min and max, at most 2 + 2·columns per bucket', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 30, maxLength: 400 }),
      fc.integer({ min: 1, max: 20 }),
      (xs, buckets) => {
        const n = xs.length;
        const ys = xs.map((x, i) => (i % 7 === 3 ? NaN : -x * 0.5));
        const idx = decimationIndex(n, [xs, ys], buckets, 10)!;
        const kept = Array.from(idx);
        for (let j = 1; j < kept.length; j++) expect(kept[j]).toBeGreaterThan(kept[j - 1]);
        expect(kept[0]).toBe(0);
        expect(kept[kept.length - 1]).toBe(n - 1);
        const vals = pick(xs, idx);
        expect(Math.max(...vals)).toBe(Math.max(...xs));
        expect(Math.min(...vals)).toBe(Math.min(...xs));
        const finiteY = ys.filter((y) => !Number.isNaN(y));
        const keptY = pick(ys, idx).filter((y) => !Number.isNaN(y));
        expect(Math.max(...keptY)).toBe(Math.max(...finiteY));
        expect(kept.length).toBeLessThanOrEqual(Math.ceil(n / Math.ceil(n / buckets)) * 6);
      },
    ));
  });

  it('a page decimates every time-aligned column by the same bars, leaves other columns whole, and smooth columns do not add bars', () => {
    const n = 25_000;
    const time = Float64Array.from({ length: n }, (_, i) => i * 60_000);
    const price = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 50) + (i === 12_345 ? 50 : 0));
    const ma = Float64Array.from({ length: n }, (_, i) => Math.cos(i / 7));
    const cols = new PageColumns();
    cols.put('time', time);
    cols.put('price', price);
    cols.put('ma', ma, { smooth: true });
    cols.put('trades', [1, 2, 3]);
    const json = cols.toJSON();
    expect(json.trades).toEqual([1, 2, 3]);
    // Decimated times are not evenly stepped: steps of 1 minute; values packed (compact-column.ts).
    const steps = (json.time as StepsColumn).$steps;
    expect(steps[1]).toBe(60_000);
    const time0: number[] = [steps[0]];
    for (const d of steps[2]) time0.push(time0[time0.length - 1] + d * steps[1]);
    const out = { time: time0, price: unpack(json.price as PackedColumn) as number[], ma: unpack(json.ma as PackedColumn) as number[] };
    expect(out.time.length).toBe(out.price.length);
    expect(out.ma.length).toBe(out.price.length);
    expect(out.time.length).toBeLessThan(4 * 1_000 + 2);
    for (let j = 0; j < out.time.length; j += 97) {
      const i = out.time[j] / 60_000;
      // Page data keeps 8 significant digits of the column's largest value (compact-column.ts).
      expect(Math.abs(out.price[j] - price[i])).toBeLessThanOrEqual(0.5e-5);
      expect(Math.abs(out.ma[j] - ma[i])).toBeLessThanOrEqual(0.5e-7);
    }
    expect(out.price).toContain(Number(price[12_345].toFixed(5))); // the spike survives
  });
});
