/** Settings of the one-account portfolio mode (DESIGN.md §3b; the config's `portfolio_parameters`). */

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
}

export const DEFAULT_PORTFOLIO_MODE: PortfolioMode = { stake: { kind: 'equal' } };

/** `equal`, `25000` or `50%` as the command line and config write a stake. */
export function formatStake(s: Stake): string {
  return s.kind === 'equal' ? 'equal' : s.kind === 'amount' ? String(s.value) : `${s.value * 100}%`;
}
