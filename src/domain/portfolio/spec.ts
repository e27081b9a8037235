import type { CalendarChoice } from '../frame/calendar.js';

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
}

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
