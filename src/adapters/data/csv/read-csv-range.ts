import type { FileHandle } from 'node:fs/promises';
import { CELL_FORMS, scanTimestamp } from '../../../domain/frame/dates.js';
import { headerRoles } from './csv-header.js';
import { sortedByFirstCell } from './sorted-times.js';
import type { TimeRange } from './time-index.js';

/** Files from this size on are read around the requested range only (smaller ones are read whole). */
export const RANGE_READ_FROM_BYTES = 16 * 1024 * 1024;

const PROBE = 4096;

/** The header text and the bytes of the rows with `start <= time < end`, or null to read the file whole. */
export interface CsvSlice {
  readonly header: string;
  readonly body: Buffer;
  /** Byte offsets of the body in the file. */
  readonly from: number;
  readonly to: number;
}

/**
 * Reads the header and only the rows of `range` of a large CSV file sorted by time: a byte-level
 * check that every row's time follows the previous one (sorted-times.ts; no text decoded, no
 * number parsed), a binary search over byte offsets (each probe reads the first complete line
 * after an offset and its time), then one read of the rows between the two offsets. Returns null,
 * so the caller reads the file whole, when the file is small, the time column is not the first
 * one, the rows are not sorted by time, or a probe cannot be read as a row.
 */
export async function readCsvSlice(fh: FileHandle, size: number, range: TimeRange, fromBytes = RANGE_READ_FROM_BYTES): Promise<CsvSlice | null> {
  if (size < fromBytes || size === 0) return null;
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  await fh.read(head, 0, head.length, 0);
  const nl = head.indexOf(10);
  if (nl < 0) return null;
  const header = head.subarray(0, nl).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
  const sep = header.includes(',') ? ',' : header.includes(';') ? ';' : header.includes('\t') ? '\t' : ',';
  try {
    if (headerRoles(header.split(sep), 'probe', 1).roles.indexOf('time') !== 0) return null;
  } catch {
    return null; // an unusable header: the whole-file parse explains it
  }
  const bodyStart = nl + 1;
  // Every row's time, checked in order as bytes: a single row out of place anywhere means a whole read.
  if (!(await sortedByFirstCell(fh, size, bodyStart, sep.charCodeAt(0)))) return null;
  const seen: [number, number][] = []; // (offset, time) of every probe, to catch an unsorted file
  /** The first line starting at or after `at`: its offset and time (NaN when unreadable), or null past the end. */
  const lineAt = async (at: number): Promise<{ offset: number; time: number } | null> => {
    const buf = Buffer.alloc(PROBE);
    const { bytesRead } = await fh.read(buf, 0, PROBE, at === bodyStart ? at : at - 1);
    const text = buf.subarray(0, bytesRead).toString('latin1');
    // At `at - 1`: a newline there means a line starts exactly at `at`.
    let start = at === bodyStart ? 0 : text.indexOf('\n') + 1;
    if (at !== bodyStart && start === 0) return null;
    while (start < text.length && (text.charCodeAt(start) === 10 || text.charCodeAt(start) === 13)) start++;
    if (start >= text.length) return null;
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== sep.charCodeAt(0) && text.charCodeAt(end) !== 10) end++;
    const offset = (at === bodyStart ? at : at - 1) + start;
    const time = scanTimestamp(text, start, end, CELL_FORMS);
    seen.push([offset, time]);
    return { offset, time };
  };
  /** The offset of the first line whose time is >= t (size when none). */
  const search = async (t: number): Promise<number | null> => {
    if (t === -Infinity) return bodyStart;
    if (t === Infinity) return size;
    let lo = bodyStart;
    let hi = size;
    while (hi - lo > PROBE) {
      const mid = lo + Math.floor((hi - lo) / 2);
      const line = await lineAt(mid);
      if (line === null) { hi = mid; continue; }
      if (!Number.isFinite(line.time)) return null;
      if (line.time < t) lo = line.offset + 1;
      else hi = mid;
    }
    // Finish by scanning the lines from lo (at most a probe's worth of bytes before the answer).
    for (let at = lo; at < size;) {
      const line = await lineAt(at);
      if (line === null) return size;
      if (!Number.isFinite(line.time)) return null;
      if (line.time >= t) return line.offset;
      at = line.offset + 1;
    }
    return size;
  };
  const from = await search(range.start);
  const to = from === null ? null : await search(range.end);
  if (from === null || to === null) return null;
  seen.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < seen.length; i++) if (seen[i][1] < seen[i - 1][1]) return null; // not sorted by time
  const body = Buffer.alloc(Math.max(0, to - from));
  if (body.length > 0) await fh.read(body, 0, body.length, from);
  return { header, body, from, to };
}
