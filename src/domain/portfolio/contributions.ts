/** Per-symbol breakdown of a portfolio run (`contributions.csv`). */
import { EXIT_END_OPEN } from '../../kernels/sim/records.js';
import type { PortfolioSimulation } from './simulate-portfolio.js';

export interface SymbolContribution {
  readonly symbol: string;
  /** Cash flows of the symbol's orders (after fees) and funding, plus its final position at its last close (= Σ its trades' pnl). */
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
  readonly orders: number;
}

/** One row per symbol, in listed order; the pnl column sums to final equity − initial cash. */
export function contributions(sim: PortfolioSimulation): SymbolContribution[] {
  const m = sim.symbols.length;
  const pnl = new Float64Array(m), fees = new Float64Array(m);
  const closed = new Int32Array(m), open = new Int32Array(m), orders = new Int32Array(m);
  const t = sim.trades;
  for (let k = 0; k < t.count; k++) {
    if (t.exitReason[k] === EXIT_END_OPEN) open[sim.tradeSymbol[k]]++;
    else closed[sim.tradeSymbol[k]]++;
  }
  // From the orders, so it also holds for target weights (positions resized, no trade rows).
  const o = sim.orders;
  for (let k = 0; k < o.count; k++) {
    const c = sim.orderSymbol[k];
    pnl[c] -= o.side[k] * o.units[k] * o.price[k] + o.fee[k];
    fees[c] += o.fee[k];
    orders[c]++;
  }
  // Funding is paid from cash outside the orders (perpetual futures): each trade's funding, by symbol.
  if (sim.futures !== undefined) for (let k = 0; k < t.count; k++) pnl[sim.tradeSymbol[k]] -= t.funding[k];
  const last = sim.time.length - 1;
  for (let c = 0; c < m; c++) if (last >= 0) pnl[c] += sim.values[c][last];
  let total = 0;
  for (let c = 0; c < m; c++) total += pnl[c];
  const n = sim.time.length;
  return sim.symbols.map((symbol, c) => {
    let held = 0;
    const u = sim.units[c];
    for (let i = 0; i < n; i++) if (u[i] !== 0) held++;
    return {
      symbol, pnl: pnl[c], pnlShare: total === 0 ? NaN : pnl[c] / total, closedTrades: closed[c], openTrades: open[c],
      exposure: n === 0 ? NaN : held / n, skippedEntries: sim.skipped[c], fees: fees[c], orders: orders[c],
    };
  });
}

/**
 * Equal-weight buy-and-hold of the symbols: each gets initCash/m, bought at its first open (held
 * as cash until then), no fees; valued at its last close.
 */
export function equalWeightBenchmark(sim: Pick<PortfolioSimulation, 'symbols' | 'time' | 'positions' | 'lastClose'>, opens: readonly Float64Array[], initCash: number): Float64Array {
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
