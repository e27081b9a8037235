import { detectCalendar, sessionBars, stockGapBars, type CalendarChoice } from './calendar.js';
import { formatIsoUtc } from './dates.js';
import type { OhlcvColumns } from './frame.js';
import type { DataQualityReport, QualityCheck, QualityFinding } from './quality-types.js';
import { floorToTimeframe } from './resample.js';
import { TIMEFRAME_MS, type Timeframe } from './timeframe.js';

/**
 * Data quality checks (DESIGN.md §2, docs/data.md "Data quality"). Pure: they only look at the
 * columns as loaded, in file order, and report; `applyQualityPolicy` decides what happens next.
 */

/** How many examples each finding keeps. */
export const MAX_EXAMPLES = 5;

/** Per-row flags set by `scanRows`. */
export const ROW = {
  nonPositive: 1, ohlc: 2, zeroVolume: 4, negativeVolume: 8,
  misaligned: 16, outOfOrder: 32, dupSame: 64, dupConflict: 128, absurd: 256,
} as const;

/** Prices outside [ABSURD_LOW, ABSURD_HIGH], or SPIKE× away from both neighbours' closes, are absurd. */
export const ABSURD_HIGH = 1e12;
export const ABSURD_LOW = 1e-12;
export const SPIKE = 1000;

function absurdLevel(x: number): boolean {
  return x > ABSURD_HIGH || (x > 0 && x < ABSURD_LOW) || x === Infinity;
}

/** A bar whose extreme is more than SPIKE× (or under 1/SPIKE of) a neighbouring close, on every side that has one. */
function spike(cols: OhlcvColumns, i: number, j: number): boolean {
  const ref = cols.close[j];
  if (!(ref > 0) || !Number.isFinite(ref)) return false;
  return cols.high[i] > ref * SPIKE || cols.low[i] * SPIKE < ref;
}

/** Report order of the checks: structural problems first, warnings last. */
export const CHECK_ORDER: readonly QualityCheck[] = [
  'out_of_order', 'duplicate_conflict', 'duplicate_same', 'misaligned_time',
  'non_positive_price', 'absurd_price', 'ohlc_inconsistent', 'negative_volume', 'zero_volume', 'gap',
];

export interface RowScan {
  /** Bitmask of `ROW` per row, in file order. */
  readonly flags: Uint16Array;
  /** Row indices in time order (stable), or null when the file is already non-decreasing in time. */
  readonly order: Int32Array | null;
}

const sameRow = (c: OhlcvColumns, a: number, b: number) =>
  c.open[a] === c.open[b] && c.high[a] === c.high[b] && c.low[a] === c.low[b]
  && c.close[a] === c.close[b] && c.volume[a] === c.volume[b];

/**
 * Flags every row: bad prices (`!(x > 0)`, so NaN counts), OHLC inconsistency (high < max(open,
 * close), low > min(open, close) or high < low), volume `== 0` / `< 0` or NaN, time off the
 * timeframe grid, time earlier than an earlier row's (out of order), and duplicate times: all
 * rows of a time identical → the later copies get `dupSame`; any difference → every row of that
 * time gets `dupConflict`.
 */
export function scanRows(cols: OhlcvColumns, tf: Timeframe): RowScan {
  const { time, open, high, low, close, volume } = cols;
  const n = time.length;
  const flags = new Uint16Array(n);
  let maxSeen = -Infinity;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const o = open[i], h = high[i], l = low[i], c = close[i], v = volume[i], t = time[i];
    let f = 0;
    if (!(o > 0 && h > 0 && l > 0 && c > 0)) f |= ROW.nonPositive;
    if (h < o || h < c || l > o || l > c || h < l) f |= ROW.ohlc;
    if (v === 0) f |= ROW.zeroVolume;
    else if (!(v > 0)) f |= ROW.negativeVolume;
    if (floorToTimeframe(t, tf) !== t) f |= ROW.misaligned;
    if (t < maxSeen) { f |= ROW.outOfOrder; sorted = false; } else maxSeen = t;
    if (absurdLevel(o) || absurdLevel(h) || absurdLevel(l) || absurdLevel(c)) f |= ROW.absurd;
    else if (h > 0 && l > 0 && (i > 0 || i + 1 < n) && (i === 0 || spike(cols, i, i - 1)) && (i + 1 === n || spike(cols, i, i + 1))) f |= ROW.absurd;
    flags[i] = f;
  }
  let order: Int32Array | null = null;
  if (!sorted) {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => time[a] - time[b] || a - b);
  }
  for (let k = 0; k < n;) {
    const first = order ? order[k] : k;
    let e = k + 1;
    while (e < n && time[order ? order[e] : e] === time[first]) e++;
    if (e - k > 1) {
      let same = true;
      for (let j = k + 1; j < e && same; j++) same = sameRow(cols, first, order ? order[j] : j);
      for (let j = k; j < e; j++) {
        const r = order ? order[j] : j;
        if (!same) flags[r] |= ROW.dupConflict;
        else if (j > k) flags[r] |= ROW.dupSame;
      }
    }
    k = e;
  }
  return { flags, order };
}

interface Acc { count: number; occurrences: number; examples: { time: string; note: string }[] }

function priceNote(cols: OhlcvColumns, i: number, f: number): string {
  const p = { open: cols.open[i], high: cols.high[i], low: cols.low[i], close: cols.close[i] };
  if (f & ROW.nonPositive) {
    const [k, v] = Object.entries(p).find(([, x]) => !(x > 0))!;
    return Number.isNaN(v) ? `${k} missing` : `${k} ${v}`;
  }
  if (p.high < p.low) return `high ${p.high} < low ${p.low}`;
  if (p.high < Math.max(p.open, p.close)) {
    return p.open > p.close ? `high ${p.high} < open ${p.open}` : `high ${p.high} < close ${p.close}`;
  }
  return p.low > p.open ? `low ${p.low} > open ${p.open}` : `low ${p.low} > close ${p.close}`;
}

function absurdNote(cols: OhlcvColumns, i: number): string {
  const p = { open: cols.open[i], high: cols.high[i], low: cols.low[i], close: cols.close[i] };
  const bad = Object.entries(p).find(([, x]) => absurdLevel(x));
  if (bad) return `${bad[0]} ${bad[1]}`;
  const ref = cols.close[i > 0 ? i - 1 : i + 1];
  return `high ${p.high} / low ${p.low} against a neighbouring close of ${ref} (over ${SPIKE}× apart)`;
}

/** A checked frame: the report, and the row scan it was made from (for `applyQualityPolicy`, no second scan). */
export interface CheckedFrame {
  readonly report: DataQualityReport;
  readonly rows: RowScan;
}

/**
 * Checks columns as loaded (file order) against `timeframe` and returns the report: per check the
 * number of affected rows (`gap`: missing candles), of occurrences (`gap`: gaps; duplicates:
 * timestamps; `out_of_order`: places where time goes back) and the first `MAX_EXAMPLES` examples,
 * e.g. `2023-03-24T13:00:00Z: 1 candle missing`. Gaps count the empty grid slots between
 * consecutive distinct times; on a stock calendar (`calendar`, detected by default: weekday-only
 * data) weekends, nights and exchange holidays are closed sessions, not gaps (`stockGapBars`).
 * `droppedBars` is 0; `applyQualityPolicy` says what gets dropped.
 */
export function checkFrame(cols: OhlcvColumns, timeframe: Timeframe, symbol: string, calendar: CalendarChoice = 'auto'): DataQualityReport {
  return checkFrameRows(cols, timeframe, symbol, calendar).report;
}

/**
 * `checkFrame`, keeping the row scan behind the report: a data load passes both to
 * `applyQualityPolicy`, which then drops rows by these flags instead of scanning every row again.
 */
export function checkFrameRows(cols: OhlcvColumns, timeframe: Timeframe, symbol: string, calendar: CalendarChoice = 'auto'): CheckedFrame {
  const rows = scanRows(cols, timeframe);
  return { report: reportOf(cols, rows, timeframe, symbol, calendar), rows };
}

function reportOf(cols: OhlcvColumns, { flags, order }: RowScan, timeframe: Timeframe, symbol: string, calendar: CalendarChoice): DataQualityReport {
  const n = cols.time.length;
  const acc = new Map<QualityCheck, Acc>(CHECK_ORDER.map((c) => [c, { count: 0, occurrences: 0, examples: [] }]));
  const add = (check: QualityCheck, count: number, t: number, note: string) => {
    const a = acc.get(check)!;
    a.count += count;
    a.occurrences++;
    if (a.examples.length < MAX_EXAMPLES) a.examples.push({ time: formatIsoUtc(t), note });
  };
  const { time } = cols;
  for (let i = 0; i < n; i++) {
    const f = flags[i];
    if (f === 0) continue;
    if (f & ROW.outOfOrder) {
      const a = acc.get('out_of_order')!;
      if (time[i] < time[i - 1]) add('out_of_order', 1, time[i], `comes after ${formatIsoUtc(time[i - 1])} (data row ${i + 1})`);
      else a.count++;
    }
    if (f & ROW.misaligned) add('misaligned_time', 1, time[i], `not on a ${timeframe} boundary`);
    if (f & ROW.nonPositive) add('non_positive_price', 1, time[i], priceNote(cols, i, ROW.nonPositive));
    if (f & ROW.absurd) add('absurd_price', 1, time[i], absurdNote(cols, i));
    if (f & ROW.ohlc) add('ohlc_inconsistent', 1, time[i], priceNote(cols, i, 0));
    if (f & ROW.negativeVolume) add('negative_volume', 1, time[i], Number.isNaN(cols.volume[i]) ? 'volume missing' : `volume ${cols.volume[i]}`);
    if (f & ROW.zeroVolume) add('zero_volume', 1, time[i], 'volume 0');
  }
  const step = TIMEFRAME_MS[timeframe];
  const stocks = (calendar === 'auto' ? detectCalendar(time, timeframe) : calendar) === 'stocks';
  const perSession = stocks ? sessionBars(time, timeframe) : 1;
  let prev = NaN;
  for (let k = 0; k < n;) {
    const r = order ? order[k] : k;
    let e = k + 1;
    while (e < n && time[order ? order[e] : e] === time[r]) e++;
    if (flags[r] & ROW.dupConflict) add('duplicate_conflict', e - k, time[r], `${e - k} rows with different values`);
    else if (e - k > 1) add('duplicate_same', e - k - 1, time[r], `${e - k} identical rows`);
    const slot = floorToTimeframe(time[r], timeframe);
    let missing = Math.round((slot - prev) / step) - 1;
    if (missing > 0 && stocks) missing = stockGapBars(prev, slot, timeframe, perSession);
    if (missing > 0) {
      const until = missing > 1 ? `, up to ${formatIsoUtc(slot - step)}` : '';
      add('gap', missing, prev + step, `${missing} candle${missing > 1 ? 's' : ''} missing${until}`);
    }
    prev = slot;
    k = e;
  }
  const findings: QualityFinding[] = [];
  for (const check of CHECK_ORDER) {
    const a = acc.get(check)!;
    if (a.count > 0) findings.push({ check, count: a.count, occurrences: a.occurrences, examples: a.examples });
  }
  const first = n === 0 ? null : formatIsoUtc(order ? time[order[0]] : time[0]);
  const last = n === 0 ? null : formatIsoUtc(order ? time[order[n - 1]] : time[n - 1]);
  return { symbol, timeframe, bars: n, firstTime: first, lastTime: last, findings, droppedBars: 0 };
}
