import { Prng } from '../params/prng.js';
import { MC_BOOTSTRAP, pathSeed } from './path-seed.js';
import { allocPathStats, fanSteps, walkPath, type PathStats } from './path-stats.js';

/** Default mean block length of the stationary bootstrap: ⌈n^(1/3)⌉ bars. */
export function defaultBlockLength(n: number): number {
  return Math.max(1, Math.ceil(Math.cbrt(n)));
}

/**
 * Stationary block bootstrap (Politis & Romano 1994) of per-bar returns: each path has n bars;
 * it starts at a uniformly drawn bar and, at every later bar, starts a new block at a uniformly
 * drawn bar with probability 1/`blockLength` or else continues with the next bar (wrapping
 * around at the end). Blocks keep the short-range dependence (volatility clusters, trends) of the
 * original series. Sharpe ratios are annualised with `annualization` (√bars per year).
 */
export function blockBootstrap(r: Float64Array, paths: number, seed: number, blockLength: number, annualization: number, fanPoints = 200): PathStats {
  const out = allocPathStats(paths, fanSteps(r.length, fanPoints));
  bootstrapPaths(r, seed, blockLength, annualization, out, 0, paths);
  return out;
}

/**
 * Paths [first, end) of `blockBootstrap` into `out`: path p draws from `pathSeed(seed, MC_BOOTSTRAP, p)`
 * and is written at entry p − `outStart` (a queue worker holds only its range's entries).
 */
export function bootstrapPaths(r: Float64Array, seed: number, blockLength: number, annualization: number, out: PathStats, first: number, end: number, outStart = 0): void {
  const n = r.length;
  const restart = 1 / Math.max(1, blockLength);
  let rng = new Prng(0);
  let idx = 0;
  const next = (t: number): number => {
    if (t === 0 || rng.nextFloat() < restart) idx = rng.nextBelow(n);
    else idx = idx + 1 === n ? 0 : idx + 1;
    return r[idx];
  };
  for (let p = first; p < end; p++) {
    rng = new Prng(pathSeed(seed, MC_BOOTSTRAP, p));
    walkPath(n, next, annualization, out, p - outStart);
  }
}
