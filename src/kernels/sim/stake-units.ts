/**
 * Entry sizing of the one-account portfolio (DESIGN.md §3b): stakes, the free-cash cap and
 * risk sizing on the portfolio's equity.
 */
import { stopDistance, type SimState } from './fills.js';
import { STAKE_AMOUNT, STAKE_PERCENT, type PortfolioSimSpec } from './portfolio-spec.js';
import { limitedUnits } from './sizing.js';

/** What the account looks like at the moment of an entry. */
export interface EntryContext {
  /** Cash not held as short proceeds or short collateral. */
  readonly freeCash: number;
  /** Position slots left (`maxOpenPositions` − open positions, >= 1 here). */
  readonly freeSlots: number;
  /** Account value at this moment (for risk sizing). */
  readonly equity: number;
}

/**
 * Units for an entry at fill `price` (reference `ref`, before slippage), or 0 when it must be
 * skipped. With fee rate f:
 * - equal: `(freeCash / freeSlots) * maxPositionSize / (price*(1+f))`;
 * - amount: `stake / ref`, but `freeCash / (price*(1+f))` when that costs more than the free cash;
 * - percent: `share * freeCash / (price*(1+f))`;
 * then with `riskPerTrade > 0` and a stop-loss distance d, at most `equity*riskPerTrade/d`.
 * A budget below `minBudget` (nothing or rounding dust left) gives 0.
 * With isolated margin at leverage L (docs/futures.md "Portfolio") stakes are margin: the unit cost
 * is `price*(1/L + f)` and an amount stake buys `stake*L/ref` units.
 * Then units are rounded down to the column's size granularity; below its minimum size or notional
 * the entry gives -1 (counted in `st.belowMin`), as for one symbol (sizing.ts).
 */
export function stakeUnits(st: SimState, ps: PortfolioSimSpec, ctx: EntryContext, price: number, ref: number, sigBar: number): number {
  const spec = st.spec;
  const free = ctx.freeCash;
  if (!(free >= ps.minBudget) || free <= 0) return 0;
  const unitCost = st.margin ? price * (st.invLev + spec.fees) : price * (1 + spec.fees);
  let u: number;
  if (ps.stakeKind === STAKE_AMOUNT) {
    u = st.margin ? ps.stakeValue / (ref * st.invLev) : ps.stakeValue / ref;
    if (u * unitCost > free) u = free / unitCost;
  } else if (ps.stakeKind === STAKE_PERCENT) {
    const budget = ps.stakeValue * free;
    if (!(budget >= ps.minBudget)) return 0;
    u = budget / unitCost;
  } else {
    const budget = (free / ctx.freeSlots) * spec.maxPositionSize;
    if (!(budget >= ps.minBudget)) return 0;
    u = budget / unitCost;
  }
  if (spec.riskPerTrade > 0) {
    const dSl = stopDistance(st.slDist, st.slScale, spec.slFraction, sigBar, ref);
    if (dSl > 0) {
      const r = (ctx.equity * spec.riskPerTrade) / dSl;
      if (r < u) u = r;
    }
  }
  if (!(u > 0 && u < Infinity)) return 0;
  return limitedUnits(st, u, price);
}

