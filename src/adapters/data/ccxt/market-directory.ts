import { NetworkError } from '../../../base/errors.js';
import { formatIsoUtc } from '../../../domain/frame/dates.js';
import type { Timeframe } from '../../../domain/frame/timeframe.js';
import type { Logger } from '../../../orchestration/ports.js';
import { ensureMarkets, type Connected, type MarketType } from './exchange.js';
import { marketListFrom, marketListPath, readMarketList, writeMarketList, type ListedMarket, type MarketList } from './markets-list.js';
import type { RetryPolicy } from './retry.js';
import { validateAgainstList, type SymbolCheck } from './validate.js';

export interface MarketDirectoryDeps {
  readonly exchangeId: string;
  readonly market: MarketType;
  /** Where to keep `markets.json`; undefined when the cache is off. */
  readonly cacheDir: string | undefined;
  readonly now: () => number;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  readonly connect: () => Promise<Connected>;
  readonly hasCachedData: (symbol: string, tf: Timeframe) => Promise<boolean>;
}

const utcDay = (t: number) => Math.floor(t / 86_400_000);

/**
 * The exchange's market list for symbol validation. It is kept in the cache folder
 * (`<exchange>/<market>/markets.json`) and reused for the rest of the UTC day, so a fully cached
 * run makes no request at all. When the exchange cannot be reached, an older saved list is used
 * (said in the log); with none, symbols that have cached candles are accepted unchecked and the
 * others are reported as unverifiable (if no symbol is usable, the NetworkError is thrown).
 */
export class MarketDirectory {
  private memo: MarketList | undefined;

  constructor(private readonly deps: MarketDirectoryDeps) {}

  /** The market list: saved today, or freshly loaded (and saved); throws NetworkError when unreachable. */
  async list(): Promise<{ list: MarketList; stale: boolean }> {
    const d = this.deps;
    const now = d.now();
    if (this.memo && utcDay(this.memo.fetchedAt) === utcDay(now)) return { list: this.memo, stale: false };
    const file = d.cacheDir ? marketListPath(d.cacheDir, d.exchangeId, d.market) : undefined;
    const saved = file ? await readMarketList(file) : undefined;
    if (saved && saved.exchange === d.exchangeId && utcDay(saved.fetchedAt) === utcDay(now)) {
      this.memo = saved;
      return { list: saved, stale: false };
    }
    try {
      const c = await d.connect();
      await ensureMarkets(c, d.retry, d.logger);
      const list = marketListFrom(c.exchange, d.market, now);
      if (file) await writeMarketList(file, list);
      this.memo = list;
      return { list, stale: false };
    } catch (e) {
      if (!(e instanceof NetworkError) || !saved) throw e;
      d.logger.warn(`${d.exchangeId} is unreachable; checking symbols against its market list saved ${formatIsoUtc(saved.fetchedAt)}.`);
      this.memo = saved;
      return { list: saved, stale: true };
    }
  }

  /** A market's order limits from the (cached) market list; undefined when unknown or unreachable. */
  async limits(symbol: string): Promise<ListedMarket['limits']> {
    try {
      const { list } = await this.list();
      return list.markets.find((m) => m.symbol === symbol)?.limits;
    } catch (e) {
      if (e instanceof NetworkError) return undefined;
      throw e;
    }
  }

  async validate(symbols: readonly string[], tf: Timeframe, preferResampling: boolean): Promise<SymbolCheck> {
    try {
      const { list } = await this.list();
      return validateAgainstList(symbols, tf, list, preferResampling);
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      const out: SymbolCheck = { valid: [], invalid: [] };
      for (const s of symbols) {
        if (await this.deps.hasCachedData(s, tf)) out.valid.push(s);
        else out.invalid.push({ symbol: s, reason: `cannot be checked: ${this.deps.exchangeId} is unreachable and nothing is cached for it` });
      }
      if (out.valid.length === 0) throw e;
      this.deps.logger.warn(`${this.deps.exchangeId} is unreachable; accepting ${out.valid.join(', ')} unchecked because they are cached.`);
      return out;
    }
  }
}
