/**
 * An exchange's leverage tiers (issue 11, docs/futures.md "Maintenance margin"): by position
 * notional, the maintenance margin rate and the largest leverage allowed. ccxt's unified
 * `fetchLeverageTiers` structure, kept to the fields the simulation uses.
 */
import type { MaintenanceTiers } from '../../kernels/sim/sim-spec.js';

export interface LeverageTier {
  /** Notional (quote) from which this tier applies; the first tier starts at 0. */
  readonly minNotional: number;
  readonly maintenanceMarginRate: number;
  /** The largest leverage a position in this tier may use (absent: not given). */
  readonly maxLeverage?: number;
}

/**
 * Tiers the simulation can use: finite non-negative floors in ascending order, the first at 0,
 * rates in [0, 1). Undefined when the list is empty or malformed (the run then uses the config's
 * or the default rate, and says so).
 */
export function checkedTiers(tiers: readonly LeverageTier[] | undefined): readonly LeverageTier[] | undefined {
  if (!tiers || tiers.length === 0) return undefined;
  const sorted = [...tiers].sort((a, b) => a.minNotional - b.minNotional);
  if (sorted[0].minNotional !== 0) return undefined;
  for (let k = 0; k < sorted.length; k++) {
    const t = sorted[k];
    if (!(Number.isFinite(t.minNotional) && t.minNotional >= 0 && t.maintenanceMarginRate >= 0 && t.maintenanceMarginRate < 1)) return undefined;
    if (k > 0 && !(t.minNotional > sorted[k - 1].minNotional)) return undefined;
  }
  return sorted;
}

/** The largest leverage of any tier (that of the smallest positions), or undefined when no tier gives one. */
export function maxTierLeverage(tiers: readonly LeverageTier[]): number | undefined {
  let max: number | undefined;
  for (const t of tiers) if (t.maxLeverage !== undefined && t.maxLeverage > 0 && (max === undefined || t.maxLeverage > max)) max = t.maxLeverage;
  return max;
}

/**
 * The kernel's table: floors, rates and the maintenance amounts `cum` that keep the maintenance
 * margin `N·rate − cum` continuous across tiers (Binance's "maintenance amount"):
 * `cum[0] = 0`, `cum[k] = cum[k−1] + floor[k]·(rate[k] − rate[k−1])`.
 */
/**
 * The maintenance tiers a margin run uses: the exchange's tiers unless the config sets
 * `maintenance_margin_rate` (which wins); undefined when neither applies.
 */
export function maintenanceTiersOf(spec: { readonly maintenanceMarginRate?: number; readonly maintenanceTiers?: readonly LeverageTier[] }): MaintenanceTiers | undefined {
  return spec.maintenanceMarginRate === undefined && spec.maintenanceTiers !== undefined ? maintenanceTable(spec.maintenanceTiers) : undefined;
}

export function maintenanceTable(tiers: readonly LeverageTier[]): MaintenanceTiers {
  const n = tiers.length;
  const floor = new Float64Array(n);
  const rate = new Float64Array(n);
  const cum = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    floor[k] = tiers[k].minNotional;
    rate[k] = tiers[k].maintenanceMarginRate;
    cum[k] = k === 0 ? 0 : cum[k - 1] + floor[k] * (rate[k] - rate[k - 1]);
  }
  return { floor, rate, cum };
}
