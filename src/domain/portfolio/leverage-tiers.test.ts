/**
 * Maintenance margin from the exchange's leverage tiers (docs/futures.md "Maintenance margin"):
 * the tier by entry notional, the maintenance amount keeping the margin continuous, the config's
 * rate winning, the largest leverage; hand-worked on Binance-like BTCUSDT tiers.
 */
import { describe, expect, it } from 'vitest';
import type { Signals } from '../strategies/strategy.js';
import { checkedTiers, maintenanceTable, maxTierLeverage, type LeverageTier } from './leverage-tiers.js';
import { withOrderLimits } from './market-limits.js';
import { simulatePortfolio } from './simulate-portfolio.js';
import { simulate } from './simulate.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from './spec.js';

const TIERS: LeverageTier[] = [
  { minNotional: 50_000, maintenanceMarginRate: 0.005, maxLeverage: 100 },
  { minNotional: 0, maintenanceMarginRate: 0.004, maxLeverage: 125 },
  { minNotional: 250_000, maintenanceMarginRate: 0.01, maxLeverage: 50 },
];

const n = 3;
const flat = (p: number) => new Float64Array(n).fill(p);
const prices = { open: flat(100), high: flat(100), low: flat(100), close: flat(100) };
const entry: Signals = {
  longEntries: Uint8Array.from([1, 0, 0]), longExits: new Uint8Array(n), shortEntries: new Uint8Array(n), shortExits: new Uint8Array(n),
  slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0,
};
const SPEC: PortfolioSpec = { ...DEFAULT_PORTFOLIO, initCash: 10_000, fees: 0, slippage: 0, execution: 'close', market: 'swap', leverage: 20 };

describe('leverage tiers', () => {
  it('sorts and checks the tiers, and gives the largest leverage', () => {
    const t = checkedTiers(TIERS)!;
    expect(t.map((x) => x.minNotional)).toEqual([0, 50_000, 250_000]);
    expect(maxTierLeverage(t)).toBe(125);
    expect(checkedTiers([{ minNotional: 10, maintenanceMarginRate: 0.01 }])).toBeUndefined(); // no tier from 0
    expect(checkedTiers([{ minNotional: 0, maintenanceMarginRate: 1.5 }])).toBeUndefined();
    expect(checkedTiers([])).toBeUndefined();
  });

  it('derives the maintenance amounts: cum[k] = cum[k−1] + floor[k]·(rate[k] − rate[k−1])', () => {
    const m = maintenanceTable(checkedTiers(TIERS)!);
    expect(Array.from(m.cum)).toEqual([0, 50_000 * 0.001, 50_000 * 0.001 + 250_000 * 0.005]); // 0, 50, 1300
  });

  it('prices a 200,000 notional long in the second tier: liq = entry·(1 − 1/L + 0.005) − 50/units', () => {
    // All-in at 20x: 10,000 / (100·0.05) = 2,000 units, notional 200,000 (tier 50,000–250,000).
    const spec = withOrderLimits(SPEC, { leverageTiers: checkedTiers(TIERS) });
    const r = simulate(prices, entry, spec);
    expect(r.trades.units[0]).toBe(2000);
    const liq = 100 * (1 - 0.05 + 0.005) - 50 / 2000; // 95.475
    expect(r.trades.liqPrice[0]).toBeCloseTo(liq, 12);
    // At that price the loss equals the margin less the maintenance margin 200,000·0.005 − 50 = 950.
    expect(2000 * (100 - liq)).toBeCloseTo(10_000 - 950, 8);
  });

  it('prices a 40,000 notional long in the first tier, and lets the config rate win', () => {
    const small = { ...SPEC, maxPositionSize: 0.2 };
    const r = simulate(prices, entry, withOrderLimits(small, { leverageTiers: checkedTiers(TIERS) }));
    expect(r.trades.units[0]).toBeCloseTo(400, 9);
    expect(r.trades.liqPrice[0]).toBeCloseTo(100 * (1 - 0.05 + 0.004), 12); // 95.4
    const configured = simulate(prices, entry, withOrderLimits({ ...SPEC, maintenanceMarginRate: 0.02 }, { leverageTiers: checkedTiers(TIERS) }));
    expect(configured.trades.liqPrice[0]).toBeCloseTo(100 * (1 - 0.05 + 0.02), 12);
    // Spot never takes tiers; without tiers the default 0.005 applies.
    expect(withOrderLimits({ ...SPEC, market: 'spot' }, { leverageTiers: TIERS }).maintenanceTiers).toBeUndefined();
    expect(simulate(prices, entry, SPEC).trades.liqPrice[0]).toBeCloseTo(100 * (1 - 0.05 + 0.005), 12);
  });

  it('uses each symbol’s own tiers in the one-account portfolio', () => {
    const leg = (symbol: string, limits?: { leverageTiers: readonly LeverageTier[] }) => ({
      symbol, time: Float64Array.from([0, 1, 2], (i) => i * 3_600_000), prices, signals: entry, ...(limits && { limits }),
    });
    const r = simulatePortfolio([leg('A/USDT', { leverageTiers: checkedTiers(TIERS)! }), leg('B/USDT')], SPEC, { stake: { kind: 'equal' } });
    // Each stake is 5,000 of margin: 1,000 units, notional 100,000 (A: second tier; B: the default rate).
    expect(r.trades.units[0]).toBe(1000);
    expect(r.trades.liqPrice[0]).toBeCloseTo(100 * (1 - 0.05 + 0.005) - 50 / 1000, 12);
    expect(r.trades.liqPrice[1]).toBeCloseTo(100 * (1 - 0.05 + 0.005), 12);
  });
});
