import { CELL_FORMS, scanTimestamp } from '../../../domain/frame/dates.js';

/** Epoch ms of 9999-12-31T23:59:59.999Z (later times are refused by the full parse). */
const MAX_TIME = 253_402_300_799_999;

/** `[start, end)` in epoch ms (either may be infinite). */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** Times of a file's first and last rows. */
export interface FileSpan {
  readonly first: number;
  readonly last: number;
}

/** Where the rows of a range are in the text: `[from, to)` character offsets, the line number at `from`, the file's span. */
export interface RowCut {
  readonly from: number;
  readonly to: number;
  readonly line: number;
  readonly span: FileSpan;
}

/**
 * One pass over the rows' time cells only (no other cell is parsed): when the times never go
 * down, the offsets of the rows with `start <= time < end`; null when the file is not sorted
 * by time, has no rows, or has a row the full parse refuses (a short row, a bad timestamp): the
 * caller then parses every row, which reports the problem or selects the range afterwards.
 */
export function rowsInRange(text: string, from: number, line0: number, timeCol: number, sep: number, range: TimeRange): RowCut | null {
  let p = from;
  let line = line0;
  let prev = -Infinity;
  let first = NaN;
  let cutFrom = -1;
  let cutLine = line0;
  let cutTo = -1;
  const len = text.length;
  while (p < len) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = len;
    // The time cell: skip `timeCol` separators.
    let a = p;
    for (let c = 0; c < timeCol && a < e; c++) {
      while (a < e && text.charCodeAt(a) !== sep) a++;
      a++;
    }
    let b = a;
    while (b < e && text.charCodeAt(b) !== sep) b++;
    const cellEnd = b === e && b > a && text.charCodeAt(b - 1) === 13 ? b - 1 : b;
    if (a >= e || blank(text, p, e)) {
      if (!blank(text, p, e)) return null; // a short row: the full parse reports it
      p = e + 1;
      line++;
      continue;
    }
    const t = scanTimestamp(text, a, cellEnd, CELL_FORMS);
    if (!(t >= prev && t <= MAX_TIME && t >= 0)) return null; // NaN, out of order or out of range
    if (first !== first) first = t;
    prev = t;
    if (cutFrom < 0 && t >= range.start) { cutFrom = p; cutLine = line; }
    if (cutTo < 0 && t >= range.end) cutTo = p;
    p = e + 1;
    line++;
  }
  if (first !== first) return null;
  if (cutFrom < 0) cutFrom = len;
  if (cutTo < 0) cutTo = len;
  return { from: cutFrom, to: Math.max(cutFrom, cutTo), line: cutLine, span: { first, last: prev } };
}

function blank(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 13 && c !== 9) return false;
  }
  return true;
}
