/**
 * Number, time and metric formatting for report text (server side). Undefined values (NaN) are
 * shown as an em dash, never as 0 (DESIGN.md §5); all times are UTC.
 */
import { metricInfo, type MetricKey } from '../../../domain/metrics/catalog.js';

export const MISSING = '—';
const DAY_MS = 86_400_000;

/** `0.1523` → `15.23%`; NaN → `—`. */
export function fmtPercent(x: number, digits = 2): string {
  if (x !== x) return MISSING;
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  return `${(x * 100).toFixed(digits)}%`;
}

/** Fixed decimals with thousands separators: `12345.6` → `12,345.60`; NaN → `—`; ±∞ → `∞`. */
export function fmtNumber(x: number, digits = 2): string {
  if (x !== x) return MISSING;
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  const [int, frac] = Math.abs(x).toFixed(digits).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = x < 0 && Number(int + (frac ?? '')) !== 0 ? '-' : '';
  return frac === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${frac}`;
}

/** A price with a sensible number of decimals for its size (`27345.12`, `0.04213`). */
export function fmtPrice(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  const a = Math.abs(x);
  return fmtNumber(x, a >= 1000 ? 2 : a >= 1 ? 4 : 6);
}

/** `2023-01-15 10:00` (UTC); seconds only when not zero. */
export function fmtTime(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  const iso = new Date(ms).toISOString();
  const s = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${s === '00' ? '' : `:${s}`}`;
}

/** A duration as the guide writes it: `1d 4h`, `3h 15m`, `45m`, `12d`. */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return MISSING;
  const m = Math.round(ms / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', min && d === 0 ? `${min}m` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0m';
}

/** Days as a duration: `2.5` → `2d 12h`. */
export function fmtDays(days: number): string {
  return days !== days ? MISSING : fmtDuration(days * DAY_MS);
}

/** A catalog metric formatted by its unit (fraction → %, days → duration, currency → 2 decimals). */
export function fmtMetric(key: MetricKey, value: number): string {
  switch (metricInfo(key).unit) {
    case 'fraction': return fmtPercent(value);
    case 'ratio': return fmtNumber(value, 2);
    case 'count': return fmtNumber(value, 0);
    case 'bars': return fmtNumber(value, 1);
    case 'days': return fmtDays(value);
    case 'currency': return fmtNumber(value, 2);
  }
}

/** `total_return` → `Total return`. */
export function metricLabel(key: string): string {
  const s = key.replace(/_/g, ' ').replace(/\bvar\b/, 'VaR').replace(/\bcvar\b/, 'CVaR');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
