/** Per-symbol breakdown of a portfolio run (`contributions.csv`). */
import { EXIT_END_OPEN } from '../../kernels/sim/records.js';
import type { PortfolioSimulation } from './simulate-portfolio.js';

export interface SymbolContribution {
  readonly symbol: string;
  /** Σ pnl of the symbol's trades, the open one marked to its last close (after fees). */
  readonly pnl: number;
  /** pnl / the account's total pnl; NaN when the total is 0. */
  readonly pnlShare: number;
  readonly closedTrades: number;
  readonly openTrades: number;
  /** Share of the account's bars with a position in this symbol. */
  readonly exposure: number;
  /** Entry signals not filled (no free slot, no cash, last bar in next_open mode). */
  readonly skippedEntries: number;
  readonly fees: number;
}

/** One row per symbol, in listed order; the pnl column sums to final equity − initial cash. */
export function contributions(sim: PortfolioSimulation): SymbolContribution[] {
  const m = sim.symbols.length;
  const pnl = new Float64Array(m), fees = new Float64Array(m);
  const closed = new Int32Array(m), open = new Int32Array(m);
  const t = sim.trades;
  for (let k = 0; k < t.count; k++) {
    const c = sim.tradeSymbol[k];
    pnl[c] += t.pnl[k];
    fees[c] += t.entryFee[k] + t.exitFee[k];
    if (t.exitReason[k] === EXIT_END_OPEN) open[c]++;
    else closed[c]++;
  }
  let total = 0;
  for (let c = 0; c < m; c++) total += pnl[c];
  const n = sim.time.length;
  return sim.symbols.map((symbol, c) => {
    let held = 0;
    const u = sim.units[c];
    for (let i = 0; i < n; i++) if (u[i] !== 0) held++;
    return {
      symbol, pnl: pnl[c], pnlShare: total === 0 ? NaN : pnl[c] / total, closedTrades: closed[c], openTrades: open[c],
      exposure: n === 0 ? NaN : held / n, skippedEntries: sim.skipped[c], fees: fees[c],
    };
  });
}

/**
 * Equal-weight buy-and-hold of the symbols: each gets initCash/m, bought at its first open (held
 * as cash until then), no fees; valued at its last close.
 */
export function equalWeightBenchmark(sim: PortfolioSimulation, opens: readonly Float64Array[], initCash: number): Float64Array {
  const m = sim.symbols.length;
  const n = sim.time.length;
  const out = new Float64Array(n);
  const share = initCash / m;
  for (let c = 0; c < m; c++) {
    const pos = sim.positions[c];
    const units = pos.length > 0 ? share / opens[c][0] : 0;
    const last = sim.lastClose[c];
    for (let i = 0; i < n; i++) out[i] += last[i] === last[i] ? units * last[i] : share;
  }
  return out;
}
