import { clip } from '../../base/clip.js';
import { fail, ok, type Result } from '../../base/result.js';

/**
 * Dates and timestamps (DESIGN.md §2, docs/data.md "Dates"). Everything is UTC epoch milliseconds;
 * nothing here reads the clock or the local time zone.
 *
 * Accepted timestamp text (`scanTimestamp`):
 * - `YYYY-MM-DD` → UTC midnight;
 * - `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]]` followed by `Z`, ` UTC`, `±HH:MM`, `±HHMM` or `±HH`;
 * - the same without a zone → read as UTC, only where `naive` is allowed (CSV cells; pandas writes
 *   UTC indexes that way); fractions of a millisecond are truncated;
 * - where `epoch` is allowed, a plain number: `[1e11, 1e14)` is epoch milliseconds (1973 … 5138),
 *   `[1e14, 1e17)` epoch microseconds and `[1e17, 1e20)` epoch nanoseconds (Binance's public kline
 *   files use microseconds since 2025; read as ms they would be bars in the year 56,719),
 *   `[1e9, 1e11)` is epoch seconds (2001-09-09 … 5138-11-16; read as ms those values would fall in
 *   1970-01-12 … 1973-03-03, which no market series uses), anything smaller is rejected as
 *   ambiguous and anything larger as out of range.
 * Impossible calendar dates (2023-02-30, hour 24) are rejected, never rolled over.
 */

const DAY_MS = 86_400_000;
const C_0 = 48;
const C_9 = 57;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Number of days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Reads `n` ASCII digits at `p`, or -1 if any is not a digit. */
function digits(s: string, p: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(p + i);
    if (c < C_0 || c > C_9) return -1;
    v = v * 10 + (c - C_0);
  }
  return v;
}

/** Options of `scanTimestamp`: which forms beyond zoned ISO-8601 are accepted. */
export interface TimestampForms {
  /** A date-time without zone is read as UTC. */
  readonly naive: boolean;
  /** A plain number is epoch ms / s (see the module comment). */
  readonly epoch: boolean;
}

export const CELL_FORMS: TimestampForms = { naive: true, epoch: true };
export const USER_FORMS: TimestampForms = { naive: false, epoch: false };

function scanEpoch(s: string, a: number, b: number): number {
  const v = Number(s.slice(a, b));
  if (!Number.isFinite(v)) return NaN;
  if (v >= 1e20) return NaN;
  if (v >= 1e17) return Number.isInteger(v) ? Math.floor(v / 1e6) : NaN;
  if (v >= 1e14) return Number.isInteger(v) ? Math.floor(v / 1e3) : NaN;
  if (v >= 1e11) return Number.isInteger(v) ? v : NaN;
  if (v >= 1e9) return Math.round(v * 1000);
  return NaN;
}

/**
 * Parses the timestamp in `s[from, to)` without allocating (the CSV hot path). Surrounding spaces
 * and double quotes are ignored. Returns UTC epoch ms, or NaN when the text is not an accepted form.
 */
export function scanTimestamp(s: string, from: number, to: number, forms: TimestampForms = CELL_FORMS): number {
  let a = from;
  let b = to;
  while (a < b && (s.charCodeAt(a) === 32 || s.charCodeAt(a) === 34)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 32 || s.charCodeAt(b - 1) === 34)) b--;
  if (b - a < 10 || s.charCodeAt(a + 4) !== 45 /* - */) {
    if (!forms.epoch || a === b) return NaN;
    for (let i = a; i < b; i++) {
      const c = s.charCodeAt(i);
      if ((c < C_0 || c > C_9) && c !== 46) return NaN;
    }
    return scanEpoch(s, a, b);
  }
  const y = digits(s, a, 4);
  const mo = digits(s, a + 5, 2);
  const d = digits(s, a + 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || s.charCodeAt(a + 7) !== 45 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  const day = daysFromCivil(y, mo, d) * DAY_MS;
  let p = a + 10;
  if (p === b) return day;
  const sep = s.charCodeAt(p);
  if ((sep !== 84 /* T */ && sep !== 32 && sep !== 116 /* t */) || p + 6 > b) return NaN;
  const hh = digits(s, p + 1, 2);
  const mi = digits(s, p + 4, 2);
  if (hh < 0 || hh > 23 || s.charCodeAt(p + 3) !== 58 || mi < 0 || mi > 59) return NaN;
  p += 6;
  let ms = hh * 3_600_000 + mi * 60_000;
  if (p < b && s.charCodeAt(p) === 58 /* : */) {
    if (p + 3 > b) return NaN;
    const ss = digits(s, p + 1, 2);
    if (ss < 0 || ss > 59) return NaN;
    ms += ss * 1000;
    p += 3;
    if (p < b && s.charCodeAt(p) === 46 /* . */) {
      p++;
      let scale = 100;
      const f0 = p;
      for (; p < b; p++) {
        const c = s.charCodeAt(p);
        if (c < C_0 || c > C_9) break;
        ms += (c - C_0) * scale;
        scale /= 10;
      }
      if (p === f0) return NaN;
      ms = Math.floor(ms);
    }
  }
  if (p === b) return forms.naive ? day + ms : NaN;
  return scanZone(s, p, b, day + ms);
}

function scanZone(s: string, p: number, b: number, local: number): number {
  const c = s.charCodeAt(p);
  if ((c === 90 || c === 122) && p + 1 === b) return local; // Z
  if (c === 32 && b - p === 4 && s.slice(p + 1, b).toUpperCase() === 'UTC') return local;
  if ((c !== 43 && c !== 45) || p + 3 > b) return NaN; // + -
  const oh = digits(s, p + 1, 2);
  if (oh < 0 || oh > 23) return NaN;
  let om = 0;
  const rest = b - (p + 3);
  if (rest === 3 && s.charCodeAt(p + 3) === 58) om = digits(s, p + 4, 2);
  else if (rest === 2) om = digits(s, p + 3, 2);
  else if (rest !== 0) return NaN;
  if (om < 0 || om > 59) return NaN;
  const off = (oh * 60 + om) * 60_000;
  return c === 43 ? local - off : local + off;
}

/** Says why `s` is not an accepted timestamp (slow path, for error messages only). */
export function explainTimestamp(s: string, forms: TimestampForms): string {
  const t = s.trim().replace(/^"|"$/g, '');
  if (t === '') return 'empty timestamp';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return `'${clip(t, 80)}' is not a real calendar date`;
    if (!forms.naive && /^\d{4}-\d{2}-\d{2}[T t]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) {
      return `'${clip(t, 80)}' has no time zone; add 'Z' for UTC (e.g. ${t.slice(0, 10)}T${t.slice(11)}Z)`;
    }
    return `'${clip(t, 80)}' is not an ISO-8601 date-time (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)`;
  }
  if (forms.epoch && /^\d+(\.\d+)?$/.test(t) && Number(t) >= 1e20) {
    return `'${clip(t, 40)}' is too large to be an epoch timestamp (nanoseconds must be < 1e20)`;
  }
  if (forms.epoch && /^\d+(\.\d+)?$/.test(t) && Number(t) >= 1e11) {
    return `'${clip(t, 40)}' is not a whole number of epoch milliseconds, microseconds or nanoseconds`;
  }
  if (forms.epoch && /^\d+(\.\d+)?$/.test(t)) {
    return `'${clip(t, 80)}' is too small to be an epoch timestamp (epoch seconds must be >= 1e9, milliseconds >= 1e11)`;
  }
  return forms.epoch
    ? `'${clip(t, 80)}' is not a timestamp (expected ISO-8601 such as 2023-01-01T00:00:00Z, or epoch milliseconds)`
    : `'${clip(t, 80)}' is not a date (expected YYYY-MM-DD or an ISO-8601 date-time with Z or an offset)`;
}

/**
 * Parses a user-given date (`--start`, `--end`, config): `YYYY-MM-DD` (UTC midnight) or an
 * ISO-8601 date-time with `Z` or an offset. A date-time without zone is refused (ambiguous).
 */
export function parseDate(s: string): Result<number> {
  const v = scanTimestamp(s, 0, s.length, USER_FORMS);
  if (!Number.isNaN(v)) return ok(v);
  return fail([{ code: 'invalid_date', path: '', message: explainTimestamp(s, USER_FORMS) }]);
}

/** Parses one CSV timestamp cell: ISO-8601 (no zone = UTC) or epoch ms/s (see the module comment). */
export function parseTimestampCell(s: string): Result<number> {
  const v = scanTimestamp(s, 0, s.length, CELL_FORMS);
  if (!Number.isNaN(v)) return ok(v);
  return fail([{ code: 'invalid_timestamp', path: '', message: explainTimestamp(s, CELL_FORMS) }]);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2023-01-01T00:00:00Z` (milliseconds shown only when non-zero: `…:00.250Z`). */
export function formatIsoUtc(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const days = Math.floor(ms / DAY_MS);
  let rem = ms - days * DAY_MS;
  // civil_from_days (H. Hinnant)
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(rem / 3_600_000);
  rem -= hh * 3_600_000;
  const mi = Math.floor(rem / 60_000);
  rem -= mi * 60_000;
  const ss = Math.floor(rem / 1000);
  const frac = rem - ss * 1000;
  const fs = frac === 0 ? '' : `.${pad(Math.floor(frac), 3)}`;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(hh)}:${pad(mi)}:${pad(ss)}${fs}Z`;
}

/** `2023-01-01` of a UTC epoch ms. */
export function formatDateUtc(ms: number): string {
  return formatIsoUtc(ms).slice(0, 10);
}
