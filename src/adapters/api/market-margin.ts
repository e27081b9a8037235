/**
 * A swap run's margin settings per symbol (issue 11, docs/futures.md "Maintenance margin"): the
 * market's maximum leverage (a `--leverage` above it is a usage error naming it) and the
 * maintenance margin source: the config's `maintenance_margin_rate`, else the exchange's leverage
 * tiers by position notional, else the default 0.005. Says which, in one line per symbol.
 */
import { UsageError } from '../../base/errors.js';
import { maxTierLeverage } from '../../domain/portfolio/leverage-tiers.js';
import { DEFAULT_MMR } from '../../kernels/sim/margin.js';
import type { DataSource, MarketLimits } from '../../orchestration/ports.js';
import type { RunObserver } from './observer.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import { LEVERAGE_KEY } from '../../domain/params/param-space.js';

/** What the run asks of the market: its leverage and the config's maintenance margin rate (if any). */
export interface MarginRequest {
  readonly leverage: number;
  /** `leverage` is the largest value of an optimization's `leverage` range (the message names the range). */
  readonly ranged?: boolean;
  readonly maintenanceMarginRate?: number;
}

/** Said once per run: the exchange wants an API key for its tiers. */
export interface MarginNotices {
  keyNoticeGiven: boolean;
}

const pct = (x: number) => `${+(x * 100).toFixed(4)}%`;

/**
 * The symbol's limits with `maxLeverage` and `leverageTiers` where known; throws a UsageError when
 * `req.leverage` is above the market's maximum.
 */
export async function marketMargin(source: DataSource, symbol: string, limits: MarketLimits | undefined, req: MarginRequest,
  observer: RunObserver, notices: MarginNotices): Promise<MarketLimits | undefined> {
  const configRate = req.maintenanceMarginRate;
  // Tiers are needed for the rate (no config rate) or for the maximum leverage (the market info has none: Binance).
  const lookup = source.leverageTiers && (configRate === undefined || limits?.maxLeverage === undefined) ? await source.leverageTiers(symbol) : undefined;
  const tiers = lookup?.tiers;
  const maxLeverage = limits?.maxLeverage ?? (tiers ? maxTierLeverage(tiers) : undefined);
  if (maxLeverage !== undefined && req.leverage > maxLeverage) {
    throw new UsageError(`${req.ranged ? `The leverage range's largest value ${req.leverage}` : `--leverage ${req.leverage}`} is above the maximum leverage of ${symbol} on ${source.id}: ${maxLeverage}x.`, {
      hint: req.ranged ? `Keep the values of optimization_ranges.leverage (or --range leverage=…) at ${maxLeverage} or less.` : `Use --leverage ${maxLeverage} or less (or leverage in portfolio_parameters).`,
    });
  }
  const max = maxLeverage !== undefined ? `; maximum leverage ${maxLeverage}x` : '';
  if (configRate !== undefined) {
    observer.note(`${symbol}: maintenance margin rate ${configRate} from the config (maintenance_margin_rate)${max}`);
  } else if (tiers) {
    observer.note(`${symbol}: maintenance margin from ${source.id}'s leverage tiers by position notional (${tiers.length} tier(s), ${pct(tiers[0].maintenanceMarginRate)} up to ${pct(tiers[tiers.length - 1].maintenanceMarginRate)})${max}`);
  } else {
    const why = lookup?.unavailable;
    const needsKey = lookup?.needsKey === true;
    if (needsKey && !notices.keyNoticeGiven) {
      observer.warn(`${why}: set BACKTESTER_API_KEY and BACKTESTER_API_SECRET (a read-only key is enough; docs/futures.md) to use them; without, the maintenance margin rate is the config's or the default.`);
      notices.keyNoticeGiven = true;
    }
    // Why there are no tiers is said once by the key warning, else on each symbol's line.
    observer.note(`${symbol}: maintenance margin rate ${DEFAULT_MMR} (the default; set maintenance_margin_rate for your tier${why && !needsKey ? `; ${why}` : ''})${max}`);
  }
  if (maxLeverage === undefined && tiers === undefined) return limits;
  return { ...limits, ...(maxLeverage !== undefined && { maxLeverage }), ...(tiers && { leverageTiers: tiers }) };
}

/**
 * The margin request of a run: swap with `leverage` set or ranged (the largest value is checked
 * against the market's maximum); undefined otherwise (no margin, no tiers fetched).
 */
export function marginRequest(portfolio: PortfolioSpec, ranges?: Readonly<Record<string, unknown>>): MarginRequest | undefined {
  if (portfolio.market !== 'swap') return undefined;
  const ranged = ranges?.[LEVERAGE_KEY];
  const values = Array.isArray(ranged) ? ranged.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)) : [];
  const leverage = Math.max(portfolio.leverage ?? -Infinity, ...values);
  if (!Number.isFinite(leverage)) return undefined;
  const fromRange = values.length > 0 && !(portfolio.leverage !== undefined && portfolio.leverage >= leverage);
  return { leverage, ...(fromRange && { ranged: true }), ...(portfolio.maintenanceMarginRate !== undefined && { maintenanceMarginRate: portfolio.maintenanceMarginRate }) };
}
