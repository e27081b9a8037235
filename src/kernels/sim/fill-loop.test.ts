/**
 * The fill loop as a kernel: status codes instead of exceptions, reusable buffers, optional
 * outputs, and the degenerate inputs (no bars, no cash, NaN prices). Semantics are tested through
 * `simulate` in src/domain/portfolio.
 */
import { describe, expect, it } from 'vitest';
import { allocSimBuffers } from './buffers.js';
import { fillLoop } from './fill-loop.js';
import { allocTrades } from './records.js';
import { EXEC_CLOSE, EXEC_NEXT_OPEN, SIM_BAD_LENGTH, SIM_CAPACITY, SIM_OK, type SimInputs, type SimSpec } from './sim-spec.js';

const SPEC: SimSpec = {
  initCash: 1000, fees: 0.001, slippage: 0.0005, execution: EXEC_CLOSE, allowShort: true,
  maxPositionSize: 1, riskPerTrade: 0, slFraction: 0.03, tpFraction: 0.05, stopSlippage: false,
};

/** A deterministic zig-zag market with alternating long/short signals every few bars. */
function inputs(n: number, shift = 0): SimInputs {
  const open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n);
  const le = new Uint8Array(n), lx = new Uint8Array(n), se = new Uint8Array(n), sx = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    const c = 100 + 10 * Math.sin((t + shift) / 3);
    const o = t === 0 ? c : close[t - 1];
    open[t] = o; close[t] = c; high[t] = Math.max(o, c) + 1; low[t] = Math.min(o, c) - 1;
    if ((t + shift) % 7 === 1) { le[t] = 1; sx[t] = 1; }
    if ((t + shift) % 7 === 4) { se[t] = 1; lx[t] = 1; }
  }
  return { open, high, low, close, longEntries: le, longExits: lx, shortEntries: se, shortExits: sx, slDistance: null, tpDistance: null };
}

describe('fillLoop', () => {
  it('reports mismatched lengths and short buffers as status codes, without throwing', () => {
    const inp = inputs(10);
    const bad = { ...inp, longExits: new Uint8Array(9) };
    expect(fillLoop(bad, SPEC, allocSimBuffers(10)).status).toBe(SIM_BAD_LENGTH);
    expect(fillLoop({ ...inp, slDistance: new Float64Array(3) }, SPEC, allocSimBuffers(10)).status).toBe(SIM_BAD_LENGTH);
    expect(fillLoop(inp, SPEC, allocSimBuffers(9)).status).toBe(SIM_BAD_LENGTH);
    // Capacity must cover the entry-signal bars (each trade opens on a distinct one).
    const dense = { ...inp, longEntries: new Uint8Array(10).fill(1) };
    const small = { ...allocSimBuffers(10), trades: allocTrades(5) };
    const c = fillLoop(dense, SPEC, small);
    expect([c.status, c.trades, small.trades.count]).toEqual([SIM_CAPACITY, 0, 0]);
  });

  it('runs in buffers sized to the entry bars, with the same result as full-size buffers', () => {
    const inp = inputs(200, 3);
    let entries = 0;
    for (let i = 0; i < 200; i++) entries += inp.longEntries[i] | inp.shortEntries[i];
    expect(entries).toBeGreaterThan(0);
    expect(entries).toBeLessThan(200);
    const full = allocSimBuffers(200);
    const sparse = allocSimBuffers(200, { tradeCapacity: entries });
    expect(sparse.trades.entryIndex.length).toBe(entries);
    const a = fillLoop(inp, SPEC, full);
    const b = fillLoop(inp, SPEC, sparse);
    expect(b).toEqual(a);
    expect(Array.from(sparse.equity)).toEqual(Array.from(full.equity));
    expect(Array.from(sparse.trades.pnl.subarray(0, b.trades))).toEqual(Array.from(full.trades.pnl.subarray(0, a.trades)));
    expect(fillLoop(inp, SPEC, allocSimBuffers(200, { tradeCapacity: entries - 1 })).status).toBe(SIM_CAPACITY);
  });

  it('reuses buffers: a run over used buffers equals a run over fresh ones', () => {
    const a = inputs(200), b = inputs(200, 5);
    const reused = allocSimBuffers(200);
    fillLoop(a, { ...SPEC, execution: EXEC_NEXT_OPEN }, reused);
    const c1 = fillLoop(b, SPEC, reused);
    const fresh = allocSimBuffers(200);
    const c2 = fillLoop(b, SPEC, fresh);
    expect(c1).toEqual(c2);
    expect(c1.trades).toBeGreaterThan(5);
    expect(Array.from(reused.equity)).toEqual(Array.from(fresh.equity));
    expect(Array.from(reused.trades.pnl.subarray(0, c1.trades))).toEqual(Array.from(fresh.trades.pnl.subarray(0, c2.trades)));
    expect(reused.orders!.count).toBe(fresh.orders!.count);
  });

  it('skips cash, position and order records when given null, with identical results', () => {
    for (const execution of [EXEC_CLOSE, EXEC_NEXT_OPEN]) {
      const inp = inputs(300);
      const full = allocSimBuffers(300);
      const lean = allocSimBuffers(300, { cash: false, position: false, orders: false });
      const cf = fillLoop(inp, { ...SPEC, execution }, full);
      const cl = fillLoop(inp, { ...SPEC, execution }, lean);
      expect(cl).toEqual(cf);
      expect(cf.orders).toBe(full.orders!.count);
      expect(Array.from(lean.equity)).toEqual(Array.from(full.equity));
      expect(Array.from(lean.trades.exitReason.subarray(0, cl.trades))).toEqual(Array.from(full.trades.exitReason.subarray(0, cf.trades)));
      expect(cf.finalCash).toBe(full.cash![299]);
      expect(cf.finalUnits).toBe(full.position![299]);
    }
  });

  it('handles no bars, no cash and NaN prices without throwing', () => {
    const empty = fillLoop(inputs(0), SPEC, allocSimBuffers(0));
    expect([empty.status, empty.trades, empty.finalCash]).toEqual([SIM_OK, 0, 1000]);
    const inp = inputs(30);
    const broke = fillLoop(inp, { ...SPEC, initCash: 0 }, allocSimBuffers(30));
    expect(broke.trades).toBe(0);
    expect(broke.skippedEntries).toBeGreaterThan(0);
    const nan = { ...inp, close: inp.close.map((v, t) => (t === 1 ? NaN : v)) };
    expect(fillLoop(nan, SPEC, allocSimBuffers(30)).status).toBe(SIM_OK);
  });

  it('flat bars between trades keep their marks bit for bit: cash + 0 × close (NaN on a missing close), funding paid so far, no margin', () => {
    const n = 30;
    const base = inputs(n);
    const none = () => new Uint8Array(n);
    const le = none(), lx = none();
    le[10] = 1;
    lx[15] = 1;
    const close = base.close.map((v, t) => (t === 3 || t === 22 ? NaN : t === 25 ? Infinity : v));
    const fundingRate = new Float64Array(n).fill(0.001);
    const inp: SimInputs = { ...base, close, longEntries: le, longExits: lx, shortEntries: none(), shortExits: none(), fundingRate };
    const out = allocSimBuffers(n, { futures: true });
    const c = fillLoop(inp, { ...SPEC, slFraction: 0, tpFraction: 0, leverage: 2 }, out);
    expect([c.status, c.trades]).toEqual([SIM_OK, 1]);
    const paid = out.funding![15];
    expect(paid).not.toBe(0);
    for (let t = 0; t < n; t++) {
      if (t >= 10 && t < 15) continue; // in the position
      const cash = t < 10 ? 1000 : out.cash![15];
      expect(Object.is(out.equity[t], cash + 0 * close[t]), `equity[${t}]`).toBe(true);
      expect([out.cash![t], out.position![t], out.funding![t], out.marginUsed![t]]).toEqual([cash, 0, t < 10 ? 0 : paid, 0]);
    }
    expect([Number.isNaN(out.equity[3]), Number.isNaN(out.equity[22]), Number.isNaN(out.equity[25])]).toEqual([true, true, true]);
  });

  it('treats any non-zero signal byte as set', () => {
    const inp = inputs(30);
    const ones = fillLoop(inp, SPEC, allocSimBuffers(30));
    const scaled = (a: Uint8Array) => a.map((v) => v * 255);
    const big = fillLoop({ ...inp, longEntries: scaled(inp.longEntries), longExits: scaled(inp.longExits), shortEntries: scaled(inp.shortEntries), shortExits: scaled(inp.shortExits) }, SPEC, allocSimBuffers(30));
    expect(big).toEqual(ones);
  });
});
