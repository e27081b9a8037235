import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Exchange } from 'ccxt';
import { atomicWriteFile } from '../../cache/atomic-write.js';
import { fromCcxtSymbol } from './exchange.js';
import type { ListedMarket, MarketList, MarketType } from './market-type.js';

export type { ListedMarket, MarketList } from './market-type.js';

/** Where the market list of an exchange/market is kept in the cache folder. */
export function marketListPath(cacheDir: string, exchange: string, market: MarketType): string {
  return path.join(cacheDir, exchange.replace(/[^A-Za-z0-9_.-]/g, '_'), market, 'markets.json');
}

/** The markets ccxt loaded, restricted to `market` (spot, or linear perpetual swaps). */
export function marketListFrom(exchange: Exchange, market: MarketType, now: number): MarketList {
  const markets: ListedMarket[] = [];
  for (const m of Object.values(exchange.markets ?? {})) {
    if (!m) continue;
    const ok = market === 'spot' ? m.spot === true : m.swap === true && m.linear !== false;
    if (!ok) continue;
    // ccxt leaves `active` undefined when the exchange does not say; treat that as active.
    const limits = orderLimits(m, exchange.precisionMode);
    markets.push({ symbol: fromCcxtSymbol(m.symbol), base: m.base, quote: m.quote, active: m.active !== false, ...(limits && { limits }) });
  }
  markets.sort((a, b) => a.symbol.localeCompare(b.symbol));
  return { exchange: exchange.id, market, fetchedAt: now, timeframes: Object.keys(exchange.timeframes ?? {}), markets };
}

// ccxt's precision modes (ccxt/js/src/base/functions/number.js): DECIMAL_PLACES = 2, SIGNIFICANT_DIGITS = 3, TICK_SIZE = 4.
const DECIMAL_PLACES = 2;
const TICK_SIZE = 4;

type CcxtMarketLimits = { precision?: { amount?: number }; limits?: { amount?: { min?: number }; cost?: { min?: number }; leverage?: { max?: number } } };

/**
 * A market's order limits from ccxt's unified fields: the amount step from `precision.amount`
 * (a step in TICK_SIZE mode, a number of decimals in DECIMAL_PLACES mode; significant digits give
 * no step), `limits.amount.min` and `limits.cost.min`, and a swap's `limits.leverage.max` (Binance
 * gives none there: its tiers do). Undefined when the market gives none.
 */
export function orderLimits(m: CcxtMarketLimits, precisionMode: number | undefined): ListedMarket['limits'] {
  const pos = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
  const p = m.precision?.amount;
  const amountStep = precisionMode === TICK_SIZE ? pos(p)
    : precisionMode === DECIMAL_PLACES && typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 18 ? 10 ** -p : undefined;
  const minAmount = pos(m.limits?.amount?.min);
  const minCost = pos(m.limits?.cost?.min);
  const maxLeverage = pos(m.limits?.leverage?.max);
  if (amountStep === undefined && minAmount === undefined && minCost === undefined && maxLeverage === undefined) return undefined;
  return { ...(amountStep !== undefined && { amountStep }), ...(minAmount !== undefined && { minAmount }), ...(minCost !== undefined && { minCost }),
    ...(maxLeverage !== undefined && { maxLeverage }) };
}

/** Reads a saved market list; undefined when absent or unreadable (it is only a convenience). */
export async function readMarketList(file: string): Promise<MarketList | undefined> {
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as MarketList;
    return Array.isArray(v.markets) && Array.isArray(v.timeframes) && Number.isFinite(v.fetchedAt) ? v : undefined;
  } catch {
    return undefined;
  }
}

export async function writeMarketList(file: string, list: MarketList): Promise<void> {
  await atomicWriteFile(file, `${JSON.stringify(list, null, 1)}\n`);
}
