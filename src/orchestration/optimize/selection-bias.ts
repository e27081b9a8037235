import { METRIC_COUNT, METRIC_INDEX } from '../../domain/metrics/catalog.js';
import { barReturns } from '../../kernels/stats.js';
import { deflatedSharpe, finiteVariance, returnMoments } from '../../domain/params/deflated-sharpe.js';
import { donePositions, type SymbolOptimization } from './optimize-symbol.js';

/** How much of the winner's Sharpe ratio survives the number of combinations tried. */
export interface SelectionBias {
  /** Combinations tried with a defined Sharpe ratio (the trials N). */
  readonly trials: number;
  /** The best combination's annualised Sharpe ratio. */
  readonly sharpe: number;
  /** Annualised Sharpe ratio the best of N luck-only trials would reach (SR0 · √A). */
  readonly expectedMaxSharpe: number;
  /** Deflated Sharpe ratio: probability that the best's true Sharpe ratio is above SR0; NaN when undefined. */
  readonly dsr: number;
  readonly skewness: number;
  readonly kurtosis: number;
  /** Return observations T of the best. */
  readonly observations: number;
}

/**
 * The deflated Sharpe ratio of the combination at `bestPosition` (Bailey & López de Prado 2014):
 * N = evaluated combinations with a defined Sharpe ratio, V = variance (ddof 1) of their per-bar
 * Sharpe ratios (annualised ÷ √A), skewness/kurtosis and T from the best's per-bar returns
 * (`equity` is its equity curve from the single backtest; the first return is from `initCash`,
 * as in the metrics).
 */
export function selectionBias(opt: SymbolOptimization, bestPosition: number, equity: Float64Array, barsPerYear: number, initCash: number): SelectionBias {
  const s = METRIC_INDEX.sharpe_ratio;
  const root = Math.sqrt(barsPerYear);
  const positions = donePositions(opt.done);
  const perBar = Float64Array.from(positions, (i) => opt.rows[i * METRIC_COUNT + s] / root);
  const { variance, count } = finiteVariance(perBar);
  const n = equity.length;
  const r = barReturns(equity, initCash);
  const { skewness, kurtosis } = returnMoments(r);
  const sharpe = opt.rows[bestPosition * METRIC_COUNT + s];
  const d = deflatedSharpe({ sharpe: sharpe / root, trials: count, trialVariance: variance, observations: r.length, skewness, kurtosis });
  return { trials: count, sharpe, expectedMaxSharpe: d.expectedMaxSharpe * root, dsr: d.dsr, skewness, kurtosis, observations: r.length };
}
