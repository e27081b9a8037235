/** Buffer and input shape checks of the fill loop, as status codes. */
import { countEntryBars } from './entry-count.js';
import { SIM_BAD_LENGTH, SIM_CAPACITY, SIM_OK, type SimBuffers, type SimInputs } from './sim-spec.js';

/**
 * `SIM_OK` when every input has n elements and the buffers can hold the run, else
 * `SIM_BAD_LENGTH` or `SIM_CAPACITY`.
 */
export function checkShapes(inp: SimInputs, out: SimBuffers, n: number): number {
  const same = [inp.open, inp.high, inp.low, inp.longEntries, inp.longExits, inp.shortEntries, inp.shortExits];
  for (const a of same) if (a.length !== n) return SIM_BAD_LENGTH;
  if (inp.slDistance !== null && inp.slDistance.length !== n) return SIM_BAD_LENGTH;
  if (inp.tpDistance !== null && inp.tpDistance.length !== n) return SIM_BAD_LENGTH;
  if (inp.trailDistance != null && inp.trailDistance.length !== n) return SIM_BAD_LENGTH;
  if (inp.entryLevel != null && inp.entryLevel.length !== n) return SIM_BAD_LENGTH;
  if (inp.size != null && inp.size.length !== n) return SIM_BAD_LENGTH;
  if (inp.exitFraction != null && inp.exitFraction.length !== n) return SIM_BAD_LENGTH;
  if (out.equity.length < n || (out.cash !== null && out.cash.length < n) || (out.position !== null && out.position.length < n)) return SIM_BAD_LENGTH;
  const tr = out.trades;
  const trCols = [tr.entryIndex, tr.exitIndex, tr.side, tr.units, tr.entryPrice, tr.exitPrice, tr.entryFee, tr.exitFee, tr.pnl, tr.ret, tr.exitReason, tr.slLevel, tr.tpLevel];
  let tradeCap = n;
  for (const a of trCols) tradeCap = Math.min(tradeCap, a.length);
  const o = out.orders;
  const orderCap = o === null ? 3 * n : Math.min(o.barIndex.length, o.side.length, o.price.length, o.units.length, o.fee.length);
  if (tradeCap >= n && orderCap >= 3 * n) return SIM_OK;
  if (tradeCap >= n && orderCap >= 2 * n && inp.exitFraction == null) return SIM_OK;
  // Every trade opens on a distinct entry-signal bar and has at most two orders (a reversal's one
  // order both closes and opens), so smaller buffers suffice when signals are sparse; partial
  // exits add at most one order per exit-signal bar.
  const need = countEntryBars(inp.longEntries, inp.shortEntries, n);
  if (inp.exitFraction != null) return tradeCap >= need && orderCap >= 2 * need + n ? SIM_OK : SIM_CAPACITY;
  return tradeCap >= need && orderCap >= 2 * need ? SIM_OK : SIM_CAPACITY;
}
