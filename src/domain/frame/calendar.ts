import { barsPerYear, TIMEFRAME_MS, type Timeframe } from './timeframe.js';

/**
 * Trading calendars (DESIGN.md §5, docs/metrics.md "Trading calendars"). A crypto market trades
 * every day; a stock market trades on weekdays, closed on weekends and exchange holidays. The
 * calendar decides how many periods make a year (annualization) and which empty slots in the
 * data are closed sessions rather than gaps.
 */
export type Calendar = 'crypto' | 'stocks';
/** `auto` (the default): weekday-only data is a stock calendar, anything else crypto. */
export type CalendarChoice = 'auto' | Calendar;

export const CALENDAR_CHOICES: readonly CalendarChoice[] = ['auto', 'crypto', 'stocks'];

/** Trading days in a stock-market year. */
export const STOCK_DAYS_PER_YEAR = 252;
/** Weeks in a year, for weekly bars on a stock calendar. */
const WEEKS_PER_YEAR = 52;
/**
 * Up to this many consecutive missing weekdays are an exchange closure (holidays: Good Friday,
 * Thanksgiving, a holiday next to a national day of mourning, a storm closure), not a gap.
 */
export const MAX_CLOSED_WEEKDAYS = 2;

const DAY_MS = 86_400_000;

/** UTC day number (days since 1970-01-01, a Thursday). */
export function utcDay(t: number): number {
  return Math.floor(t / DAY_MS);
}

/** True when UTC day number `d` is a Saturday or Sunday. */
export function isWeekend(d: number): boolean {
  const dow = (((d + 4) % 7) + 7) % 7; // 0 = Sunday
  return dow === 0 || dow === 6;
}

/** Weekdays strictly between UTC day numbers `a` and `b` (a < b). */
export function weekdaysBetween(a: number, b: number): number {
  let count = 0;
  for (let d = a + 1; d < b; d++) if (!isWeekend(d)) count++;
  return count;
}

/**
 * `stocks` when `time` (any order) has no bar on a Saturday or Sunday (UTC) across a span of at
 * least a week, on a timeframe below 1w; `crypto` otherwise (a weekly bar says nothing).
 */
export function detectCalendar(time: ArrayLike<number>, tf: Timeframe): Calendar {
  const n = time.length;
  if (n < 2 || tf === '1w') return 'crypto';
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (isWeekend(utcDay(t))) return 'crypto';
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return hi - lo >= 7 * DAY_MS ? 'stocks' : 'crypto';
}

/** Bars in a typical session: the median number of bars per UTC day that has bars (1 for 1d and up). */
export function sessionBars(time: ArrayLike<number>, tf: Timeframe): number {
  if (TIMEFRAME_MS[tf] >= DAY_MS || time.length === 0) return 1;
  const perDay = new Map<number, number>();
  for (let i = 0; i < time.length; i++) {
    const d = utcDay(time[i]);
    perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  const counts = [...perDay.values()].sort((a, b) => a - b);
  return counts[Math.floor((counts.length - 1) / 2)];
}

/** How a run is annualized: the calendar in force and `A`, periods per year. */
export interface Annualization {
  readonly calendar: Calendar;
  readonly periodsPerYear: number;
}

export interface AnnualizationChoice {
  readonly calendar?: CalendarChoice;
  /** Overrides the calendar's figure when given. */
  readonly periodsPerYear?: number;
  /** Days per year on a crypto calendar (365). */
  readonly daysPerYear?: number;
}

/**
 * Periods per year of bars with open times `time` on timeframe `tf`: an explicit
 * `periodsPerYear` wins; on a stock calendar 252 × bars per session (252 for daily bars, 52 for
 * weekly); on a crypto calendar `daysPerYear` (365) days / timeframe.
 */
export function annualization(time: ArrayLike<number>, tf: Timeframe, choice: AnnualizationChoice = {}): Annualization {
  const c = choice.calendar ?? 'auto';
  const calendar = c === 'auto' ? detectCalendar(time, tf) : c;
  if (choice.periodsPerYear !== undefined) return { calendar, periodsPerYear: choice.periodsPerYear };
  if (calendar === 'crypto') return { calendar, periodsPerYear: barsPerYear(tf, choice.daysPerYear ?? 365) };
  const A = tf === '1w' ? WEEKS_PER_YEAR : STOCK_DAYS_PER_YEAR * sessionBars(time, tf);
  return { calendar, periodsPerYear: A };
}

/**
 * Missing candles between two consecutive bar slots `prev` < `slot` on a stock calendar: inside
 * one UTC day the empty slots (an intraday gap); across days none when at most
 * `MAX_CLOSED_WEEKDAYS` weekdays lie between (overnight, weekends, holidays are closed
 * sessions), else the missing weekdays × `perSession` bars.
 */
export function stockGapBars(prev: number, slot: number, tf: Timeframe, perSession: number): number {
  const a = utcDay(prev);
  const b = utcDay(slot);
  if (a === b) return Math.round((slot - prev) / TIMEFRAME_MS[tf]) - 1;
  const closed = weekdaysBetween(a, b);
  return closed <= MAX_CLOSED_WEEKDAYS ? 0 : closed * perSession;
}
