/**
 * The seed of one Monte Carlo path, from the run's `--seed`, the method and the path's index.
 * Each path draws from its own generator, so a path's values do not depend on which paths ran
 * before it: any split of the paths into ranges, on any number of threads, gives the same files.
 */
export function pathSeed(seed: number, method: number, path: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ hi, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ Math.imul(method + 1, 0x27d4eb2f), 0x165667b1);
  const a = (h ^ (h >>> 15)) >>> 0;
  // The path index goes into the high part whole (paths ≤ 2^21 keep every seed distinct).
  return (path % 2097152) * 4294967296 + a;
}

/** Method tags of `pathSeed`. */
export const MC_RESHUFFLE = 0;
export const MC_BOOTSTRAP = 1;
