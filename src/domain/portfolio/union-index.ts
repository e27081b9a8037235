/**
 * One time index for many symbols (DESIGN.md §3b): the union of their bar times, and each
 * symbol's columns laid onto it (prices NaN and signals 0 on bars the symbol does not have).
 */
import type { Signals } from '../strategies/strategy.js';
import type { PriceColumns } from './simulate.js';

/** The sorted union of the given strictly increasing time arrays. */
export function unionTimes(times: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const t of times) total += t.length;
  const all = new Float64Array(total);
  let k = 0;
  for (const t of times) { all.set(t, k); k += t.length; }
  all.sort();
  let m = 0;
  for (let i = 0; i < total; i++) if (i === 0 || all[i] !== all[m - 1]) all[m++] = all[i];
  return all.slice(0, m);
}

/** For each bar of `own`, its index in `union` (both sorted; every `own` time is in `union`). */
export function positionsIn(union: Float64Array, own: Float64Array): Int32Array {
  const pos = new Int32Array(own.length);
  let j = 0;
  for (let i = 0; i < own.length; i++) {
    while (union[j] < own[i]) j++;
    pos[i] = j;
  }
  return pos;
}

function spreadF(src: Float64Array, pos: Int32Array, n: number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < pos.length; i++) out[pos[i]] = src[i];
  return out;
}

function spreadU(src: Uint8Array, pos: Int32Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < pos.length; i++) out[pos[i]] = src[i];
  return out;
}

/** A symbol's prices and signals on the union index; the identity (no copies) when it has every bar. */
export function alignColumn(prices: PriceColumns, signals: Signals, pos: Int32Array, n: number) {
  if (pos.length === n) {
    return { ...prices, longEntries: signals.longEntries, longExits: signals.longExits, shortEntries: signals.shortEntries,
      shortExits: signals.shortExits, slDistance: signals.slDistance, tpDistance: signals.tpDistance };
  }
  return {
    open: spreadF(prices.open, pos, n), high: spreadF(prices.high, pos, n), low: spreadF(prices.low, pos, n), close: spreadF(prices.close, pos, n),
    longEntries: spreadU(signals.longEntries, pos, n), longExits: spreadU(signals.longExits, pos, n),
    shortEntries: spreadU(signals.shortEntries, pos, n), shortExits: spreadU(signals.shortExits, pos, n),
    slDistance: signals.slDistance === null ? null : spreadF(signals.slDistance, pos, n),
    tpDistance: signals.tpDistance === null ? null : spreadF(signals.tpDistance, pos, n),
  };
}
