/**
 * One time index for many symbols (DESIGN.md §3b): the union of their bar times, and each
 * symbol's columns laid onto it (prices NaN and signals 0 on bars the symbol does not have).
 */
import type { Signals } from '../strategies/strategy.js';
import type { PortfolioColumn } from '../../kernels/sim/portfolio-spec.js';
import type { PriceColumns } from './simulate.js';

/** The sorted union of the given strictly increasing time arrays (merged pairwise: O(N·m), no sort). */
export function unionTimes(times: readonly Float64Array[]): Float64Array {
  if (times.length === 0) return new Float64Array(0);
  let acc = times[0];
  for (let k = 1; k < times.length; k++) if (!same(acc, times[k])) acc = merge(acc, times[k]);
  return acc === times[0] ? acc.slice() : acc;
}

function same(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function merge(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i], y = b[j];
    if (x < y) { out[k++] = x; i++; } else if (y < x) { out[k++] = y; j++; } else { out[k++] = x; i++; j++; }
  }
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out.slice(0, k);
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

/** The signal arrays a portfolio column carries. */
export type ColumnSignals = Pick<Signals, 'longEntries' | 'longExits' | 'shortEntries' | 'shortExits' | 'slDistance' | 'tpDistance'>;

/**
 * A column of the portfolio fill loop from prices and signals already on the union index (no
 * copies). Always built here, with one property order, so every column the loop reads has one
 * hidden class (the loop stays monomorphic; a `{...frame}` spread gave each symbol its own shape).
 */
export function portfolioColumn(prices: PriceColumns, signals: ColumnSignals, fundingRate: Float64Array | null): PortfolioColumn {
  return {
    open: prices.open, high: prices.high, low: prices.low, close: prices.close,
    longEntries: signals.longEntries, longExits: signals.longExits, shortEntries: signals.shortEntries, shortExits: signals.shortExits,
    slDistance: signals.slDistance, tpDistance: signals.tpDistance, fundingRate,
  };
}

/** A symbol's prices on the union index (NaN where it has no bar); the same arrays when it has every bar. */
export function alignPrices(prices: PriceColumns, pos: Int32Array, n: number): PriceColumns {
  if (pos.length === n) return prices;
  return {
    open: spreadF(prices.open, pos, n), high: spreadF(prices.high, pos, n), low: spreadF(prices.low, pos, n), close: spreadF(prices.close, pos, n),
    // Funding on bars the symbol lacks is NaN: nothing is charged there (as in its own run).
    ...(prices.funding !== undefined && { funding: spreadF(prices.funding, pos, n) }),
  };
}

/** A symbol's signals on the union index (0 and NaN where it has no bar); the same arrays when it has every bar. */
export function alignSignals(signals: ColumnSignals, pos: Int32Array, n: number): ColumnSignals {
  if (pos.length === n) return signals;
  return {
    longEntries: spreadU(signals.longEntries, pos, n), longExits: spreadU(signals.longExits, pos, n),
    shortEntries: spreadU(signals.shortEntries, pos, n), shortExits: spreadU(signals.shortExits, pos, n),
    slDistance: alignLevels(signals.slDistance, pos, n), tpDistance: alignLevels(signals.tpDistance, pos, n),
  };
}

/** A per-bar level series (stop distances) on the union index; null stays null. */
export function alignLevels(a: Float64Array | null, pos: Int32Array, n: number): Float64Array | null {
  return a === null || pos.length === n ? a : spreadF(a, pos, n);
}

/**
 * A symbol's prices and signals on the union index (no copies when it has every bar), with its
 * funding rates as the column's `fundingRate` when `funding` is charged.
 */
export function alignColumn(prices: PriceColumns, signals: Signals, pos: Int32Array, n: number, funding: boolean): PortfolioColumn {
  const p = alignPrices(prices, pos, n);
  return portfolioColumn(p, alignSignals(signals, pos, n), funding ? p.funding ?? null : null);
}
