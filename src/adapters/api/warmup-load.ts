import { NetworkError } from '../../base/errors.js';
import { lowerBound } from '../../domain/frame/frame.js';
import { formatIsoUtc } from '../../domain/frame/dates.js';
import { TIMEFRAME_MS, type Timeframe } from '../../domain/frame/timeframe.js';
import { withWarmup } from '../../domain/frame/warmup.js';
import type { DataSource, LoadedFrame } from '../../orchestration/ports.js';
import type { CalendarChoice } from '../../domain/frame/calendar.js';

const DAY = 86_400_000;
/** The sample market has no bars before 2015-01-01. */
const SAMPLE_FIRST_MS = Date.UTC(2015, 0, 1);
/** Widening steps of the history requested when a calendar with closed hours or days gave too few bars. */
const SPANS = [1.5, 6, 24];

/** How much warm-up history a load found (recorded in data_quality.json as `warmup`). */
export interface WarmupReport {
  /** Bars the strategy declared (`warmupBars(params)`). */
  readonly requested: number;
  /** Bars before the start that the frame holds for the indicators. */
  readonly loaded: number;
  /** requested − loaded: history the source does not have. */
  readonly missing: number;
  /** Time of the first warm-up bar (null without one). */
  readonly from: string | null;
  /** Why history is missing when the source could not be asked for it (the exchange unreachable). */
  readonly reason?: string;
}

/**
 * Loads `symbol` over [start, end) with `bars` bars of history before `start` (issue 10, warm-up).
 * The history is asked for by time, `bars` bar lengths before the start (×1.5, a week more); when
 * the source had bars that early but not enough of them (stock hours, weekends) the request widens.
 * The frame keeps exactly `bars` bars before `start` (fewer when the source has no more: the
 * report says how many are missing) and is marked with them as its warm-up.
 */
export async function loadWithWarmup(source: DataSource, req: { symbol: string; timeframe: Timeframe; start: number; end?: number; calendar?: CalendarChoice }, bars: number,
  options?: { signal?: AbortSignal }): Promise<{ loaded: LoadedFrame; warmup: WarmupReport }> {
  const tf = TIMEFRAME_MS[req.timeframe];
  let loaded: LoadedFrame | null = null;
  let before = 0;
  let reason: string | undefined;
  for (const k of SPANS) {
    let from = req.start - Math.ceil(bars * tf * k) - 7 * DAY;
    if (source.id === 'sample') from = Math.max(from, SAMPLE_FIRST_MS);
    try {
      loaded = await source.load({ ...req, start: from }, options);
    } catch (e) {
      // History is best effort: an exchange that cannot be reached for it (a cached run offline)
      // leaves the run with the bars it can load, and the report says why history is missing.
      if (!(e instanceof NetworkError)) throw e;
      reason = `${source.id} could not be reached for the history before the start`;
      if (loaded === null) loaded = await source.load(req, options);
      before = lowerBound(loaded.frame.time, req.start);
      break;
    }
    before = lowerBound(loaded.frame.time, req.start);
    const t = loaded.frame.time;
    // Enough history, or the source starts after what was asked (it has no earlier bars).
    if (before >= bars || t.length === 0 || t[0] > from + 7 * DAY + tf || from <= (source.id === 'sample' ? SAMPLE_FIRST_MS : -Infinity)) break;
  }
  const l = loaded!;
  const keep = Math.min(before, bars);
  const cut = before - keep;
  const f = l.frame;
  const sub = (c: Float64Array) => (cut > 0 ? c.subarray(cut) : c);
  const frame = withWarmup({
    ...f, time: sub(f.time), open: sub(f.open), high: sub(f.high), low: sub(f.low), close: sub(f.close), volume: sub(f.volume), length: f.length - cut,
  }, keep);
  const warmup: WarmupReport = { requested: bars, loaded: keep, missing: bars - keep, from: keep > 0 ? formatIsoUtc(frame.time[0]) : null, ...(reason && keep < bars && { reason }) };
  return { loaded: { ...l, frame, quality: { ...l.quality, warmup } }, warmup };
}
