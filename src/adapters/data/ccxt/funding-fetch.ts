/**
 * Funding-rate history through ccxt's `fetchFundingRateHistory` (docs/futures.md), paginated: each
 * request starts 1 ms after the last funding time received, up to `to`; it stops at a page shorter than
 * the page size (the end) or one that makes no progress. Transient failures are retried like candle requests.
 */
import type { Exchange } from 'ccxt';
import type { FundingSeries } from '../../../domain/frame/funding.js';
import type { Logger } from '../../../orchestration/ports.js';
import { withRetries, type RetryClassifier, type RetryPolicy } from './retry.js';

export interface FundingFetchSpec {
  readonly exchange: Exchange;
  readonly classify: RetryClassifier;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly ccxtSymbol: string;
  /** [from, to) in UTC epoch ms. */
  readonly from: number;
  readonly to: number;
  readonly signal?: AbortSignal;
}

/** Rates per request (Binance allows 1000). */
const PAGE = 1000;

/** The funding times in [from, to) with their rates, and the number of requests made. */
export async function fetchFundingRange(s: FundingFetchSpec): Promise<{ series: FundingSeries; pages: number }> {
  const time: number[] = [];
  const rate: number[] = [];
  let since = s.from;
  let pages = 0;
  while (since < s.to) {
    const page = await withRetries(() => s.exchange.fetchFundingRateHistory(s.ccxtSymbol, since, PAGE, { until: s.to - 1 }), {
      exchangeId: s.exchange.id, what: `fetchFundingRateHistory ${s.ccxtSymbol}`, policy: s.retry, classify: s.classify, logger: s.logger, signal: s.signal,
    });
    pages++;
    let last = -Infinity;
    for (const r of page) {
      const t = r.timestamp;
      const v = r.fundingRate;
      if (typeof t !== 'number' || typeof v !== 'number' || !Number.isFinite(v) || t < since || t >= s.to) continue;
      if (time.length > 0 && t <= time[time.length - 1]) continue;
      time.push(t);
      rate.push(v);
      last = t;
    }
    // An empty or short page is the end of the history up to `to`.
    if (last === -Infinity || page.length < PAGE) break;
    since = last + 1;
  }
  return { series: { time: Float64Array.from(time), rate: Float64Array.from(rate) }, pages };
}
