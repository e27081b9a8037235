/**
 * Invariants of `simulate` over random consistent OHLC series and random signals, in both
 * execution modes, on spot and swap, with random fees, slippage, sizing and stops, and (issue 10)
 * trailing stops with activation, time stops, limit/stop entries with expiry and finalize_trades.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Signals } from '../strategies/strategy.js';
import { EXIT_END_OPEN } from './records.js';
import { simulate, toSimInputs, toSimSpec, type PriceColumns } from './simulate.js';
import { allocSimBuffers } from '../../kernels/sim/buffers.js';
import { fillLoop } from '../../kernels/sim/fill-loop.js';
import { SIM_OK } from '../../kernels/sim/sim-spec.js';
import type { PortfolioSpec } from './spec.js';
import { DEFAULT_PORTFOLIO } from './spec.js';

interface Case { prices: PriceColumns; sig: Signals; spec: PortfolioSpec }

const barArb = fc.record({
  gap: fc.double({ min: -0.04, max: 0.04, noNaN: true }),
  ret: fc.double({ min: -0.08, max: 0.08, noNaN: true }),
  up: fc.double({ min: 0, max: 0.05, noNaN: true }),
  dn: fc.double({ min: 0, max: 0.05, noNaN: true }),
  bits: fc.integer({ min: 0, max: 63 }),
  sl: fc.option(fc.double({ min: 0.002, max: 0.08, noNaN: true }), { freq: 3 }),
  tp: fc.option(fc.double({ min: 0.002, max: 0.12, noNaN: true }), { freq: 3 }),
  trail: fc.option(fc.double({ min: 0.002, max: 0.08, noNaN: true }), { freq: 3 }),
  level: fc.option(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { freq: 2 }),
  frac: fc.option(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { freq: 2 }),
});

const caseArb: fc.Arbitrary<Case> = fc.record({
  rows: fc.array(barArb, { minLength: 1, maxLength: 60, size: 'max' }),
  stops: fc.constantFrom('none', 'distance', 'fraction', 'both'),
  slFraction: fc.constantFrom(0.01, 0.03, 0.06),
  tpFraction: fc.constantFrom(0.02, 0.05, 0.1),
  fees: fc.constantFrom(0, 0.001, 0.01),
  slippage: fc.constantFrom(0, 0.0005, 0.01),
  execution: fc.constantFrom('close' as const, 'next_open' as const),
  market: fc.constantFrom('spot' as const, 'swap' as const),
  maxPositionSize: fc.double({ min: 0.1, max: 1, noNaN: true }),
  riskPerTrade: fc.constantFrom(0, 0, 0.01, 0.05),
  stopSlippage: fc.boolean(),
  maxBars: fc.constantFrom(0, 0, 1, 3),
  trailing: fc.constantFrom('none', 'none', 'fraction', 'distance'),
  trailFraction: fc.constantFrom(0.01, 0.05),
  activation: fc.constantFrom(0, 0, 0.02),
  entryOrder: fc.constantFrom('market' as const, 'limit' as const, 'stop' as const),
  expiry: fc.constantFrom(1, 3),
  finalize: fc.boolean(),
  sizing: fc.constantFrom(['all_in', 0] as const, ['percent_of_equity', 0.5] as const, ['value', 3000] as const, ['amount', 20] as const, ['risk', 0.02] as const),
  granularity: fc.constantFrom(0, 0, 1, 0.01),
  minNotional: fc.constantFrom(0, 0, 500),
  partials: fc.boolean(),
  maxEntries: fc.constantFrom(0, 0, 2, 4),
}).map((c) => {
  const n = c.rows.length;
  const open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n);
  const flags = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
  const useDist = c.stops === 'distance' || c.stops === 'both';
  const useFrac = c.stops === 'fraction' || c.stops === 'both';
  const slD = useDist ? new Float64Array(n) : null;
  const tpD = useDist ? new Float64Array(n) : null;
  const trailD = c.trailing === 'distance' ? new Float64Array(n) : null;
  const levels = c.entryOrder === 'market' ? null : new Float64Array(n);
  const fracs = c.partials ? new Float64Array(n) : null;
  let p = 100;
  c.rows.forEach((r, t) => {
    const o = p * (1 + r.gap);
    const cl = o * (1 + r.ret);
    open[t] = o; close[t] = cl;
    high[t] = Math.max(o, cl) * (1 + r.up);
    low[t] = Math.min(o, cl) * (1 - r.dn);
    // about a quarter of the bars carry some signal
    if (r.bits < 16) for (let k = 0; k < 4; k++) flags[k][t] = (r.bits >> k) & 1;
    if (slD !== null) slD[t] = r.sl === null ? NaN : r.sl * cl;
    if (tpD !== null) tpD[t] = r.tp === null ? NaN : r.tp * cl;
    if (trailD !== null) trailD[t] = r.trail === null ? NaN : r.trail * cl;
    if (levels !== null) levels[t] = r.level === null ? NaN : cl * (1 + r.level);
    if (fracs !== null) fracs[t] = r.frac === null ? NaN : r.frac;
    p = cl;
  });
  const sig: Signals = {
    longEntries: flags[0], longExits: flags[1], shortEntries: flags[2], shortExits: flags[3],
    slDistance: slD, tpDistance: tpD, slFraction: useFrac ? c.slFraction : 0, tpFraction: useFrac ? c.tpFraction : 0,
    trailDistance: trailD, entryLevel: levels, exitFraction: fracs,
  };
  const spec: PortfolioSpec = {
    ...DEFAULT_PORTFOLIO, initCash: 10_000, fees: c.fees, slippage: c.slippage, execution: c.execution, market: c.market,
    maxPositionSize: c.maxPositionSize, riskPerTrade: c.riskPerTrade, stopSlippage: c.stopSlippage,
    maxBarsInTrade: c.maxBars, trailingStop: c.trailing === 'fraction' ? c.trailFraction : 0, trailingActivation: c.activation,
    entryOrder: c.entryOrder, entryExpiryBars: c.expiry, finalizeTrades: c.finalize,
    sizeType: c.sizing[0], ...(c.sizing[1] > 0 && { size: c.sizing[1] }), sizeGranularity: c.granularity, minNotional: c.minNotional,
    ...(c.maxEntries > 0 && { accumulate: true, maxEntries: c.maxEntries }),
  };
  return { prices: { open, high, low, close }, sig, spec };
});

const RUNS = { numRuns: 400 };
const near = (a: number, b: number, scale: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, scale);

describe('simulate: invariants over random markets and signals', () => {
  it('equity = cash + position*close at every bar, and is never NaN', () => {
    fc.assert(fc.property(caseArb, ({ prices, sig, spec }) => {
      const r = simulate(prices, sig, spec);
      for (let t = 0; t < prices.close.length; t++) {
        expect(Number.isFinite(r.equity[t])).toBe(true);
        const held = r.position[t] * prices.close[t];
        expect(near(r.equity[t], r.cash[t] + held, Math.abs(r.cash[t]) + Math.abs(held))).toBe(true);
        if (spec.market === 'spot') expect(r.position[t]).toBeGreaterThanOrEqual(0);
      }
    }), RUNS);
  });

  it('without slippage every fill lies inside its bar\'s [low, high]', () => {
    fc.assert(fc.property(caseArb, ({ prices, sig, spec }) => {
      const r = simulate(prices, sig, { ...spec, slippage: 0 });
      const o = r.orders;
      for (let k = 0; k < o.count; k++) {
        const b = o.barIndex[k];
        expect(o.price[k]).toBeGreaterThanOrEqual(prices.low[b]);
        expect(o.price[k]).toBeLessThanOrEqual(prices.high[b]);
      }
    }), RUNS);
  });

  it('trade pnl (closed + open marked) sums to final equity - initial cash', () => {
    fc.assert(fc.property(caseArb, ({ prices, sig, spec }) => {
      const r = simulate(prices, sig, spec);
      const t = r.trades;
      let sum = 0;
      let scale = spec.initCash;
      for (let k = 0; k < t.count; k++) {
        sum += t.pnl[k];
        scale += Math.abs(t.units[k] * t.entryPrice[k]);
        // each row's own arithmetic
        const gross = t.side[k] * t.units[k] * (t.exitPrice[k] - t.entryPrice[k]);
        expect(near(t.pnl[k], gross - t.entryFee[k] - t.exitFee[k], scale)).toBe(true);
        expect(t.ret[k]).toBeCloseTo(t.pnl[k] / (t.units[k] * t.entryPrice[k]), 12);
      }
      const n = prices.close.length;
      expect(near(sum, r.equity[n - 1] - spec.initCash, scale)).toBe(true);
      expect(r.closedTrades + r.openTrades).toBe(t.count);
      expect(r.openTrades).toBe(r.position[n - 1] !== 0 ? 1 : 0);
      if (r.openTrades === 1) {
        expect([t.exitReason[t.count - 1], t.exitIndex[t.count - 1]]).toEqual([EXIT_END_OPEN, n - 1]);
        // An open trade's exit fee is that of its partial exits so far (none without them).
        if (sig.exitFraction == null) expect(t.exitFee[t.count - 1]).toBe(0);
      }
    }), RUNS);
  });

  it('whole units: with size_granularity 1 every trade and order size is an integer; entries respect min_notional', () => {
    fc.assert(fc.property(caseArb, ({ prices, sig, spec }) => {
      const r = simulate(prices, sig, { ...spec, sizeGranularity: 1 });
      for (let k = 0; k < r.trades.count; k++) {
        expect(Number.isInteger(r.trades.units[k])).toBe(true);
        expect(r.trades.units[k] * r.trades.entryPrice[k]).toBeGreaterThanOrEqual(spec.minNotional ?? 0);
      }
      for (let k = 0; k < r.orders.count; k++) expect(Number.isInteger(r.orders.units[k])).toBe(true);
      for (let t = 0; t < prices.close.length; t++) expect(Number.isInteger(r.position[t])).toBe(true);
    }), RUNS);
  });

  it('no fill before the first entry signal (the next bar in next_open mode)', () => {
    fc.assert(fc.property(caseArb, ({ prices, sig, spec }) => {
      const r = simulate(prices, sig, spec);
      let first = -1;
      for (let t = 0; t < prices.close.length && first < 0; t++) {
        if (sig.longEntries[t] || (spec.market === 'swap' && sig.shortEntries[t])) first = t;
      }
      if (first < 0) {
        expect(r.orders.count).toBe(0);
        return;
      }
      if (r.orders.count > 0) {
        expect(r.orders.barIndex[0]).toBeGreaterThanOrEqual(spec.execution === 'close' ? first : first + 1);
      }
    }), RUNS);
  });

  it('orders and trades agree: units, fees, cash and position changes', () => {
    fc.assert(fc.property(caseArb, ({ prices, sig, spec }) => {
      const r = simulate(prices, sig, spec);
      const n = prices.close.length;
      const o = r.orders;
      const t = r.trades;
      // At most two orders per trade (docs/semantics.md "Event order"), plus one per partial exit.
      // With pyramiding every add is one more order from its own entry-signal bar.
      const entryBars = Array.from(sig.longEntries, (v, i) => v | (spec.market === 'swap' ? sig.shortEntries[i] : 0)).filter((v) => v !== 0).length;
      expect(o.count).toBeLessThanOrEqual(spec.accumulate === true ? 2 * entryBars + (sig.exitFraction == null ? 0 : n) : 2 * t.count + (sig.exitFraction == null ? 0 : n));
      // per bar: signed order units = position change; cash change = -(signed notional) - fees
      const du = new Float64Array(n), dc = new Float64Array(n);
      for (let k = 0; k < o.count; k++) {
        du[o.barIndex[k]] += o.side[k] * o.units[k];
        dc[o.barIndex[k]] -= o.side[k] * o.units[k] * o.price[k] + o.fee[k];
      }
      for (let b = 0; b < n; b++) {
        const pos0 = b === 0 ? 0 : r.position[b - 1];
        const cash0 = b === 0 ? spec.initCash : r.cash[b - 1];
        expect(near(r.position[b] - pos0, du[b], Math.abs(pos0) + Math.abs(r.position[b]))).toBe(true);
        expect(near(r.cash[b] - cash0, dc[b], Math.abs(cash0) + Math.abs(r.cash[b]))).toBe(true);
      }
      // totals: order fees = trade fees; order units = entry units + units of closed exits
      let feeO = 0, unitsO = 0, feeT = 0, unitsT = 0;
      for (let k = 0; k < o.count; k++) { feeO += o.fee[k]; unitsO += o.units[k]; }
      for (let k = 0; k < t.count; k++) {
        feeT += t.entryFee[k] + t.exitFee[k];
        unitsT += t.units[k] * (t.exitReason[k] === EXIT_END_OPEN ? 1 : 2);
      }
      expect(near(feeO, feeT, feeO)).toBe(true);
      // With partial exits a trade still open has sold part of its units already.
      if (sig.exitFraction == null || r.openTrades === 0) expect(near(unitsO, unitsT, unitsO)).toBe(true);
      // every trade has its entry order (and exit order when closed) on the right bar and side
      for (let k = 0; k < t.count; k++) {
        const at = (bar: number, side: number) => {
          for (let j = 0; j < o.count; j++) if (o.barIndex[j] === bar && o.side[j] === side) return true;
          return false;
        };
        expect(at(t.entryIndex[k], t.side[k])).toBe(true);
        if (spec.accumulate === true) continue; // adds put later entry orders on other bars
        if (t.exitReason[k] !== EXIT_END_OPEN) expect(at(t.exitIndex[k], -t.side[k])).toBe(true);
      }
    }), RUNS);
  });

  it('cash and position made from the recorded steps equal the columns the fill loop writes per bar, bit for bit', () => {
    const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    fc.assert(fc.property(caseArb, ({ prices, sig, spec }) => {
      const n = prices.close.length;
      const r = simulate(prices, sig, spec);
      // The reference: the same run writing both columns on every bar.
      const out = allocSimBuffers(n, { orderCapacity: 3 * n });
      expect(fillLoop(toSimInputs(prices, sig, spec), toSimSpec(spec, sig), out).status).toBe(SIM_OK);
      expect(bytes(r.cash).equals(bytes(out.cash!))).toBe(true);
      expect(bytes(r.position).equals(bytes(out.position!))).toBe(true);
      expect(bytes(r.equity).equals(bytes(out.equity))).toBe(true);
      expect(r.cash).toBe(r.cash); // made once
    }), RUNS);
  });
});
