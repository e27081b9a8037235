import { annualization, type Annualization } from '../frame/calendar.js';
import type { OhlcvFrame } from '../frame/frame.js';
import type { PortfolioSpec } from './spec.js';

/** The calendar and periods per year of a run on `frame` under `portfolio`'s settings. */
export function runAnnualization(frame: OhlcvFrame, portfolio: PortfolioSpec): Annualization {
  return annualization(frame.time, frame.timeframe, {
    calendar: portfolio.calendar, periodsPerYear: portfolio.periodsPerYear, daysPerYear: portfolio.daysPerYear,
  });
}
