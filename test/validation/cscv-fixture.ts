/**
 * A CSCV input shared by the pool and queue unit tests: 30 combinations × 10 blocks of per-bar
 * return sums (252 splits), some combinations flat (NaN Sharpe), in shared memory.
 */

/** A small deterministic generator for test inputs (independent of the tool's). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

export interface CscvFixture {
  readonly combos: number;
  readonly S: number;
  /** Bars per block. */
  readonly bars: Float64Array;
  /** Per combination and block: the sum of returns and the sum of squared returns. */
  readonly sums: Float64Array;
}

export function cscvFixture(): CscvFixture {
  const combos = 30;
  const S = 10;
  const bars = Float64Array.from({ length: S }, (_, b) => 20 + b);
  const rnd = lcg(11);
  const sums = new Float64Array(new SharedArrayBuffer(combos * S * 2 * 8));
  for (let n = 0; n < combos; n++) {
    for (let b = 0; b < S; b++) {
      const flat = n % 9 === 4;
      const mean = flat ? 0 : (rnd() - 0.5) * 0.004;
      sums[(n * S + b) * 2] = mean * bars[b];
      sums[(n * S + b) * 2 + 1] = flat ? 0 : bars[b] * (mean * mean + 1e-4 * (0.5 + rnd()));
    }
  }
  return { combos, S, bars, sums };
}
