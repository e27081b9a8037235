import { describe, expect, it } from 'vitest';
import {
  annualization, detectCalendar, isWeekend, sessionBars, stockGapBars, utcDay, weekdaysBetween,
} from './calendar.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const d = (s: string) => Date.parse(`${s}T00:00:00Z`);

/** Weekday dates from `from` (inclusive) for `count` weekdays, skipping the given holidays. */
function weekdays(from: string, count: number, holidays: string[] = []): number[] {
  const out: number[] = [];
  for (let t = d(from); out.length < count; t += DAY) {
    if (!isWeekend(utcDay(t)) && !holidays.includes(new Date(t).toISOString().slice(0, 10))) out.push(t);
  }
  return out;
}

describe('calendar detection', () => {
  it('2024-01-06 is a Saturday, 2024-01-07 a Sunday, 2024-01-08 a Monday', () => {
    expect(isWeekend(utcDay(d('2024-01-06')))).toBe(true);
    expect(isWeekend(utcDay(d('2024-01-07')))).toBe(true);
    expect(isWeekend(utcDay(d('2024-01-08')))).toBe(false);
    // Friday 2024-01-05 → Monday 2024-01-08: no weekday between; → Wednesday 2024-01-10: Mon, Tue
    expect(weekdaysBetween(utcDay(d('2024-01-05')), utcDay(d('2024-01-08')))).toBe(0);
    expect(weekdaysBetween(utcDay(d('2024-01-05')), utcDay(d('2024-01-10')))).toBe(2);
  });

  it('weekday-only daily data over more than a week → stocks; every day → crypto; a short or weekly span → crypto', () => {
    expect(detectCalendar(weekdays('2024-01-01', 20), '1d')).toBe('stocks');
    expect(detectCalendar(Array.from({ length: 20 }, (_, i) => d('2024-01-01') + i * DAY), '1d')).toBe('crypto');
    expect(detectCalendar(weekdays('2024-01-01', 5), '1d')).toBe('crypto'); // Mon-Fri: 4 days of span
    expect(detectCalendar(weekdays('2024-01-01', 20), '1w')).toBe('crypto');
  });

  it('annualization: 252 for daily stock bars, 252 × bars per session intraday, 365 days / timeframe on crypto, an override wins', () => {
    expect(annualization(weekdays('2024-01-01', 40), '1d')).toEqual({ calendar: 'stocks', periodsPerYear: 252 });
    // 7 hourly bars per session (13:00..19:00 UTC) on weekdays
    const hourly = weekdays('2024-01-01', 30).flatMap((t) => Array.from({ length: 7 }, (_, h) => t + (13 + h) * HOUR));
    expect(sessionBars(hourly, '1h')).toBe(7);
    expect(annualization(hourly, '1h')).toEqual({ calendar: 'stocks', periodsPerYear: 252 * 7 });
    expect(annualization(hourly, '1h', { calendar: 'crypto' })).toEqual({ calendar: 'crypto', periodsPerYear: 8760 });
    expect(annualization(hourly, '1h', { periodsPerYear: 1000 })).toEqual({ calendar: 'stocks', periodsPerYear: 1000 });
    const daily = Array.from({ length: 20 }, (_, i) => d('2024-01-01') + i * DAY);
    expect(annualization(daily, '1d')).toEqual({ calendar: 'crypto', periodsPerYear: 365 });
    expect(annualization(daily, '1d', { calendar: 'stocks' }).periodsPerYear).toBe(252);
  });

  it('stock gaps: weekends, nights and up to 2 missing weekdays are closed sessions; longer runs and intraday holes are gaps', () => {
    expect(stockGapBars(d('2024-01-05'), d('2024-01-08'), '1d', 1)).toBe(0); // weekend
    expect(stockGapBars(d('2024-03-28'), d('2024-04-01'), '1d', 1)).toBe(0); // Good Friday + weekend
    expect(stockGapBars(d('2024-01-05'), d('2024-01-10'), '1d', 1)).toBe(0); // 2 weekdays (a storm closure)
    expect(stockGapBars(d('2024-01-05'), d('2024-01-11'), '1d', 1)).toBe(3); // Mon-Wed missing
    expect(stockGapBars(d('2024-01-05') + 19 * HOUR, d('2024-01-08') + 13 * HOUR, '1h', 7)).toBe(0); // overnight + weekend
    expect(stockGapBars(d('2024-01-08') + 13 * HOUR, d('2024-01-08') + 16 * HOUR, '1h', 7)).toBe(2); // 14:00, 15:00 missing
    expect(stockGapBars(d('2024-01-05') + 19 * HOUR, d('2024-01-11') + 13 * HOUR, '1h', 7)).toBe(21); // 3 sessions
  });
});
