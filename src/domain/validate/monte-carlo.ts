import { percentile } from '../../kernels/stats/percentile.js';
import { blockBootstrap, defaultBlockLength } from './block-bootstrap.js';
import type { PathStats } from './path-stats.js';
import { reshuffleTrades } from './trade-reshuffle.js';

/** What Monte Carlo resamples from one backtest. */
export interface MonteCarloInput {
  /** Per-bar returns, `r_0 = equity_0/initCash − 1`, then `equity_t/equity_{t−1} − 1` (DESIGN.md §5). */
  readonly barReturns: Float64Array;
  /** Each trade's return on equity: pnl / equity just before its entry, in entry order. */
  readonly tradeReturns: Float64Array;
  /** √(bars per year), to annualise bar Sharpe ratios. */
  readonly annualization: number;
}

export interface MonteCarloSpec {
  readonly paths: number;
  readonly seed: number;
  /** Mean block length of the stationary bootstrap (default ⌈n^(1/3)⌉). */
  readonly blockLength?: number;
  /** Steps sampled for the fan chart (default 200). */
  readonly fanPoints?: number;
}

/** The 5th, 50th and 95th percentiles. */
export const MC_PERCENTILES = [5, 50, 95] as const;

export interface MonteCarloResult {
  readonly reshuffle: PathStats;
  readonly bootstrap: PathStats;
  readonly blockLength: number;
}

/** Runs both methods with the same seed (each draws from its own generator). */
export function runMonteCarlo(input: MonteCarloInput, spec: MonteCarloSpec): MonteCarloResult {
  const L = spec.blockLength ?? defaultBlockLength(input.barReturns.length);
  return {
    reshuffle: reshuffleTrades(input.tradeReturns, spec.paths, spec.seed, spec.fanPoints),
    bootstrap: blockBootstrap(input.barReturns, spec.paths, spec.seed, L, input.annualization, spec.fanPoints),
    blockLength: L,
  };
}

/** Percentiles (linear interpolation, as numpy) of the defined values of `x`; NaN when none is defined. */
export function percentilesOf(x: Float64Array, ps: readonly number[] = MC_PERCENTILES): number[] {
  const defined = x.filter((v) => v === v);
  const scratch = new Float64Array(defined.length);
  return ps.map((p) => percentile(defined, p, scratch));
}

/** The fan: for each sampled step, the percentiles of the equity across paths. */
export function fanPercentiles(s: PathStats, ps: readonly number[] = MC_PERCENTILES): number[][] {
  const F = s.fanSteps.length;
  const paths = s.finalReturn.length;
  const col = new Float64Array(paths);
  const scratch = new Float64Array(paths);
  return Array.from(s.fanSteps, (_, f) => {
    for (let p = 0; p < paths; p++) col[p] = s.fan[p * F + f];
    return ps.map((q) => percentile(col, q, scratch));
  });
}

/**
 * Monte Carlo inputs from a run: bar returns of its equity and each trade's return on the equity
 * before its entry (`equity[entry−1]`, the initial cash for an entry on the first bar).
 */
export function monteCarloInput(equity: ArrayLike<number>, initCash: number, entryBar: ArrayLike<number>, pnl: ArrayLike<number>, annualization: number): MonteCarloInput {
  const n = equity.length;
  const r = new Float64Array(n);
  let prev = initCash;
  for (let t = 0; t < n; t++) {
    r[t] = equity[t] / prev - 1;
    prev = equity[t];
  }
  const g = Float64Array.from({ length: pnl.length }, (_, k) => pnl[k] / (entryBar[k] > 0 ? equity[entryBar[k] - 1] : initCash));
  return { barReturns: r, tradeReturns: g, annualization };
}
