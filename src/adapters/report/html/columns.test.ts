import { describe, expect, it } from 'vitest';
import { fn, materialize, PageColumns, withColumnMemo } from './columns.js';

describe('page columns', () => {
  it('stores each column once and expands row references in order', () => {
    const cols = new PageColumns();
    const t = new Float64Array([1, 2, 3]);
    cols.put('time', t);
    cols.put('time', t);
    cols.put('v', new Float64Array([10, NaN, 30]));
    const option = { series: [{ data: cols.rows('time', 'v'), formatter: fn('pct'), other: fn('unknown') }] };
    const pct = (x: number) => `${x * 100}%`;
    expect(materialize(option, cols, { pct })).toEqual({ series: [{ data: [[1, 10], [2, NaN], [3, 30]], formatter: pct }] });
    expect(cols.toJSON()).toEqual({ time: [1, 2, 3], v: [10, NaN, 30] });
    expect(JSON.stringify(cols.toJSON())).toBe('{"time":[1,2,3],"v":[10,null,30]}');
  });

  it('refuses a name reused for other data, and an unregistered name', () => {
    const cols = new PageColumns();
    cols.put('a', [1]);
    expect(() => cols.put('a', [2])).toThrow(/registered twice/);
    expect(() => cols.rows('b')).toThrow(/not registered/);
  });

  it('pages written together share one compact form per array, equal to the form made alone; none after the writing', async () => {
    const equity = Float64Array.from({ length: 200 }, (_, i) => 100_000 * (1 + Math.sin(i / 7) / 50));
    const time = Float64Array.from({ length: 200 }, (_, i) => 1_672_531_200_000 + i * 3_600_000);
    const page = () => {
      const cols = new PageColumns();
      cols.put('time', time);
      cols.put('equity', equity);
      return cols;
    };
    const alone = page().toJSON();
    const [a, b] = await withColumnMemo(async () => [page().toJSON(), page().toJSON()]);
    expect(a.equity).toBe(b.equity); // the same object: packed once
    expect(a).toEqual(alone);
    expect(JSON.stringify(b)).toBe(JSON.stringify(alone));
    expect(page().toJSON().equity).not.toBe(page().toJSON().equity); // the memo is gone once the writers finish
    // A writer that fails still drops the memo.
    await expect(withColumnMemo(async () => { throw new Error('disk full'); })).rejects.toThrow('disk full');
    expect(page().toJSON().equity).not.toBe(page().toJSON().equity);
  });
});
