import { clip } from '../../../base/clip.js';
import { DataError } from '../../../base/errors.js';
import type { OhlcvColumns } from '../../../domain/frame/frame.js';
import { explainTimestamp, CELL_FORMS, scanTimestamp } from '../../../domain/frame/dates.js';
import { scanNumber } from './scan-number.js';
import { headerRoles, type ColumnRole } from './csv-header.js';
import { rowsInRange, type FileSpan, type TimeRange } from './time-index.js';

/** Columns parsed from an OHLCV CSV text, in file order (not yet checked for quality). */
export interface ParsedCsv {
  readonly cols: OhlcvColumns;
  /** Line number (1-based) of each row, for messages. */
  readonly lines: Int32Array;
  /** Header columns that were ignored, for the log. */
  readonly ignoredColumns: readonly string[];
  /** Problems of the file itself worth a warning (a last line without its newline). */
  readonly warnings: readonly string[];
  /** With a range read from a sorted file: the times of the file's first and last rows (`cols` holds the range only). */
  readonly span?: FileSpan;
}

/** Epoch ms of 9999-12-31T23:59:59.999Z: later times cannot be written as ISO-8601. */
const MAX_TIME = 253_402_300_799_999;

const CR = 13;

function lineEnd(s: string, p: number): number {
  const e = s.indexOf('\n', p);
  return e < 0 ? s.length : e;
}

function isBlank(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== CR && c !== 9) return false;
  }
  return true;
}

/**
 * Parses CSV text (`timestamp,open,high,low,close,volume`, see csv-header.ts for the accepted
 * names) into Float64Array columns with one pass over the char codes: no per-row objects and no
 * split into line strings. Blank lines are skipped, `\r\n` and CR-only line ends are fine, a UTF-8 BOM is ignored, the
 * separator is `,` (or `;` / tab when the header has no comma). Throws a DataError naming the file,
 * line and column for an empty file, a missing or unusable header, a wrong number of cells, a
 * malformed number or a bad timestamp.
 *
 * With `range`, a file sorted by time is parsed only over the rows with `start <= time < end`
 * (every timestamp is still read, the other cells of rows outside the range are not); a file
 * that is not sorted, or has a bad timestamp, is parsed whole, as without a range.
 */
export function parseOhlcvCsv(input: string, label: string, range?: TimeRange): ParsedCsv {
  // Old Mac line endings (a lone \r): read them as lines rather than as one enormous line.
  const text = input.includes('\n') || !input.includes('\r') ? input : input.replace(/\r/g, '\n');
  let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (p < text.length && isBlank(text, p, lineEnd(text, p))) { p = lineEnd(text, p) + 1; line++; }
  if (p >= text.length) {
    throw new DataError('DATA_EMPTY', `${label} is empty.`, {
      hint: 'Write a header line `timestamp,open,high,low,close,volume` followed by one row per candle.',
    });
  }
  const headerEnd = lineEnd(text, p);
  const headerText = text.slice(p, headerEnd).replace(/\r$/, '');
  const sep = headerText.includes(',') ? ',' : headerText.includes(';') ? ';' : headerText.includes('\t') ? '\t' : ',';
  const { roles, ignored } = headerRoles(headerText.split(sep), label, line);
  const SEP = sep.charCodeAt(0);
  const timeCol = roles.indexOf('time');
  let p0 = headerEnd + 1;
  let line0 = line + 1;
  let stop = text.length;
  let span: FileSpan | undefined;
  if (range) {
    // Only the rows of the range are parsed when the file is sorted by time (time-index.ts).
    const cut = rowsInRange(text, p0, line0, timeCol, SEP, range);
    if (cut) ({ from: p0, line: line0, to: stop, span } = cut);
  }
  let cap = 1;
  for (let i = text.indexOf('\n', p0); i >= 0 && i < stop; i = text.indexOf('\n', i + 1)) cap++;
  const cols: OhlcvColumns = {
    time: new Float64Array(cap), open: new Float64Array(cap), high: new Float64Array(cap),
    low: new Float64Array(cap), close: new Float64Array(cap), volume: new Float64Array(cap),
  };
  const targets: (Float64Array | null)[] = roles.map((r) => (r === null ? null : cols[r]));
  const lines = new Int32Array(cap);
  const ncols = roles.length;
  let n = 0;
  p = p0;
  line = line0;
  const len = stop;
  while (p < len) {
    const e = lineEnd(text, p);
    if (isBlank(text, p, e)) { p = e + 1; line++; continue; }
    let a = p;
    for (let c = 0; c < ncols; c++) {
      let b = a;
      while (b < e && text.charCodeAt(b) !== SEP) b++;
      if (b === e && c < ncols - 1) throw cellCount(label, line, c + 1, ncols);
      const cellEnd = b === e && text.charCodeAt(b - 1) === CR ? b - 1 : b;
      const out = targets[c];
      if (out !== null) {
        if (c === timeCol) {
          const t = scanTimestamp(text, a, cellEnd, CELL_FORMS);
          if (Number.isNaN(t)) throw badCell(label, line, 'timestamp', explainTimestamp(text.slice(a, cellEnd), CELL_FORMS));
          if (t < 0 || t > MAX_TIME) throw badCell(label, line, 'timestamp', `'${clip(text.slice(a, cellEnd), 40)}' is outside 1970-01-01 … 9999-12-31`);
          out[n] = t;
        } else {
          const v = scanNumber(text, a, cellEnd);
          if (Number.isNaN(v)) throw badCell(label, line, roles[c]!, `'${clip(text.slice(a, cellEnd), 40)}' is not a number`);
          out[n] = v;
        }
      }
      a = b + 1;
    }
    if (a <= e) throw cellCount(label, line, ncols + 1 + countSeps(text, a, e, SEP), ncols);
    lines[n++] = line;
    p = e + 1;
    line++;
  }
  if (n === 0 && span) return { cols: { time: new Float64Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0) }, lines: new Int32Array(0), ignoredColumns: ignored, warnings: [], span };
  if (n === 0) {
    throw new DataError('DATA_EMPTY', `${label} has a header but no data rows.`, {
      hint: 'Add one row per candle below the header, or point --data-dir at the right folder.',
    });
  }
  const cut = (c: Float64Array) => (n === cap ? c : c.slice(0, n));
  return {
    cols: { time: cut(cols.time), open: cut(cols.open), high: cut(cols.high), low: cut(cols.low), close: cut(cols.close), volume: cut(cols.volume) },
    lines: n === cap ? lines : lines.slice(0, n),
    ignoredColumns: ignored,
    warnings: text.endsWith('\n') || stop < text.length ? [] : [noFinalNewline(label, lines[n - 1])],
    ...(span && { span }),
  };
}

/** The warning for a file whose last row (at `line`) has no newline. */
export function noFinalNewline(label: string, line: number): string {
  return `${label} does not end with a newline: its last row (line ${line}) may have been cut short (an interrupted download or copy); check it`;
}

function countSeps(s: string, a: number, b: number, sep: number): number {
  let k = 0;
  for (let i = a; i < b; i++) if (s.charCodeAt(i) === sep) k++;
  return k;
}

function cellCount(label: string, line: number, got: number, want: number): DataError {
  return new DataError('DATA_INVALID', `${label} line ${line} has ${got} cells; the header has ${want}.`, {
    hint: 'Every row needs one value per header column (no quoted commas, no thousands separators).',
  });
}

function badCell(label: string, line: number, column: ColumnRole | 'timestamp', why: string): DataError {
  return new DataError('DATA_INVALID', `${label} line ${line}, column ${column}: ${why}.`, {
    hint: column === 'timestamp' || column === 'time'
      ? 'Timestamps must be ISO-8601 UTC (2023-01-01T00:00:00Z; a date-time without zone is read as UTC) or epoch milliseconds.'
      : 'Prices and volumes must be plain decimals such as 28080.5 or 1.2e-4.',
  });
}
