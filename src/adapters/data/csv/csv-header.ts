import { clip } from '../../../base/clip.js';
import { DataError } from '../../../base/errors.js';
import { CELL_FORMS, scanTimestamp } from '../../../domain/frame/dates.js';
import { scanNumber } from './scan-number.js';

/** The columns an OHLCV CSV must have. */
export type ColumnRole = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

/** Accepted header names (case-insensitive, surrounding spaces and quotes ignored). */
export const HEADER_NAMES: Readonly<Record<ColumnRole, readonly string[]>> = {
  time: ['timestamp', 'date', 'time', 'datetime', 'date_time', 'open_time'],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume'],
};

const EXPECTED = 'timestamp,open,high,low,close,volume';

/**
 * Maps header cells to column roles. The time column may also be an empty first header (a pandas
 * index, as in `,Open,High,Low,Close,Volume`). Other columns (`quote_volume`, `Adj Close`, …) are
 * ignored and returned so the caller can say so. Throws a DataError when the first line is data
 * (no header), a required column is missing, or a role appears twice.
 */
export function headerRoles(cells: readonly string[], label: string, line: number): {
  roles: (ColumnRole | null)[]; ignored: string[];
} {
  const names = cells.map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim());
  const first = names[0] ?? '';
  if (!Number.isNaN(scanTimestamp(first, 0, first.length, CELL_FORMS)) || !Number.isNaN(scanNumber(first, 0, first.length))) {
    throw new DataError('DATA_INVALID', `${label} has no header: line ${line} starts with data ('${clip(first, 80)}').`, {
      hint: `Add the header line \`${EXPECTED}\` as the first line.`,
    });
  }
  const roles: (ColumnRole | null)[] = [];
  const ignored: string[] = [];
  const seen = new Map<ColumnRole, string>();
  names.forEach((name, i) => {
    const low = name.toLowerCase();
    let role = (Object.keys(HEADER_NAMES) as ColumnRole[]).find((r) => HEADER_NAMES[r].includes(low)) ?? null;
    if (role === null && i === 0 && low === '') role = 'time';
    if (role !== null && seen.has(role)) {
      throw new DataError('DATA_INVALID', `${label}: columns '${clip(seen.get(role) ?? '', 60)}' and '${clip(name, 60)}' both look like the ${role} column.`, {
        hint: `Keep one of them, or rename the header to \`${EXPECTED}\`.`,
      });
    }
    if (role === null) ignored.push(name === '' ? `(column ${i + 1})` : name);
    else seen.set(role, name);
    roles.push(role);
  });
  const missing = (Object.keys(HEADER_NAMES) as ColumnRole[]).filter((r) => !seen.has(r));
  if (missing.length > 0) {
    throw new DataError('DATA_INVALID',
      `${label}: the header has no ${missing.map((m) => (m === 'time' ? 'timestamp' : m)).join(', ')} column (found: ${clip(names.map((x) => x || '(empty)').join(', '))}).`, {
        hint: `Use the header \`${EXPECTED}\` (case does not matter; date, time or datetime also name the timestamp column).`,
      });
  }
  return { roles, ignored };
}
