import type { Exchange } from 'ccxt';
import { UsageError } from '../../../base/errors.js';
import type { Logger } from '../../../orchestration/ports.js';
import { withRetries, type RetryClassifier, type RetryPolicy } from './retry.js';
import { closestNames } from './closest.js';

/** The ccxt module, imported lazily (it takes ~0.5 s) so fully cached runs never load it. */
export type CcxtModule = typeof import('ccxt');

let ccxtModule: Promise<CcxtModule> | undefined;
export function loadCcxt(): Promise<CcxtModule> {
  ccxtModule ??= importModule<CcxtModule>('ccxt');
  return ccxtModule;
}

import type { MarketType } from './market-type.js';
import { importModule } from '../../../base/import-module.js';
export type { MarketType };

/** How to build a ccxt exchange instance. */
export interface ExchangeSpec {
  readonly exchangeId: string;
  readonly market: MarketType;
  /**
   * Extra ccxt constructor settings, deep-merged over ours (tests point `urls.api` at the fake
   * exchange and lower `rateLimit`/`timeout`). A `timeframes` entry replaces the exchange's list.
   */
  readonly overrides?: Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/**
 * Creates a ccxt exchange with rate limiting on, for one market type only: `options.defaultType`,
 * and for Binance `options.fetchMarkets.types` = `['spot']` or `['linear']`, so `loadMarkets` asks
 * one endpoint. Malformed JSON answers raise ccxt's BadResponse (retried) instead of passing through.
 */
export async function createExchange(spec: ExchangeSpec): Promise<{ ccxt: CcxtModule; exchange: Exchange }> {
  const ccxt = await loadCcxt();
  const classes = ccxt.exchanges as unknown as Record<string, new (config: Record<string, unknown>) => Exchange>;
  const Cls = Object.prototype.hasOwnProperty.call(classes, spec.exchangeId) ? classes[spec.exchangeId] : undefined;
  if (!Cls) {
    const near = closestNames(spec.exchangeId, Object.keys(classes), 3);
    throw new UsageError(`Unknown exchange '${spec.exchangeId}'.`, {
      hint: `${near.length ? `Did you mean ${near.join(', ')}? ` : ''}Use a ccxt exchange id such as binance, or --exchange sample / csv.`,
    });
  }
  const options: Record<string, unknown> = { defaultType: spec.market };
  if (spec.exchangeId.startsWith('binance')) {
    options.fetchMarkets = { types: [spec.market === 'swap' ? 'linear' : 'spot'] };
    options.fetchMargins = false;
    // With an API key ccxt would also ask the wallet API for currencies; the markets are enough here.
    options.fetchCurrencies = false;
  }
  const { timeframes, ...rest } = spec.overrides ?? {};
  const exchange = new Cls(deepMerge({ enableRateLimit: true, options }, rest));
  if (isObject(timeframes)) exchange.timeframes = timeframes as Exchange['timeframes'];
  const parse = exchange.parseJson.bind(exchange);
  exchange.parseJson = (text: string) => {
    const v = parse(text);
    if (v === undefined && /^\s*[[{]/.test(text)) throw new ccxt.BadResponse(`${spec.exchangeId} returned malformed JSON`);
    return v;
  };
  return { ccxt, exchange };
}

/** A ccxt exchange with its module and error classifier. */
export interface Connected {
  readonly ccxt: CcxtModule;
  readonly exchange: Exchange;
  readonly classify: RetryClassifier;
}

/** `createExchange` plus the classifier for `withRetries`. */
export async function connectExchange(spec: ExchangeSpec): Promise<Connected> {
  const { ccxt, exchange } = await createExchange(spec);
  return { ccxt, exchange, classify: ccxtClassifier(ccxt, exchange) };
}

/**
 * Loads the markets with retries. ccxt keeps a failed `loadMarkets` promise and would hand the
 * same rejection to every later call, so it is cleared after a failure.
 */
export async function ensureMarkets(c: Connected, retry: RetryPolicy, logger: Logger, signal?: AbortSignal): Promise<void> {
  const ex = c.exchange as unknown as { id: string; marketsLoading?: unknown; loadMarkets(): Promise<unknown> };
  await withRetries(async () => {
    try {
      await ex.loadMarkets();
    } catch (e) {
      ex.marketsLoading = undefined;
      throw e;
    }
  }, { exchangeId: ex.id, what: 'loadMarkets', policy: retry, classify: c.classify, logger, signal });
}

/** Which ccxt errors are transient (worth a retry) and what Retry-After the server sent. */
export function ccxtClassifier(ccxt: CcxtModule, exchange: Exchange): RetryClassifier {
  return {
    isTransient: (e) => e instanceof ccxt.NetworkError || e instanceof ccxt.BadResponse,
    retryAfterSec: (e) => {
      if (!(e instanceof ccxt.DDoSProtection) && !(e instanceof ccxt.RateLimitExceeded)) return undefined;
      const h = (exchange.last_response_headers ?? {}) as Record<string, string>;
      const v = Number(h['Retry-After'] ?? h['retry-after']);
      return Number.isFinite(v) ? v : undefined;
    },
  };
}

/** Candles per request the exchange allows for the market type (ccxt's `features`), else 500. */
export function pageLimit(exchange: Exchange, market: MarketType): number {
  const at = (o: unknown, k: string): unknown => (isObject(o) ? o[k] : undefined);
  const f: unknown = exchange.features;
  const node = market === 'swap' ? at(at(f, 'swap'), 'linear') : at(f, 'spot');
  const limit = Number(at(at(node, 'fetchOHLCV'), 'limit'));
  return Number.isFinite(limit) && limit > 0 ? limit : 500;
}

/** ccxt symbol for one of ours: swaps settle in the quote currency (`BTC/USDT` → `BTC/USDT:USDT`). */
export function toCcxtSymbol(symbol: string, market: MarketType): string {
  if (market === 'spot' || symbol.includes(':')) return symbol;
  return `${symbol}:${symbol.split('/')[1]}`;
}

/** Our symbol for a ccxt one (`BTC/USDT:USDT` → `BTC/USDT`). */
export function fromCcxtSymbol(symbol: string): string {
  return symbol.split(':')[0];
}
