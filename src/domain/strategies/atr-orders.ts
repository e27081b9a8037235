/**
 * ATR-based order inputs a strategy can hand the simulator (issue 10, docs/semantics.md): limit or
 * stop entry levels `offset × ATR` from the signal bar's close, and trailing-stop distances.
 */
import type { Signals } from './strategy.js';

/**
 * Entry levels for the entry bars: a limit buys `offset·ATR[t]` below `close[t]` (sells above), a
 * stop buys above (sells below). NaN on other bars and where ATR is undefined (a market entry).
 */
export function atrEntryLevels(close: Float64Array, atr: Float64Array, longEntries: Uint8Array, shortEntries: Uint8Array, offset: number, order: 'limit' | 'stop'): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  // Below the close for a long limit or a short stop; above for a long stop or a short limit.
  const longSign = order === 'limit' ? -1 : 1;
  for (let t = 0; t < n; t++) {
    if (longEntries[t] !== 0) out[t] = close[t] + longSign * offset * atr[t];
    else if (shortEntries[t] !== 0) out[t] = close[t] - longSign * offset * atr[t];
  }
  return out;
}

/** The optional order inputs of an ATR strategy: only the keys that are on (so plain runs keep their shape). */
export function atrOrderInputs(
  close: Float64Array, atr: Float64Array, s: Pick<Signals, 'longEntries' | 'shortEntries'>,
  opts: { readonly trailMultiplier?: number; readonly entryOffset?: number; readonly entryOrder?: 'limit' | 'stop' },
): Pick<Signals, 'trailDistance' | 'entryLevel' | 'entryOrder'> {
  const out: { trailDistance?: Float64Array; entryLevel?: Float64Array; entryOrder?: 'limit' | 'stop' } = {};
  const m = opts.trailMultiplier ?? 0;
  if (m > 0) out.trailDistance = scaled(atr, m);
  const off = opts.entryOffset ?? 0;
  if (off > 0) {
    const order = opts.entryOrder ?? 'limit';
    out.entryLevel = atrEntryLevels(close, atr, s.longEntries, s.shortEntries, off, order);
    out.entryOrder = order;
  }
  return out;
}

/** `m × src` element by element. A plain loop: `Float64Array.prototype.map` with a callback is several times slower on 500k bars. */
function scaled(src: Float64Array, m: number): Float64Array {
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] * m;
  return out;
}
