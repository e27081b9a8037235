/** Settings of the one-account portfolio mode (DESIGN.md §3b; the config's `portfolio_parameters`). */
import type { Allocation } from './allocation.js';

/** How much an entry commits. */
export type Stake =
  | { readonly kind: 'equal' }
  /** A fixed quote amount per entry. */
  | { readonly kind: 'amount'; readonly value: number }
  /** A share (0, 1] of the cash free at the moment of the order. */
  | { readonly kind: 'percent'; readonly value: number };

export interface PortfolioMode {
  readonly stake: Stake;
  /** At most this many positions at once; undefined = the number of symbols. */
  readonly maxOpenPositions?: number;
  /** Target weights instead of the strategy's entries and exits (stakes and the cap then do not apply). */
  readonly allocation?: Allocation;
}

export const DEFAULT_PORTFOLIO_MODE: PortfolioMode = { stake: { kind: 'equal' } };

/** `equal`, `25000` or `50%` as the command line and config write a stake. */
export function formatStake(s: Stake): string {
  return s.kind === 'equal' ? 'equal' : s.kind === 'amount' ? String(s.value) : `${s.value * 100}%`;
}

/** One line describing the mode: the stake and cap, or the target weights and rebalancing. */
export function describeMode(mode: PortfolioMode, symbols: number): string {
  const a = mode.allocation;
  if (!a) return `stake ${formatStake(mode.stake)}, at most ${mode.maxOpenPositions ?? symbols} open positions`;
  const w = Object.entries(a.weights).map(([s, v]) => `${s}=${+v.toFixed(4)}`).join(', ');
  const every = a.rebalanceMs === null ? 'set once' : `rebalanced every ${a.rebalanceMs / 3_600_000}h`;
  return `target weights ${w}, ${every}${a.band > 0 ? `, band ${a.band}` : ''}${a.gated ? ', gated by the strategy\'s long/flat signal' : ''}`;
}
