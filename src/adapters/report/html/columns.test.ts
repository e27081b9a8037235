import { describe, expect, it } from 'vitest';
import { fn, materialize, PageColumns, withColumnMemo } from './columns.js';
import { unpack } from '../../../../test/support/packed-column.js';
import { roundColumn, type PackedColumn } from './compact-column.js';
import { DECIMATE_ABOVE } from './decimate.js';
import type { PageSpec } from './layout.js';
import { RunData } from './run-data.js';

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

  it('derived columns are written as their base and rule on a whole page; on a decimated page the running-peak one is written as values', () => {
    const cols = new PageColumns();
    cols.put('time', [1, 2, 3]);
    expect(() => cols.derive('r', [0, 0, 0], 'equity', 'ret', 100)).toThrow(/not registered/);
    cols.put('equity', [100, 110, 99]);
    cols.derive('r', [0, 0.1, -0.01], 'equity', 'ret', 100);
    cols.derive('u', [0, 0, -0.1], 'equity', 'under', 100);
    expect(cols.toJSON()).toEqual({ time: [1, 2, 3], equity: [100, 110, 99], r: { $from: ['equity', 'ret', 100] }, u: { $from: ['equity', 'under', 100] } });
    expect(cols.shareable().map(([n]) => n)).toEqual(['time', 'equity']);
    const n = DECIMATE_ABOVE + 1;
    const long = new PageColumns();
    const e = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i));
    long.put('time', Float64Array.from({ length: n }, (_, i) => i * 60_000));
    long.put('equity', e);
    long.derive('r', e.map((x) => x / 100 - 1), 'equity', 'ret', 100);
    long.derive('u', new Float64Array(n), 'equity', 'under', 100);
    const json = long.toJSON();
    expect(json.r).toEqual({ $from: ['equity', 'ret', 100] });
    expect(json.u).not.toHaveProperty('$from'); // written as the (decimated) values
    expect(long.whole()).toBe(false);
    expect(long.shareable()).toEqual([]); // a decimated page keeps its own bars
  });

  it('RunData holds what two or more pages register under one name with the same array; pages then leave it out and name it', () => {
    const time = [1, 2, 3];
    const equity = [100, 101, 102];
    const trades = { side: 'lL' };
    const page = (put: (c: PageColumns) => void, data?: Record<string, unknown>) => {
      const columns = new PageColumns();
      put(columns);
      return { columns, data } as unknown as PageSpec;
    };
    const a = page((c) => { c.put('time', time); c.put('equity', equity); c.put('close', [5, 6, 7]); }, { trades });
    const b = page((c) => { c.put('time', time); c.put('equity', equity); c.put('close', [5, 6, 8]); c.derive('u', [0, 0, 0], 'equity', 'under', 100); }, { trades: { side: 'lL' } });
    const c = page((x) => { x.put('time', time); }, { trades });
    const run = RunData.of([a, b, c]);
    expect(run.holds('time', time)).toBe(true);
    expect(run.holds('equity', equity)).toBe(true);
    expect(run.holds('close', [5, 6, 7])).toBe(false); // same name, other data on the other page: each keeps its own
    expect(run.holds('u', [0, 0, 0])).toBe(false); // derived: never stored
    expect(run.holdsData('trades', trades)).toBe(false); // b has other data under the name: each page keeps its own
    expect(RunData.of([a, c]).holdsData('trades', trades)).toBe(true);
    expect(b.columns.fromSource(run)).toEqual(['equity', 'time']);
    expect(Object.keys(b.columns.toJSON(run)).sort()).toEqual(['close', 'u']);
    expect(run.script('BTC/USDT */ 1h')).toBe('/* BTC/USDT * / 1h */\nwindow.__backtesterRunData = {"columns":{"equity":[100,101,102],"time":[1,2,3]}};\n');
    expect(RunData.of([a, c]).script()).toBe('window.__backtesterRunData = {"columns":{"time":[1,2,3]},"trades":{"side":"lL"}};\n');
    expect(RunData.of([a]).empty).toBe(true);
  });

  it('a column packed next to another decodes against the other as the page holds it (bar-time-like steps kept exact)', () => {
    // An ascending column of integers travels as steps, exactly; the column next to it (not ascending) is packed against those exact values.
    const n = 100;
    const base = Float64Array.from({ length: n }, (_, i) => 1_500_000 + 7 * i * i);
    const near = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1_500_000 : base[i - 1] + (i % 5 === 0 ? -5_000 : i % 3) + 0.25));
    const cols = new PageColumns();
    cols.put('time', Float64Array.from({ length: n }, (_, i) => i));
    cols.put('base', base);
    cols.put('near', near, { nextTo: 'base' });
    const json = cols.toJSON() as Record<string, unknown>;
    expect(json.base).toHaveProperty('$steps');
    const p = json.near as PackedColumn;
    expect(p.$p[3]).toBe('base');
    expect(unpack(p, Array.from(base))).toEqual(roundColumn(near));
  });
});
