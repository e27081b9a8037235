/**
 * A ccxt exchange's funding history behind the funding cache (docs/futures.md): serves [start,
 * end) from the cache when it covers it (no request), else fetches only the missing head and tail,
 * merges and writes the cache back. The covered range never extends past the clock.
 */
import { ensureMarkets, toCcxtSymbol, type Connected } from './exchange.js';
import { fetchFundingRange } from './funding-fetch.js';
import type { RetryPolicy } from './retry.js';
import { FundingCache, mergeFunding, sliceFunding, type CachedFunding } from '../../cache/funding-cache.js';
import type { FundingSeries } from '../../../domain/frame/funding.js';
import type { Logger } from '../../../orchestration/ports.js';

export interface FundingSourceContext {
  readonly exchangeId: string;
  readonly connect: () => Promise<Connected>;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  /** undefined: no cache (`--no-cache`). */
  readonly cacheDir: string | undefined;
  readonly now: number;
  readonly signal?: AbortSignal;
}

/** The funding history in [start, end), the requests made, and the cache file (if any); null when the exchange has none. */
export async function ccxtFunding(ctx: FundingSourceContext, symbol: string, start: number, end: number):
  Promise<{ series: FundingSeries; pages: number; file: string | undefined } | null> {
  const to = Math.min(end, ctx.now + 1);
  const cache = ctx.cacheDir === undefined ? undefined : new FundingCache(ctx.cacheDir, ctx.logger);
  const file = cache?.file(ctx.exchangeId, 'swap', symbol);
  let have: CachedFunding | null = cache && file ? await cache.read(file) : null;
  if (have !== null && have.from <= start && have.to >= to) return { series: sliceFunding(have.series, start, to), pages: 0, file };
  const c = await ctx.connect();
  if (!c.exchange.has.fetchFundingRateHistory) return null;
  await ensureMarkets(c, ctx.retry, ctx.logger, ctx.signal);
  const ccxtSymbol = toCcxtSymbol(symbol, 'swap');
  let pages = 0;
  const parts: CachedFunding[] = [];
  const fetch = async (from: number, until: number) => {
    const r = await fetchFundingRange({ exchange: c.exchange, classify: c.classify, retry: ctx.retry, logger: ctx.logger, ccxtSymbol, from, to: until, signal: ctx.signal });
    pages += r.pages;
    parts.push({ from, to: until, series: r.series });
  };
  // Contiguous with what is cached: fetch the head and the tail it lacks; otherwise the whole range.
  if (have !== null && have.to >= start && have.from <= to) {
    if (start < have.from) await fetch(start, have.from);
    if (to > have.to) await fetch(have.to, to);
  } else {
    have = null;
    await fetch(start, to);
  }
  let merged = have ?? parts.shift()!;
  for (const p of parts) merged = mergeFunding(merged, p);
  if (cache && file) await cache.write(file, merged);
  return { series: sliceFunding(merged.series, start, to), pages, file };
}
