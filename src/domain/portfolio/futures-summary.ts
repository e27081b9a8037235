/**
 * Perpetual-futures figures of a run (docs/metrics.md "Futures"): funding paid in total,
 * liquidations, the largest leverage used, and the entries whose stop-loss lay beyond their
 * liquidation price.
 */
import type { SimulationResult } from '../../kernels/sim/records.js';

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
  for (let t = 0; t < close.length; t++) {
    const e = sim.equity[t];
    const lev = e > 0 ? (Math.abs(sim.position[t]) * close[t]) / e : sim.position[t] !== 0 ? NaN : 0;
    if (lev > maxLev || lev !== lev) maxLev = lev;
    if (maxLev !== maxLev) break;
  }
  const tr = sim.trades;
  let beyond = 0;
  for (let k = 0; k < tr.count; k++) {
    const sl = tr.slLevel[k];
    const liq = tr.liqPrice[k];
    if (sl === sl && liq === liq && (tr.side[k] > 0 ? sl < liq : sl > liq)) beyond++;
  }
  return { totalFunding: f.totalFunding, liquidations: f.liquidations, maxLeverageUsed: maxLev, stopsBeyondLiquidation: beyond };
}
