/**
 * Funding data of a swap run (docs/futures.md): the source's funding-rate history for the loaded
 * bars, aligned onto them. A swap run without funding data says so once per symbol and runs
 * without funding payments, never silently.
 */
import { NetworkError } from '../../base/errors.js';
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
  let series = null;
  try {
    series = source.loadFunding ? await source.loadFunding(f.symbol, start, end) : null;
  } catch (e) {
    // The candles are here (perhaps from the cache, offline): the run goes on without funding, and says why.
    if (!(e instanceof NetworkError)) throw e;
    observer.warn(`${f.symbol}: the funding history could not be fetched from ${source.id} (${e.message}): this swap run has NO funding payments. \`backtester download --market swap --funding\` caches it.`);
    return loaded;
  }
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
