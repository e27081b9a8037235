import type { CalendarChoice } from '../frame/calendar.js';
import type { LeverageTier } from './leverage-tiers.js';

/** How fills are priced (DESIGN.md §3). */
export type ExecutionMode = 'next_open' | 'close';

/** Portfolio and execution settings for one simulation (the config's `portfolio_parameters`). */
export interface PortfolioSpec {
  readonly initCash: number;
  /** Fee rate per fill, in [0, 1): `fees * units * fill_price`. */
  readonly fees: number;
  /** Signal fills move against the trader by this fraction. */
  readonly slippage: number;
  readonly execution: ExecutionMode;
  /** `spot`: long only; `swap`: long and short. */
  readonly market: 'spot' | 'swap';
  /** (0, 1]: fraction of cash committed to an entry. */
  readonly maxPositionSize: number;
  /** > 0: size so that hitting the stop loses this fraction of equity (capped by maxPositionSize). 0: off. */
  readonly riskPerTrade: number;
  /** Apply slippage to stop exits too (as a stop-market order would). */
  readonly stopSlippage: boolean;
  /** Days per year on a crypto calendar (365): used to annualise. */
  readonly daysPerYear: number;
  /** Trading calendar (`auto` when absent: weekday-only data is a stock calendar). */
  readonly calendar?: CalendarChoice;
  /** Periods per year, overriding the calendar's figure. */
  readonly periodsPerYear?: number;
  // Order features (issue 10, docs/semantics.md); absent = off.
  /** Time stop: hold a trade at most this many bars (`max_bars_in_trade`). */
  readonly maxBarsInTrade?: number;
  /** Trailing stop as a fraction of the best price since entry (`trailing_stop`), when the strategy gives no distance. */
  readonly trailingStop?: number;
  /** Trailing starts once the trade is up this fraction (`trailing_activation`). */
  readonly trailingActivation?: number;
  /** Type of entry orders at the strategy's `entryLevel` (`entry_order`); `market` ignores the levels. */
  readonly entryOrder?: 'market' | 'limit' | 'stop';
  /** Bars a limit/stop entry stays valid after its signal bar (`entry_expiry_bars`, default 1). */
  readonly entryExpiryBars?: number;
  /** Close a position still open at the end at the last close (`finalize_trades`, exit reason `end_of_data`). */
  readonly finalizeTrades?: boolean;
  /** How entries are sized (`size_type`, default `all_in`) and the size in that type (`size`). */
  readonly sizeType?: SizeType;
  readonly size?: number;
  /** Round entry units down to a multiple of this (`size_granularity`; 1 = whole shares). */
  readonly sizeGranularity?: number;
  /** Skip (and count) entries below this many units (`min_size`) or this quote value (`min_notional`). */
  readonly minSize?: number;
  readonly minNotional?: number;
  /** Pyramiding (`accumulate`): a same-side entry adds to the position, up to `maxEntries` entries (`max_entries`, default unlimited). */
  readonly accumulate?: boolean;
  readonly maxEntries?: number;
  // Perpetual futures (issue 11, docs/futures.md); swap only, absent = the unlevered account.
  /** Isolated margin at this leverage (`leverage`); positions get a liquidation price. */
  readonly leverage?: number;
  /** Maintenance margin rate (`maintenance_margin_rate`); absent: the exchange's tier or 0.005. */
  readonly maintenanceMarginRate?: number;
  /** Liquidation fee rate of the notional (`liquidation_fee`, default 0). */
  readonly liquidationFee?: number;
  /** Funding payments on swap markets (`funding`, default true when funding data exists). */
  readonly funding?: boolean;
  /** The exchange's leverage tiers of the symbol (ccxt sources); used when `maintenanceMarginRate` is absent. */
  readonly maintenanceTiers?: readonly LeverageTier[];
}

/** Size types (docs/semantics.md "Sizing"). */
export const SIZE_TYPES = ['all_in', 'percent_of_equity', 'value', 'amount', 'risk'] as const;
export type SizeType = (typeof SIZE_TYPES)[number];

export const DEFAULT_PORTFOLIO: PortfolioSpec = {
  initCash: 100_000,
  fees: 0.001,
  slippage: 0.0005,
  execution: 'next_open',
  market: 'spot',
  maxPositionSize: 1,
  riskPerTrade: 0,
  stopSlippage: false,
  daysPerYear: 365,
};
