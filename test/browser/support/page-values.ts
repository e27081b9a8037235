/**
 * Values embedded in report pages are rounded to 8 significant digits of their column's largest
 * magnitude (src/adapters/report/html/compact-column.ts, docs/reports.md); CSV files keep every
 * digit. A page value matches its full-precision source when it is within half a unit of that
 * 8th digit.
 */
import { expect } from 'vitest';
import { PAGE_DIGITS } from '../../../src/adapters/report/html/compact-column.js';

/** Half a unit of the last kept digit for a column whose largest magnitude is `maxAbs`. */
export function pageTolerance(maxAbs: number): number {
  if (!(maxAbs > 0)) return 0;
  return 0.5 * 10 ** (Math.floor(Math.log10(maxAbs)) - (PAGE_DIGITS - 1)) * (1 + 1e-9);
}

/** The largest finite magnitude of a column. */
export function maxAbs(column: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < column.length; i++) { const a = Math.abs(column[i]); if (a > m && a !== Infinity) m = a; }
  return m;
}

/** `got` (read from a page) is `want` (full precision) rounded as the page rounds `column`. */
export function expectOnPage(got: number, want: number, column: ArrayLike<number>, what = ''): void {
  expect(Math.abs(got - want), `${what} ${got} vs ${want}`).toBeLessThanOrEqual(pageTolerance(maxAbs(column)));
}

/**
 * Tolerance of a column the browser derives from a base column (columns.ts DerivedColumn), whose
 * values are rounded as the page rounds `base`: `ret` = base / init − 1 is off by at most
 * tolerance(base) / init; `under` = base / running peak − 1, with base and peak (≥ init) each off
 * by at most tolerance(base), by at most 2 × tolerance(base) / init. Plus float noise.
 */
export function derivedTolerance(base: ArrayLike<number>, kind: 'ret' | 'under', init: number): number {
  return (pageTolerance(maxAbs(base)) * (kind === 'ret' ? 1 : 2)) / init + 1e-15;
}

/** `got` (a derived column read from a page) is `want` (full precision) within derivedTolerance. */
export function expectDerivedOnPage(got: number, want: number, base: ArrayLike<number>, kind: 'ret' | 'under', init: number, what = ''): void {
  expect(Math.abs(got - want), `${what} ${got} vs ${want}`).toBeLessThanOrEqual(derivedTolerance(base, kind, init));
}
