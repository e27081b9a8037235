import { getHeapStatistics } from 'node:v8';
import { UsageError } from '../../base/errors.js';
import { TIMEFRAME_MS, type Timeframe } from '../../domain/frame/timeframe.js';
import { formatCount } from '../../base/format-count.js';

/**
 * Heap bytes one bar costs a run, all told: the six columns, indicators and signals, the
 * simulation's per-bar records, and the text of equity.csv and the report pages built from them.
 * A deliberately generous estimate: the point is to refuse a run that would end in a V8 heap abort.
 */
export const BYTES_PER_BAR = 1_000;

/** The heap a run may plan for: the V8 limit of this process (raise it with NODE_OPTIONS=--max-old-space-size). */
export function heapBudget(): number {
  return getHeapStatistics().heap_size_limit;
}

/**
 * Refuses, before the work starts, a run whose bars (symbols × bars) would not fit in memory,
 * with the estimate and the ways out. `bars` is per symbol.
 */
export function checkMemory(symbols: number, bars: number, timeframe: Timeframe, budget = heapBudget()): void {
  const need = symbols * bars * BYTES_PER_BAR;
  if (need <= budget) return;
  const gb = (b: number) => `${(b / 1e9).toFixed(1)} GB`;
  const fit = Math.floor(budget / BYTES_PER_BAR / symbols);
  const span = `${((fit * TIMEFRAME_MS[timeframe]) / 86_400_000 / 365).toFixed(1)} years`;
  throw new UsageError(`This run needs about ${gb(need)} of memory (${symbols} symbol${symbols > 1 ? 's' : ''} × ${formatCount(Math.round(bars))} ${timeframe} bars × ~${BYTES_PER_BAR} bytes per bar), more than the ${gb(budget)} this process may use.`, {
    hint: `Use a later --start (about ${formatCount(fit)} ${timeframe} bars, ${span}, fit per symbol), a coarser --timeframe, fewer symbols, or raise the limit with NODE_OPTIONS=--max-old-space-size=MB.`,
  });
}
