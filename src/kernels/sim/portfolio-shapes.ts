/** Shape and capacity check of the portfolio fill loop's inputs and buffers. */
import type { PortfolioSimBuffers, PortfolioSimInputs } from './portfolio-spec.js';
import { SIM_BAD_LENGTH, SIM_CAPACITY, SIM_OK } from './sim-spec.js';
import { countEntryBars } from './entry-count.js';

/**
 * `SIM_BAD_LENGTH` when there is no column, a column's arrays differ in length, or a buffer is too
 * short for the bars or columns; `SIM_CAPACITY` when the trade/order rows cannot hold one trade per
 * entry-signal bar (a reversal's two parts are one order, so two orders per trade suffice).
 */
export function checkPortfolioShapes(inp: PortfolioSimInputs, out: PortfolioSimBuffers): number {
  const cols = inp.columns;
  const m = cols.length;
  if (m === 0 || inp.entryOrder.length !== m) return SIM_BAD_LENGTH;
  const n = cols[0].close.length;
  let entries = 0;
  for (const c of cols) {
    const arrays = [c.open, c.high, c.low, c.close, c.longEntries, c.longExits, c.shortEntries, c.shortExits];
    for (const a of arrays) if (a.length !== n) return SIM_BAD_LENGTH;
    if ((c.slDistance !== null && c.slDistance.length !== n) || (c.tpDistance !== null && c.tpDistance.length !== n)) return SIM_BAD_LENGTH;
    if (c.fundingRate != null && c.fundingRate.length !== n) return SIM_BAD_LENGTH;
    entries += countEntryBars(c.longEntries, c.shortEntries, n);
  }
  for (let k = 0; k < m; k++) if (!(inp.entryOrder[k] >= 0 && inp.entryOrder[k] < m)) return SIM_BAD_LENGTH;
  if (out.equity.length < n || out.cash.length < n || out.openPositions.length < n) return SIM_BAD_LENGTH;
  if (out.skipped.length < m || out.ambiguous.length < m) return SIM_BAD_LENGTH;
  if ((out.belowMinimum != null && out.belowMinimum.length < m) || (out.liquidations != null && out.liquidations.length < m)) return SIM_BAD_LENGTH;
  if ((out.funding != null && out.funding.length < n) || (out.marginUsed != null && out.marginUsed.length < n)) return SIM_BAD_LENGTH;
  for (const list of [out.values, out.units]) {
    if (list === null) continue;
    if (list.length < m) return SIM_BAD_LENGTH;
    for (const a of list) if (a.length < n) return SIM_BAD_LENGTH;
  }
  const tr = out.trades;
  const trCap = Math.min(tr.entryIndex.length, tr.exitIndex.length, tr.side.length, tr.units.length, tr.entryPrice.length, tr.exitPrice.length,
    tr.entryFee.length, tr.exitFee.length, tr.pnl.length, tr.ret.length, tr.exitReason.length, tr.slLevel.length, tr.tpLevel.length, out.tradeColumn.length);
  const o = out.orders;
  const orderCap = Math.min(o.barIndex.length, o.side.length, o.price.length, o.units.length, o.fee.length, out.orderColumn.length);
  return trCap >= entries && orderCap >= 2 * entries ? SIM_OK : SIM_CAPACITY;
}
