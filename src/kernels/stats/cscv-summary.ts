import type { CscvSplits } from './cscv.js';

/** What CSCV concludes over all splits (NaN where no split has a defined value). */
export interface CscvSummary {
  /** Splits with a defined logit. */
  readonly splits: number;
  /** Probability of backtest overfitting: share of splits with logit λ ≤ 0. */
  readonly pbo: number;
  /** Share of splits whose in-sample best has a negative out-of-sample Sharpe ratio. */
  readonly probLoss: number;
  /** Performance degradation: OLS slope and intercept of out-of-sample on in-sample Sharpe of the selected combination. */
  readonly slope: number;
  readonly intercept: number;
  /** Mean in- and out-of-sample Sharpe ratio (per bar) of the selected combination (splits where both are defined). */
  readonly meanIs: number;
  readonly meanOos: number;
}

/** PBO, probability of loss and the degradation regression over the splits with a defined logit. */
export function summarizeCscv(s: CscvSplits): CscvSummary {
  let k = 0;
  let over = 0;
  let loss = 0;
  let m = 0;
  let sx = 0;
  let sy = 0;
  // The regression and means use the splits where both Sharpe ratios are defined.
  const both = (i: number) => s.oosSharpe[i] === s.oosSharpe[i] && s.logit[i] === s.logit[i];
  for (let i = 0; i < s.logit.length; i++) {
    if (s.logit[i] !== s.logit[i]) continue;
    k++;
    if (s.logit[i] <= 0) over++;
    if (s.oosSharpe[i] < 0) loss++;
    if (!both(i)) continue;
    m++;
    sx += s.isSharpe[i];
    sy += s.oosSharpe[i];
  }
  const mx = sx / m;
  const my = sy / m;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < s.logit.length; i++) {
    if (!both(i)) continue;
    const dx = s.isSharpe[i] - mx;
    sxx += dx * dx;
    sxy += dx * (s.oosSharpe[i] - my);
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return { splits: k, pbo: over / k, probLoss: loss / k, slope, intercept: my - slope * mx, meanIs: mx, meanOos: my };
}
