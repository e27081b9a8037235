/**
 * Perpetual futures in the fill loop (docs/futures.md): hand-worked liquidations (wick, gap, gap
 * before a queued order), funding on a long and a short, and property tests on random markets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocSimBuffers } from './buffers.js';
import { fillLoop } from './fill-loop.js';
import { EXIT_END_OPEN, EXIT_LIQUIDATION } from './records.js';
import { EXEC_CLOSE, EXEC_NEXT_OPEN, type SimInputs, type SimSpec } from './sim-spec.js';

const BASE: SimSpec = {
  initCash: 1000, fees: 0.001, slippage: 0, execution: EXEC_CLOSE, allowShort: true,
  maxPositionSize: 1, riskPerTrade: 0, slFraction: 0, tpFraction: 0, stopSlippage: false,
};

/** Bars from [open, high, low, close] rows, with entries/exits at the given bars. */
function market(rows: number[][], sig: { le?: number[]; lx?: number[]; se?: number[]; sx?: number[] } = {}): SimInputs {
  const n = rows.length;
  const col = (j: number) => Float64Array.from(rows, (r) => r[j]);
  const flags = (at: number[] = []) => {
    const a = new Uint8Array(n);
    for (const t of at) a[t] = 1;
    return a;
  };
  return {
    open: col(0), high: col(1), low: col(2), close: col(3), longEntries: flags(sig.le), longExits: flags(sig.lx),
    shortEntries: flags(sig.se), shortExits: flags(sig.sx), slDistance: null, tpDistance: null,
  };
}

function run(inp: SimInputs, spec: SimSpec) {
  const out = { ...allocSimBuffers(inp.close.length), funding: new Float64Array(inp.close.length), marginUsed: new Float64Array(inp.close.length) };
  const c = fillLoop(inp, spec, out);
  return { c, out, tr: out.trades };
}

describe('isolated margin and liquidation', () => {
  const lev10 = { ...BASE, leverage: 10, maintenanceMarginRate: 0.005, liquidationFee: 0.002 };

  it('liquidates a 10x long on a wick at entry·(1 − 1/L + mmr), with the fee and the margin lost', () => {
    // Entry at the close of bar 0 (100); bar 1 wicks to 90 and closes at 99.
    const inp = market([[100, 100, 100, 100], [100, 101, 90, 99], [99, 100, 98, 99]], { le: [0] });
    const { c, out, tr } = run(inp, lev10);
    // All-in with margin: cash pays units·100/10 + fees·units·100 = 1000.
    const u = 1000 / (100 * (0.1 + 0.001));
    const margin = u * 100 * 0.1;
    expect(tr.units[0]).toBeCloseTo(u, 9);
    expect(tr.liqPrice[0]).toBeCloseTo(100 * (1 - 0.1 + 0.005), 12); // 90.5
    expect(out.marginUsed[0]).toBeCloseTo(margin, 9);
    expect(tr.exitReason[0]).toBe(EXIT_LIQUIDATION);
    expect(tr.exitIndex[0]).toBe(1);
    expect(tr.exitPrice[0]).toBeCloseTo(90.5, 12);
    // Left in the margin at 90.5 after the trading fee: u·(10 − 9.5 − 0.0905); the 0.2 % liquidation
    // fee (u·0.181) fits in it, so it is charged in full.
    const entryFee = 0.001 * u * 100;
    const exitFee = 0.001 * u * 90.5 + 0.002 * u * 90.5;
    expect(tr.exitFee[0]).toBeCloseTo(exitFee, 9);
    const pnl = u * (90.5 - 100) - entryFee - exitFee;
    expect(tr.pnl[0]).toBeCloseTo(pnl, 9);
    expect(out.equity[1]).toBeCloseTo(1000 + pnl, 9);
    expect(out.equity[1]).toBeGreaterThanOrEqual(1000 - margin - entryFee);
    expect(out.marginUsed[1]).toBe(0);
    expect(c.liquidations).toBe(1);
    expect(out.equity[2]).toBe(out.equity[1]);
  });

  it('cuts the liquidation fee to the margin left', () => {
    const inp = market([[100, 100, 100, 100], [100, 101, 90, 99]], { le: [0] });
    const { tr, out } = run(inp, { ...lev10, liquidationFee: 0.05 });
    const u = 1000 / (100 * 0.101);
    // Margin left after the move and the trading fee: u·(0.5 − 0.0905); the 5 % fee would exceed it.
    expect(tr.exitFee[0]).toBeCloseTo(0.001 * u * 90.5 + u * (0.5 - 0.0905), 9);
    expect(tr.pnl[0]).toBeCloseTo(-u * 10 - 0.001 * u * 100, 9); // margin + entry fee lost, no more
    expect(out.equity[1]).toBeCloseTo(0, 9);
  });

  it('liquidates a gap through the level at the open, losing the margin and never more', () => {
    // Half the equity as margin; bar 1 opens at 80, far below 90.5.
    const inp = market([[100, 100, 100, 100], [80, 85, 79, 84]], { le: [0] });
    const { tr, out } = run(inp, { ...lev10, maxPositionSize: 0.5 });
    const u = 500 / (100 * 0.101);
    expect(tr.exitPrice[0]).toBe(80);
    expect(tr.pnl[0]).toBeCloseTo(-u * 10 - 0.001 * u * 100, 9);
    expect(out.equity[1]).toBeCloseTo(500, 9);
  });

  it('liquidates a 5x short; a gap at the open beats the exit queued for that open (next_open)', () => {
    // next_open: short from bar 0's signal fills at bar 1's open (100); liq = 100·(1 + 0.2 − 0.005) = 119.5.
    // Bar 2 wants an exit at bar 3's open, but bar 3 opens at 130 (beyond 119.5).
    const spec = { ...BASE, execution: EXEC_NEXT_OPEN, leverage: 5, maintenanceMarginRate: 0.005, liquidationFee: 0 };
    const inp = market([[100, 100, 100, 100], [100, 101, 99, 100], [100, 110, 99, 110], [130, 131, 125, 126]], { se: [0], sx: [2] });
    const { tr, out } = run(inp, spec);
    const u = 1000 / (100 * (0.2 + 0.001));
    expect(tr.liqPrice[0]).toBeCloseTo(119.5, 12);
    expect(tr.exitReason[0]).toBe(EXIT_LIQUIDATION);
    expect(tr.exitIndex[0]).toBe(3);
    expect(tr.exitPrice[0]).toBe(130);
    expect(tr.pnl[0]).toBeCloseTo(-u * 20 - 0.001 * u * 100, 9);
    expect(out.equity[3]).toBeCloseTo(0, 9);
  });

  it('checks liquidation before the stop-loss on the same bar', () => {
    const inp = market([[100, 100, 100, 100], [100, 101, 85, 99]], { le: [0] });
    const { tr } = run(inp, { ...lev10, slFraction: 0.12 }); // stop at 88 lies beyond 90.5
    expect(tr.exitReason[0]).toBe(EXIT_LIQUIDATION);
  });
});

describe('funding payments', () => {
  // Funding at the opens of bars 1, 3 and 5; bar 6 exits at the close.
  const rows = [[100, 100, 100, 100], [100, 101, 99, 101], [101, 111, 100, 110], [110, 111, 109, 109], [109, 110, 104, 105], [105, 106, 104, 104], [104, 105, 103, 103]];
  const rate = Float64Array.from([0, 0.0001, 0, -0.0002, 0, 0.0003, 0]);
  const marks = [[1, 100, 0.0001], [3, 110, -0.0002], [5, 105, 0.0003]];

  for (const side of [1, -1]) {
    it(`${side > 0 ? 'a long pays' : 'a short receives'} positive rates (units·open·rate at each funding time)`, () => {
      const sig = side > 0 ? { le: [0], lx: [6] } : { se: [0], sx: [6] };
      const inp = { ...market(rows, sig), fundingRate: rate };
      const { c, out, tr } = run(inp, BASE);
      const u = 1000 / (100 * 1.001);
      let paid = 0;
      for (const [t, mark, r] of marks) {
        paid += side * u * mark * r;
        expect(out.funding[t]).toBeCloseTo(paid, 10);
      }
      expect(tr.funding[0]).toBeCloseTo(paid, 10);
      expect(c.totalFunding).toBeCloseTo(paid, 10);
      const pnl = side * u * (103 - 100) - 0.001 * u * 100 - 0.001 * u * 103 - paid;
      expect(tr.pnl[0]).toBeCloseTo(pnl, 9);
      expect(out.equity[6]).toBeCloseTo(1000 + pnl, 9);
    });
  }

  it('charges nothing while flat and leaves the equity of a run without funding input unchanged', () => {
    const inp = market(rows, { le: [2], lx: [4] });
    const a = run(inp, BASE);
    const b = run({ ...inp, fundingRate: Float64Array.from([0.01, 0.01, 0, 0, 0, 0.01, 0.01]) }, BASE);
    expect(b.tr.funding[0]).toBe(0);
    expect(Array.from(b.out.equity)).toEqual(Array.from(a.out.equity));
  });
});

describe('margin properties on random markets', () => {
  const arbMarket = fc.record({
    steps: fc.array(fc.double({ min: -0.08, max: 0.08, noNaN: true }), { minLength: 20, maxLength: 120 }),
    wick: fc.array(fc.double({ min: 0, max: 0.1, noNaN: true }), { minLength: 120, maxLength: 120 }),
    sig: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 120, maxLength: 120 }),
    rates: fc.array(fc.double({ min: -0.002, max: 0.002, noNaN: true }), { minLength: 120, maxLength: 120 }),
    leverage: fc.double({ min: 1, max: 50, noNaN: true }),
    nextOpen: fc.boolean(),
  });

  type RandomMarket = typeof arbMarket extends fc.Arbitrary<infer T> ? T : never;

  function build(m: RandomMarket) {
    const n = m.steps.length;
    const rows: number[][] = [];
    let p = 100;
    for (let t = 0; t < n; t++) {
      const o = p;
      const c = o * (1 + m.steps[t]);
      rows.push([o, Math.max(o, c) * (1 + m.wick[t]), Math.min(o, c) * (1 - m.wick[t]), c]);
      p = t % 9 === 8 ? c * (1 + m.steps[(t + 3) % n]) : c; // occasional gaps
    }
    const pick = (k: number) => m.sig.slice(0, n).flatMap((s: number, t: number) => (s === k ? [t] : []));
    const inp = { ...market(rows, { le: pick(1), lx: pick(2), se: pick(3), sx: pick(4) }), fundingRate: Float64Array.from(m.rates.slice(0, n)) };
    const spec: SimSpec = { ...BASE, execution: m.nextOpen ? EXEC_NEXT_OPEN : EXEC_CLOSE, leverage: m.leverage, maintenanceMarginRate: 0.004, liquidationFee: 0.01 };
    return { inp, spec, n };
  }

  it('equity = initial cash + realized pnl + the open position’s unrealized pnl − funding, at every bar', () => {
    fc.assert(fc.property(arbMarket, (m) => {
      const { inp, spec, n } = build(m);
      const { out, tr } = run(inp, spec);
      for (let t = 0; t < n; t++) {
        let v = spec.initCash - out.funding[t];
        for (let k = 0; k < tr.count; k++) {
          if (tr.entryIndex[k] > t) continue;
          const closed = tr.exitIndex[k] <= t && tr.exitReason[k] !== EXIT_END_OPEN;
          // pnl includes the trade's funding; the account's cumulative funding is taken once above.
          if (closed) v += tr.pnl[k] + tr.funding[k];
          else v += tr.side[k] * tr.units[k] * (inp.close[t] - tr.entryPrice[k]) - tr.entryFee[k];
        }
        expect(out.equity[t]).toBeCloseTo(v, 6);
      }
    }), { numRuns: 150 });
  });

  it('a position never loses more than its margin plus its fees (isolated), funding aside', () => {
    let liquidated = 0;
    fc.assert(fc.property(arbMarket, (m) => {
      const { inp, spec } = build(m);
      const { tr, c } = run(inp, spec);
      liquidated += c.liquidations ?? 0;
      for (let k = 0; k < tr.count; k++) {
        const margin = (tr.units[k] * tr.entryPrice[k]) / spec.leverage!;
        const tradingFees = tr.entryFee[k] + spec.fees * tr.units[k] * tr.exitPrice[k];
        const loss = -(tr.pnl[k] + tr.funding[k]);
        expect(loss).toBeLessThanOrEqual(margin + tradingFees + 1e-9 * margin);
      }
    }), { numRuns: 150 });
    // The random markets do liquidate (the property is not vacuous).
    expect(liquidated).toBeGreaterThan(20);
  });
});
