/**
 * Perpetual-futures figures of a run (docs/metrics.md "Futures"): funding paid in total,
 * liquidations, the largest leverage used, and the entries whose stop-loss lay beyond their
 * liquidation price.
 */
import type { SimulationResult, TradeRecords } from '../../kernels/sim/records.js';
import type { PortfolioSimulation } from './simulate-portfolio.js';

export interface FuturesSummary {
  /** Funding paid over the run (negative = received), in quote currency. */
  readonly totalFunding: number;
  readonly liquidations: number;
  /** max over bars of |position|·close / equity (NaN when equity is not positive). */
  readonly maxLeverageUsed: number;
  /** Trades whose stop-loss lay beyond their liquidation price (the liquidation comes first). */
  readonly stopsBeyondLiquidation: number;
}

/** The summary, or null for a run without futures records (spot, unlevered swap without funding). */
export function futuresSummary(sim: SimulationResult, close: Float64Array): FuturesSummary | null {
  const f = sim.futures;
  if (f === undefined) return null;
  let maxLev = 0;
  const { equity, position } = sim;
  for (let t = 0; t < close.length; t++) {
    const e = equity[t];
    const lev = e > 0 ? (Math.abs(position[t]) * close[t]) / e : position[t] !== 0 ? NaN : 0;
    if (lev > maxLev || lev !== lev) maxLev = lev;
    if (maxLev !== maxLev) break;
  }
  return { totalFunding: f.totalFunding, liquidations: f.liquidations, maxLeverageUsed: maxLev, stopsBeyondLiquidation: stopsBeyond(sim.trades) };
}

/**
 * The one account's summary (docs/futures.md "Portfolio"): `maxLeverageUsed` = max over bars of
 * Σ |units|·last close / equity over the symbols; null without futures records.
 */
export function portfolioFuturesSummary(sim: PortfolioSimulation): FuturesSummary | null {
  const f = sim.futures;
  if (f === undefined) return null;
  let maxLev = 0;
  for (let t = 0; t < sim.time.length && maxLev === maxLev; t++) {
    let notional = 0;
    for (let c = 0; c < sim.units.length; c++) {
      const u = sim.units[c][t];
      if (u !== 0) notional += Math.abs(u) * sim.lastClose[c][t];
    }
    const e = sim.equity[t];
    const lev = e > 0 ? notional / e : notional !== 0 ? NaN : 0;
    if (lev > maxLev || lev !== lev) maxLev = lev;
  }
  return { totalFunding: f.totalFunding, liquidations: f.liquidations, maxLeverageUsed: maxLev, stopsBeyondLiquidation: stopsBeyond(sim.trades) };
}

function stopsBeyond(tr: TradeRecords): number {
  let beyond = 0;
  for (let k = 0; k < tr.count; k++) {
    const sl = tr.slLevel[k];
    const liq = tr.liqPrice[k];
    if (sl === sl && liq === liq && (tr.side[k] > 0 ? sl < liq : sl > liq)) beyond++;
  }
  return beyond;
}
