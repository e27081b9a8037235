import type { CalendarChoice } from '../domain/frame/calendar.js';
import type { OhlcvFrame } from '../domain/frame/frame.js';
import type { Timeframe } from '../domain/frame/timeframe.js';
import type { DataQualityReport } from '../domain/frame/quality-types.js';
import type { FundingSeries } from '../domain/frame/funding.js';
import type { LeverageTier } from '../domain/portfolio/leverage-tiers.js';

/**
 * The outside world as orchestration sees it. Adapters implement these; tests run one shared
 * suite against every implementation of a port.
 */

export interface DataRequest {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** UTC epoch ms, inclusive; undefined = from the first available bar. */
  readonly start?: number;
  /** UTC epoch ms, exclusive; undefined = up to the last closed bar. */
  readonly end?: number;
  /** Trading calendar for the quality report's gap count (`--calendar`; default auto-detected). */
  readonly calendar?: CalendarChoice;
}

export interface LoadedFrame {
  readonly frame: OhlcvFrame;
  readonly quality: DataQualityReport;
  /** Notes for the log/console: cache hits, resampling, dropped bars. */
  readonly notes: readonly string[];
  /** The exchange's order limits for the symbol (ccxt sources; issue 10), applied where the config sets none. */
  readonly limits?: MarketLimits;
}

/** An exchange market's order limits: amount step (lot size), minimum amount, minimum cost (quote). */
export interface MarketLimits {
  readonly amountStep?: number;
  readonly minAmount?: number;
  readonly minCost?: number;
  /** Swap markets: the largest leverage (ccxt's `limits.leverage.max`, else the tiers' largest). */
  readonly maxLeverage?: number;
  /** Swap markets: the leverage tiers by position notional (docs/futures.md "Maintenance margin"). */
  readonly leverageTiers?: readonly LeverageTier[];
}

/** A swap market's leverage tiers, or why there are none (`needsKey`: the exchange wants an API key for them). */
export type TierLookup =
  | { readonly tiers: readonly LeverageTier[]; readonly source: 'cache' | 'exchange'; readonly unavailable?: undefined }
  | { readonly tiers?: undefined; readonly unavailable: string; readonly needsKey?: boolean };

/** A source of OHLCV bars: the sample market, CSV files, or a ccxt exchange behind the cache. */
export interface DataSource {
  /** `sample`, `csv`, or a ccxt exchange id. */
  readonly id: string;
  readonly market: 'spot' | 'swap';
  /** Loads one symbol; throws a DataError/NetworkError with a user-facing message. */
  load(request: DataRequest, options?: { signal?: AbortSignal; progress?: Progress }): Promise<LoadedFrame>;
  /**
   * Checks symbols before loading: the valid ones, and for each invalid one a reason
   * (with the closest listed symbols where that helps).
   */
  validateSymbols?(symbols: readonly string[], timeframe: Timeframe): Promise<{ valid: string[]; invalid: { symbol: string; reason: string }[] }>;
  /** The market's order limits (exchanges only); undefined when unknown or unreachable. */
  marketLimits?(symbol: string): Promise<MarketLimits | undefined>;
  /**
   * Swap markets: the funding-rate history covering [start, end) (docs/futures.md), or null when
   * the source has none for this symbol. Sources without funding data leave it out.
   */
  loadFunding?(symbol: string, start: number, end: number): Promise<FundingSeries | null>;
  /** Swap markets: the leverage tiers of a symbol (exchanges only), cached like the market list. */
  leverageTiers?(symbol: string): Promise<TierLookup>;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Progress of long work (downloads, optimization). Implementations decide how to draw it. */
export interface Progress {
  start(label: string, total: number): void;
  update(done: number, extra?: Record<string, string | number>): void;
  finish(): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
export const silentProgress: Progress = { start() {}, update() {}, finish() {} };
