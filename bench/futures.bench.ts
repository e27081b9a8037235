/**
 * Perpetual-futures fill loop (issue 11): `npx tsx bench/futures.bench.ts [bars] [runs]`. A swap
 * run at 10x with funding every 8 bars (8h funding on 1h-like bars), liquidation checks on every
 * bar, ATR-like stops, ~1 signal per 50 bars, over 525,600 bars (a year of 1m). Target: < 60 ms
 * per run. Reports the best of several repetitions (the machine may be shared) next to the same
 * * run without margin and funding. Each entry commits 5 % of equity as margin, so liquidations
 * recur instead of ending the run.
 */
import { allocSimBuffers } from '../src/kernels/sim/buffers.js';
import { fillLoop } from '../src/kernels/sim/fill-loop.js';
import { EXEC_NEXT_OPEN, type SimInputs, type SimSpec } from '../src/kernels/sim/sim-spec.js';
import { portfolioFillLoop } from '../src/kernels/sim/portfolio-loop.js';
import { STAKE_EQUAL, type PortfolioSimBuffers, type PortfolioSimSpec } from '../src/kernels/sim/portfolio-spec.js';
import { allocOrders, allocTrades } from '../src/kernels/sim/records.js';

const n = Number(process.argv[2] ?? 525_600);
const runs = Number(process.argv[3] ?? 10);

let seed = 777;
const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);

function market(): SimInputs {
  const open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n);
  const le = new Uint8Array(n), lx = new Uint8Array(n), se = new Uint8Array(n), sx = new Uint8Array(n);
  const sl = new Float64Array(n), tp = new Float64Array(n), funding = new Float64Array(n);
  let p = 100;
  for (let t = 0; t < n; t++) {
    const o = p;
    const c = o * (1 + (rand() - 0.5) * 0.02);
    open[t] = o; close[t] = c;
    high[t] = Math.max(o, c) * (1 + rand() * 0.01);
    low[t] = Math.min(o, c) * (1 - rand() * 0.01);
    sl[t] = 2 * o * 0.01; tp[t] = 4 * o * 0.01;
    if (t % 8 === 0) funding[t] = 0.0001 + (rand() - 0.5) * 0.0002;
    const r = rand();
    if (r < 0.01) { le[t] = 1; sx[t] = 1; } else if (r < 0.02) { se[t] = 1; lx[t] = 1; }
    p = c;
  }
  return { open, high, low, close, longEntries: le, longExits: lx, shortEntries: se, shortExits: sx, slDistance: sl, tpDistance: tp, fundingRate: funding };
}

const inp = market();
const plainInp = { ...inp, fundingRate: null };
const base: SimSpec = {
  initCash: 100_000, fees: 0.0005, slippage: 0.0002, execution: EXEC_NEXT_OPEN, allowShort: true,
  maxPositionSize: 1, riskPerTrade: 0, slFraction: 0, tpFraction: 0, stopSlippage: false,
};
const futures: SimSpec = { ...base, maxPositionSize: 0.05, leverage: 50, maintenanceMarginRate: 0.005, liquidationFee: 0.005 };
const out = allocSimBuffers(n, { orders: false, futures: true });

for (const [label, spec, input] of [
  ['swap 50x + funding + liquidation', futures, inp],
  ['swap unlevered, no funding (reference)', base, plainInp],
] as const) {
  let best = Infinity;
  let c = fillLoop(input, spec, out);
  for (let rep = 0; rep < 5; rep++) {
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < runs; r++) c = fillLoop(input, spec, out);
    const sec = Number(process.hrtime.bigint() - t0) / 1e9 / runs;
    if (sec < best) best = sec;
  }
  const target = spec === futures ? `  (target < 60 ms: ${best * 1000 < 60 ? 'met' : 'NOT met'})` : '';
  console.log(`${label.padEnd(40)} ${(best * 1000).toFixed(1).padStart(6)} ms per ${n.toLocaleString('en-US')} bars, ${c.trades} trades, ${c.liquidations ?? 0} liquidations${target}`);
}

// The one-account portfolio (docs/futures.md "Portfolio"): 4 symbols × 131,400 bars (a quarter of
// 525,600 each) at 50x (5 % margin per entry) with funding and liquidations, next to the same account unlevered
// without funding. No target of its own; it shows what margin and funding cost in the shared loop.
{
  const m = 4;
  const cols = Array.from({ length: m }, () => {
    const full = market();
    const q = n >> 2;
    const cut = <T extends Float64Array | Uint8Array>(a: T) => a.subarray(0, q) as T;
    return { open: cut(full.open), high: cut(full.high), low: cut(full.low), close: cut(full.close), longEntries: cut(full.longEntries),
      longExits: cut(full.longExits), shortEntries: cut(full.shortEntries), shortExits: cut(full.shortExits), slDistance: cut(full.slDistance!),
      tpDistance: cut(full.tpDistance!), fundingRate: cut(full.fundingRate!) };
  });
  const q = cols[0].close.length;
  let entries = 0;
  for (const c of cols) for (let t = 0; t < q; t++) entries += (c.longEntries[t] | c.shortEntries[t]) !== 0 ? 1 : 0;
  const buffers = (futuresOn: boolean): PortfolioSimBuffers => ({
    equity: new Float64Array(q), cash: new Float64Array(q), values: null, units: null, trades: allocTrades(entries), tradeColumn: new Int32Array(entries),
    orders: allocOrders(2 * entries), orderColumn: new Int32Array(2 * entries), skipped: new Int32Array(m), ambiguous: new Int32Array(m), openPositions: new Int32Array(q),
    ...(futuresOn && { funding: new Float64Array(q), marginUsed: new Float64Array(q), liquidations: new Int32Array(m) }),
  });
  const entryOrder = Int32Array.from({ length: m }, (_, i) => i);
  const psOf = (sim: SimSpec): PortfolioSimSpec => ({ sim, stakeKind: STAKE_EQUAL, stakeValue: 0, maxOpenPositions: m, minBudget: 1e-4 });
  for (const [label, sim, columns, out] of [
    ['portfolio 4 × swap 50x + funding', futures, cols, buffers(true)],
    ['portfolio 4 × unlevered, no funding', base, cols.map((c) => ({ ...c, fundingRate: null })), buffers(false)],
  ] as const) {
    let best = Infinity;
    let c = portfolioFillLoop({ columns, entryOrder }, psOf(sim), out);
    for (let rep = 0; rep < 5; rep++) {
      const t0 = process.hrtime.bigint();
      for (let r = 0; r < runs; r++) c = portfolioFillLoop({ columns, entryOrder }, psOf(sim), out);
      const sec = Number(process.hrtime.bigint() - t0) / 1e9 / runs;
      if (sec < best) best = sec;
    }
    console.log(`${label.padEnd(40)} ${(best * 1000).toFixed(1).padStart(6)} ms per ${m} × ${q.toLocaleString('en-US')} bars, ${c.trades} trades, ${c.liquidations ?? 0} liquidations`);
  }
}
