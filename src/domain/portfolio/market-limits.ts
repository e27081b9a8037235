import type { PortfolioSpec } from './spec.js';
import type { LeverageTier } from './leverage-tiers.js';

/** An exchange market's order limits (lot step, minimum amount, minimum cost in quote). */
export interface OrderLimits {
  readonly amountStep?: number;
  readonly minAmount?: number;
  readonly minCost?: number;
  /** Swap markets (issue 11): the market's maximum leverage and its leverage tiers, where the exchange gives them. */
  readonly maxLeverage?: number;
  readonly leverageTiers?: readonly LeverageTier[];
}

/**
 * The portfolio spec with the market's limits where the config sets none (issue 10 item 5):
 * `amountStep` → `sizeGranularity`, `minAmount` → `minSize`, `minCost` → `minNotional`. A value the
 * config gives (`size_granularity`, `min_size`, `min_notional`, 0 included) always wins. On a swap
 * market the leverage tiers become `maintenanceTiers` (used unless `maintenance_margin_rate` is set).
 */
export function withOrderLimits(spec: PortfolioSpec, limits: OrderLimits | undefined): PortfolioSpec {
  if (!limits) return spec;
  const out: { -readonly [K in keyof PortfolioSpec]: PortfolioSpec[K] } = { ...spec };
  if (spec.sizeGranularity === undefined && limits.amountStep !== undefined) out.sizeGranularity = limits.amountStep;
  if (spec.minSize === undefined && limits.minAmount !== undefined) out.minSize = limits.minAmount;
  if (spec.minNotional === undefined && limits.minCost !== undefined) out.minNotional = limits.minCost;
  if (spec.market === 'swap' && limits.leverageTiers !== undefined && limits.leverageTiers.length > 0) out.maintenanceTiers = limits.leverageTiers;
  return out;
}
