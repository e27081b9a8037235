/**
 * The run buffers are class instances (one V8 shape each, records.ts) but must stay plain data:
 * own enumerable fields in the documented order and nothing else, so spread, structuredClone,
 * postMessage and JSON see what they saw when these were object literals. Also the buffer options.
 */
import { describe, expect, it } from 'vitest';
import { allocSimBuffers } from './buffers.js';
import { allocOrders, allocTrades } from './records.js';

const TRADE_KEYS = ['count', 'entryIndex', 'exitIndex', 'side', 'units', 'entryPrice', 'exitPrice', 'entryFee', 'exitFee', 'pnl', 'ret', 'exitReason', 'slLevel', 'tpLevel', 'funding', 'liqPrice'];
const BUFFER_KEYS = ['equity', 'cash', 'position', 'trades', 'orders', 'funding', 'marginUsed', 'steps'];

describe('run buffers as plain data', () => {
  it('trade and order records have exactly their columns, in order, and clone like literals', () => {
    const t = allocTrades(3);
    expect(Object.keys(t)).toEqual(TRADE_KEYS);
    t.count = 1;
    t.pnl[0] = 2.5;
    t.exitIndex[0] = 7;
    const clone = structuredClone(t);
    expect(Object.getPrototypeOf(clone)).toBe(Object.prototype);
    expect(Object.keys(clone)).toEqual(TRADE_KEYS);
    expect(clone.count).toBe(1);
    expect(Array.from(clone.pnl)).toEqual([2.5, 0, 0]);
    expect(clone.exitIndex).toBeInstanceOf(Int32Array);
    expect(Object.keys({ ...t })).toEqual(TRADE_KEYS);
    expect(Object.keys(JSON.parse(JSON.stringify(t)))).toEqual(TRADE_KEYS);
    expect(Object.keys(allocOrders(2))).toEqual(['count', 'barIndex', 'side', 'price', 'units', 'fee']);
  });

  it('sim buffers: every field present (null = not recorded) and sized by the options', () => {
    const lean = allocSimBuffers(10, { cash: false, position: false, orders: false });
    expect(Object.keys(lean)).toEqual(BUFFER_KEYS);
    expect([lean.cash, lean.position, lean.orders, lean.funding, lean.marginUsed, lean.steps]).toEqual([null, null, null, null, null, null]);
    expect(lean.equity.length).toBe(10);
    expect(lean.trades.entryIndex.length).toBe(10);

    const full = allocSimBuffers(10, { tradeCapacity: 3, futures: true, steps: 5 });
    expect(full.cash!.length).toBe(10);
    expect(full.position!.length).toBe(10);
    expect(full.trades.pnl.length).toBe(3);
    expect(full.orders!.price.length).toBe(6);
    expect(full.funding!.length).toBe(10);
    expect(full.marginUsed!.length).toBe(10);
    expect(full.steps!.bar.length).toBe(5);
    expect(full.steps!.count).toBe(0);
    expect(Object.keys(structuredClone(full))).toEqual(BUFFER_KEYS);

    const capped = allocSimBuffers(4, { tradeCapacity: 9, orderCapacity: 11, steps: 0 });
    expect(capped.trades.units.length).toBe(4);
    expect(capped.orders!.units.length).toBe(11);
    expect(capped.steps).toBeNull();
  });
});
