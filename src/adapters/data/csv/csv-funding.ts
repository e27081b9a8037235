/**
 * Funding-rate history from `BASE-QUOTE_funding.csv` (docs/futures.md "CSV files"): a header
 * `timestamp,rate`, one funding time per row (epoch milliseconds or an ISO-8601 UTC time), the
 * rate as a fraction (0.0001 = 0.01 %). Rows must be strictly increasing in time.
 */
import { DataError } from '../../../base/errors.js';
import { formatIssues } from '../../../base/result.js';
import { parseTimestampCell } from '../../../domain/frame/dates.js';
import type { FundingSeries } from '../../../domain/frame/funding.js';

/** The file name of a symbol stem's funding history (`BTC-USDT_funding.csv`). */
export function fundingFileName(stem: string): string {
  return `${stem}_funding.csv`;
}

/** Parses the file's text; a malformed row is a DataError naming the file and line. */
export function parseFundingCsv(text: string, label: string): FundingSeries {
  const lines = text.split(/\r?\n/);
  const head = (lines[0] ?? '').replace(/^\uFEFF/, '').split(',').map((c) => c.trim().toLowerCase());
  const ti = head.indexOf('timestamp');
  const ri = head.indexOf('rate');
  if (ti < 0 || ri < 0) {
    throw new DataError('DATA_INVALID', `${label}: the header must name the columns timestamp and rate (found "${(lines[0] ?? '').slice(0, 80)}").`, {
      hint: 'Write funding files as: timestamp,rate (e.g. 1704067200000,0.0001).',
    });
  }
  const time: number[] = [];
  const rate: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',');
    const t = parseTimestampCell((cells[ti] ?? '').trim());
    const r = Number((cells[ri] ?? '').trim());
    const bad = !t.ok ? formatIssues(t.issues) : !Number.isFinite(r) || (cells[ri] ?? '').trim() === '' ? `rate "${(cells[ri] ?? '').slice(0, 30)}" is not a number`
      : Math.abs(r) >= 1 ? `rate ${r} is not a fraction (0.0001 = 0.01 %)` : time.length > 0 && t.value <= time[time.length - 1] ? 'timestamps must be strictly increasing' : '';
    if (bad !== '') throw new DataError('DATA_INVALID', `${label} line ${i + 1}: ${bad}.`, { hint: 'Fix the funding file or remove it to run without funding.' });
    time.push((t as { value: number }).value);
    rate.push(r);
  }
  return { time: Float64Array.from(time), rate: Float64Array.from(rate) };
}
