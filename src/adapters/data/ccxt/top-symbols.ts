import type { Logger } from '../../../orchestration/ports.js';
import { silentLogger } from '../../../orchestration/ports.js';
import { connectExchange, ensureMarkets, fromCcxtSymbol } from './exchange.js';
import type { MarketType } from './market-type.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry.js';

export interface TopSymbolsRequest {
  /** A ccxt exchange id; default `binance`. */
  readonly exchange?: string;
  /** Default `USDT`. */
  readonly quoteCurrency?: string;
  /** Default 10. */
  readonly topN?: number;
  /** Default `spot`. */
  readonly market?: MarketType;
  readonly logger?: Logger;
  readonly retry?: Partial<RetryPolicy>;
  /** ccxt constructor settings merged over ours (tests point it at the fake exchange). */
  readonly exchangeOverrides?: Record<string, unknown>;
}

/** One ranked market: our symbol and its 24 h volume in the quote currency. */
export interface RankedSymbol {
  readonly symbol: string;
  readonly quoteVolume: number;
}

/**
 * The active markets quoted in `quoteCurrency`, ranked by 24 h quote volume (highest first; ties
 * by symbol), at most `topN`. Markets without a reported volume rank last.
 */
export async function fetchTopMarkets(req: TopSymbolsRequest = {}): Promise<RankedSymbol[]> {
  const market = req.market ?? 'spot';
  const quote = (req.quoteCurrency ?? 'USDT').toUpperCase();
  const topN = req.topN ?? 10;
  const logger = req.logger ?? silentLogger;
  const retry = { ...DEFAULT_RETRY, ...req.retry };
  const c = await connectExchange({ exchangeId: req.exchange ?? 'binance', market, overrides: req.exchangeOverrides });
  await ensureMarkets(c, retry, logger);
  const { exchange } = c;
  const tickers = await withRetries(() => exchange.fetchTickers(), {
    exchangeId: exchange.id, what: 'fetchTickers', policy: retry, classify: c.classify, logger,
  });
  const ranked: RankedSymbol[] = [];
  for (const m of Object.values(exchange.markets ?? {})) {
    if (!m || m.quote !== quote || m.active === false) continue;
    if (market === 'spot' ? m.spot !== true : m.swap !== true || m.linear === false) continue;
    const v = Number(tickers[m.symbol]?.quoteVolume);
    ranked.push({ symbol: fromCcxtSymbol(m.symbol), quoteVolume: Number.isFinite(v) ? v : -1 });
  }
  ranked.sort((a, b) => b.quoteVolume - a.quoteVolume || a.symbol.localeCompare(b.symbol));
  return ranked.slice(0, Math.max(0, topN)).map((r) => ({ ...r, quoteVolume: Math.max(0, r.quoteVolume) }));
}

/** The guide's `fetch_top_symbols`: the `topN` most traded symbols quoted in `quoteCurrency`. */
export async function fetchTopSymbols(req: TopSymbolsRequest = {}): Promise<string[]> {
  return (await fetchTopMarkets(req)).map((r) => r.symbol);
}
