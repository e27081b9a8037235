/** Per-path results of a Monte Carlo method, and the fan of equity percentiles over its steps. */
export interface PathStats {
  /** Final equity / initial − 1, per path. */
  readonly finalReturn: Float64Array;
  /** Largest peak-to-trough fall (positive fraction; the initial equity is the first peak), per path. */
  readonly maxDrawdown: Float64Array;
  /** mean/std(ddof 1) of the path's step returns × `annualization` (NaN without variance), per path. */
  readonly sharpe: Float64Array;
  /** Steps (0 = start) at which the fan is sampled, ascending. */
  readonly fanSteps: Int32Array;
  /** Equity relative to the start (1 = initial) at each fan step, path-major: `fan[path·F + f]`. */
  readonly fan: Float64Array;
}

/**
 * Steps 0..steps at which to sample the fan: every step when there are few, else `points`
 * evenly spaced ones (first and last included).
 */
export function fanSteps(steps: number, points: number): Int32Array {
  if (steps + 1 <= points) return Int32Array.from({ length: steps + 1 }, (_, i) => i);
  const out = new Int32Array(points);
  for (let i = 0; i < points; i++) out[i] = Math.round((i * steps) / (points - 1));
  return out;
}

/** Allocates the per-path arrays for `paths` paths sampled at `steps`. */
export function allocPathStats(paths: number, steps: Int32Array): PathStats {
  return {
    finalReturn: new Float64Array(paths), maxDrawdown: new Float64Array(paths), sharpe: new Float64Array(paths),
    fanSteps: steps, fan: new Float64Array(paths * steps.length),
  };
}

/**
 * Walks one path of step returns given by `next(t)` for t = 0..n-1, writing its final return,
 * max drawdown, Sharpe ratio and fan samples into `out` at `path`. No allocation.
 */
export function walkPath(n: number, next: (t: number) => number, annualization: number, out: PathStats, path: number): void {
  const steps = out.fanSteps;
  const F = steps.length;
  let f = 0;
  let e = 1;
  let peak = 1;
  let dd = 0;
  let s = 0;
  let q = 0;
  if (F > 0 && steps[0] === 0) out.fan[path * F + f++] = 1;
  for (let t = 0; t < n; t++) {
    const r = next(t);
    e *= 1 + r;
    s += r;
    q += r * r;
    if (e > peak) peak = e;
    else if (1 - e / peak > dd) dd = 1 - e / peak;
    while (f < F && steps[f] === t + 1) out.fan[path * F + f++] = e;
  }
  const mean = s / n;
  const v = n > 1 ? (q - n * mean * mean) / (n - 1) : NaN;
  out.finalReturn[path] = e - 1;
  out.maxDrawdown[path] = dd;
  out.sharpe[path] = v > 0 ? (mean / Math.sqrt(v)) * annualization : NaN;
}
