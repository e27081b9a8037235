import type { StrategyDefinition } from './strategy.js';

/** Warm-up bars `def` declares for `params` (0 when it declares none or returns nonsense). */
export function strategyWarmup<P extends object>(def: Pick<StrategyDefinition<P>, 'warmupBars'>, params: P): number {
  if (typeof def.warmupBars !== 'function') return 0;
  const w = def.warmupBars(params);
  return Number.isFinite(w) && w > 0 ? Math.ceil(w) : 0;
}

/**
 * One warm-up for every combination of an optimization (so every combination trades and is
 * measured over the same bars): the largest warm-up over the base parameters, each range value
 * alone, and every range at once at its largest numeric value (the corner where window lengths
 * all peak). For a warm-up that grows with each window, as DMA-ATR-Trend's, that is the grid's
 * maximum. Combinations a parameter rejects are skipped.
 */
export function gridWarmup<P extends object>(def: Pick<StrategyDefinition<P>, 'warmupBars'>, base: P,
  ranges: Readonly<Record<string, readonly unknown[]>>): number {
  if (typeof def.warmupBars !== 'function') return 0;
  const tryOne = (p: Record<string, unknown>) => {
    try {
      return strategyWarmup(def, p as P);
    } catch {
      return 0;
    }
  };
  let best = tryOne(base as Record<string, unknown>);
  const corner: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, values] of Object.entries(ranges)) {
    let top = -Infinity;
    // Loops, not Math.max(...values): a range may list hundreds of thousands of values.
    for (const v of values) {
      best = Math.max(best, tryOne({ ...(base as Record<string, unknown>), [k]: v }));
      if (typeof v === 'number' && v > top) top = v;
    }
    if (top > -Infinity) corner[k] = top;
  }
  return Math.max(best, tryOne(corner));
}
