import { Prng } from '../params/prng.js';
import { MC_RESHUFFLE, pathSeed } from './path-seed.js';
import { allocPathStats, fanSteps, walkPath, type PathStats } from './path-stats.js';

/**
 * Trade-order reshuffling: each path compounds the run's trade returns on equity (`g_k` = pnl /
 * equity before the entry) in a seeded random order (Fisher–Yates). The final return Π(1+g)−1 and
 * the per-trade Sharpe ratio are the same on every path (only the order changes); the drawdowns
 * and the path through time differ. `annualization` scales the per-trade Sharpe (1 = per trade).
 */
export function reshuffleTrades(g: Float64Array, paths: number, seed: number, fanPoints = 200, annualization = 1): PathStats {
  const out = allocPathStats(paths, fanSteps(g.length, fanPoints));
  reshufflePaths(g, seed, annualization, out, 0, paths);
  return out;
}

/**
 * Paths [first, end) of `reshuffleTrades` into `out`: path p draws from `pathSeed(seed, MC_RESHUFFLE, p)`
 * and is written at entry p − `outStart` (a queue worker holds only its range's entries).
 */
export function reshufflePaths(g: Float64Array, seed: number, annualization: number, out: PathStats, first: number, end: number, outStart = 0): void {
  const n = g.length;
  const order = new Float64Array(g);
  for (let p = first; p < end; p++) {
    const rng = new Prng(pathSeed(seed, MC_RESHUFFLE, p));
    order.set(g);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.nextBelow(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    walkPath(n, (t) => order[t], annualization, out, p - outStart);
  }
}
