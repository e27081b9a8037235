/**
 * Funding data of a swap run (docs/futures.md): the source's funding-rate history for the loaded
 * bars, aligned onto them. A swap run without funding data says so once per symbol and runs
 * without funding payments, never silently.
 */
import { fundingCount, withFunding } from '../../domain/frame/funding.js';
import { TIMEFRAME_MS, type Timeframe } from '../../domain/frame/timeframe.js';
import type { DataSource, LoadedFrame } from '../../orchestration/ports.js';
import type { RunObserver } from './observer.js';

/** The loaded frame with its per-bar funding column, or unchanged (with a warning) when the source has none. */
export async function attachFunding(source: DataSource, loaded: LoadedFrame, timeframe: Timeframe, observer: RunObserver): Promise<LoadedFrame> {
  const f = loaded.frame;
  if (f.length === 0) return loaded;
  const start = f.time[0];
  const end = f.time[f.length - 1] + TIMEFRAME_MS[timeframe];
  const series = source.loadFunding ? await source.loadFunding(f.symbol, start, end) : null;
  const count = series === null ? 0 : fundingCount(f, series);
  if (series === null || count === 0) {
    const where = source.id === 'csv' ? ` (no ${f.symbol.replace('/', '-')}_funding.csv in the data folder)`
      : source.id === 'sample' ? '' : ` (run \`backtester download --funding\` or check that ${source.id} lists funding for ${f.symbol})`;
    observer.warn(`${f.symbol}: no funding data from ${source.id}${where}: this swap run has NO funding payments.`);
    return loaded;
  }
  observer.debug(`${f.symbol}: ${count} funding times from ${source.id}`);
  return { ...loaded, frame: withFunding(f, series) };
}
