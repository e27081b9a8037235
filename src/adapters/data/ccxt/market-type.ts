/** A ccxt market type: `spot` (long only) or `swap` (perpetual, long and short). Kept apart from
 * exchange.ts so the public type declarations never pull in ccxt's own types. */
export type MarketType = 'spot' | 'swap';

/** One listed market, as the validation needs it. */
export interface ListedMarket {
  /** Our form: `BTC/USDT` (swaps without the `:SETTLE` suffix). */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly active: boolean;
  /** The exchange's order limits (issue 10): amount step, minimum amount, minimum cost; absent when unknown. */
  readonly limits?: { readonly amountStep?: number; readonly minAmount?: number; readonly minCost?: number; readonly maxLeverage?: number };
}

/** The exchange's markets of one type and its timeframes, with when they were fetched. */
export interface MarketList {
  readonly exchange: string;
  readonly market: MarketType;
  readonly fetchedAt: number;
  readonly timeframes: readonly string[];
  readonly markets: readonly ListedMarket[];
}
