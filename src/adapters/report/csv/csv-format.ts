/**
 * CSV cells that machines read back exactly: numbers at full precision (shortest round-trip
 * form), NaN as an empty cell, infinities as `inf`/`-inf` (what pandas and polars parse),
 * times as ISO-8601 UTC, text quoted only when needed (RFC 4180).
 */

export function numberCell(x: number): string {
  if (x !== x) return '';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}

const DAY = 86_400_000;
/** Epoch ms of 10000-01-01: from there on toISOString writes six-digit years. */
const YEAR_10000 = 253_402_300_800_000;
let cachedDay = NaN;
let cachedPrefix = '';

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * `2023-01-01T00:00:00Z` (seconds precision; bar times are whole seconds; milliseconds are kept
 * when present). The date part is made once per day (a CSV of bars writes each day many times).
 */
export function isoCell(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  if (ms < 0 || ms >= YEAR_10000 || !Number.isInteger(ms)) return isoSlow(ms);
  const day = Math.floor(ms / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY).toISOString().slice(0, 11);
  }
  const inDay = ms - day * DAY;
  const sec = Math.floor(inDay / 1000);
  const milli = inDay - sec * 1000;
  const hms = `${two(Math.floor(sec / 3600))}:${two(Math.floor(sec / 60) % 60)}:${two(sec % 60)}`;
  return milli === 0 ? `${cachedPrefix}${hms}Z` : `${cachedPrefix}${hms}.${String(milli).padStart(3, '0')}Z`;
}

function isoSlow(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

export function textCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\n`;
}
