/**
 * Parsed CSV columns kept in the cache folder (`<cache>/csv/<hash of the path>.bin`), so a file is
 * parsed once, not at every run: a year of 1h takes ~35 ms to parse in a fresh process and ~1 ms
 * to read back. An entry is used only for the very file it was made from: same path, size,
 * modification time and inode (a changed file is parsed again and its entry replaced). Only files
 * that parsed whole without an error and are sorted by time are kept (the others take the plain
 * path every time), so a request is a binary search over the times (docs/data.md "CSV files").
 *
 * Layout: a text header (`MAGIC`, one JSON line, spaces up to a multiple of 8 bytes), then the six
 * columns as Float64 (time, open, high, low, close, volume) and the rows' line numbers as Int32,
 * in this machine's byte order.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { lowerBound, type OhlcvColumns } from '../../../domain/frame/frame.js';
import { noFinalNewline, type ParsedCsv } from './parse-ohlcv-csv.js';
import type { TimeRange } from './time-index.js';

const MAGIC = 'backtester parsed csv 1\n';
const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** What identifies the file an entry was made from. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** A file's rows as the whole-file parse gives them. */
export interface ParsedCsvEntry {
  readonly cols: OhlcvColumns;
  readonly lines: Int32Array;
  readonly ignoredColumns: readonly string[];
  /** False when the last row has no newline (the parse then warns). */
  readonly endsWithNewline: boolean;
}

interface Header extends FileStamp { rows: number; ignoredColumns: string[]; endsWithNewline: boolean; endianness: string }

/** The entry's file for the CSV file `file`. */
export function parsedCsvCachePath(cacheDir: string, file: string): string {
  return path.join(cacheDir, 'csv', `${createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 32)}.bin`);
}

/** The entry at `entryPath` when it was made from the file `stamp` describes; null otherwise (none, another file, damaged). */
export function readParsedCsv(entryPath: string, stamp: FileStamp): ParsedCsvEntry | null {
  let buf: Buffer;
  try {
    buf = readFileSync(entryPath);
  } catch {
    return null;
  }
  if (buf.length < MAGIC.length || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
  const nl = buf.indexOf(10, MAGIC.length);
  if (nl < 0) return null;
  let h: Header;
  try {
    h = JSON.parse(buf.toString('utf8', MAGIC.length, nl)) as Header;
  } catch {
    return null;
  }
  const start = align8(nl + 1);
  const n = h.rows;
  if (h.size !== stamp.size || h.mtimeMs !== stamp.mtimeMs || h.ino !== stamp.ino || h.endianness !== endianness()
    || !Number.isInteger(n) || n < 1 || buf.length !== start + n * (COLUMNS.length * 8 + 4)) return null;
  // Own, aligned memory for the typed-array views.
  const bytes = new Uint8Array(buf.length - start);
  bytes.set(buf.subarray(start));
  const at = (k: number) => new Float64Array(bytes.buffer, k * n * 8, n);
  const cols = { time: at(0), open: at(1), high: at(2), low: at(3), close: at(4), volume: at(5) };
  return { cols, lines: new Int32Array(bytes.buffer, COLUMNS.length * n * 8, n), ignoredColumns: h.ignoredColumns, endsWithNewline: h.endsWithNewline };
}

/** Stores `entry` for the file `stamp` describes (atomically: temp file + rename). Failing to write only costs the next run a parse. */
export function writeParsedCsv(entryPath: string, stamp: FileStamp, entry: ParsedCsvEntry): void {
  const n = entry.cols.time.length;
  const header: Header = { size: stamp.size, mtimeMs: stamp.mtimeMs, ino: stamp.ino, rows: n, ignoredColumns: [...entry.ignoredColumns], endsWithNewline: entry.endsWithNewline, endianness: endianness() };
  const head = `${MAGIC}${JSON.stringify(header)}\n`;
  const start = align8(Buffer.byteLength(head));
  const out = Buffer.alloc(start + n * (COLUMNS.length * 8 + 4), 32);
  out.write(head, 0, 'utf8');
  const body = new Uint8Array(out.buffer, out.byteOffset + start, out.length - start);
  COLUMNS.forEach((c, k) => body.set(new Uint8Array(entry.cols[c].buffer, entry.cols[c].byteOffset, n * 8), k * n * 8));
  body.set(new Uint8Array(entry.lines.buffer, entry.lines.byteOffset, n * 4), COLUMNS.length * n * 8);
  const tmp = `${entryPath}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(entryPath), { recursive: true });
    writeFileSync(tmp, out, { flag: 'wx' });
    renameSync(tmp, entryPath);
  } catch {
    rmSync(tmp, { force: true }); // not writable (a read-only cache folder): parsed again next time
  }
}

/**
 * What `parseOhlcvCsv(text, label, range)` returns for the file the entry was made from: the rows
 * with `start <= time < end` (copies), the file's span with a range, and the missing-newline
 * warning when the rows reach the file's last one.
 */
export function parsedFromEntry(e: ParsedCsvEntry, label: string, range?: TimeRange): ParsedCsv {
  const n = e.cols.time.length;
  const lo = range ? lowerBound(e.cols.time, range.start) : 0;
  const hi = range ? Math.max(lo, lowerBound(e.cols.time, range.end)) : n;
  const cut = (c: Float64Array) => c.slice(lo, hi);
  const cols = { time: cut(e.cols.time), open: cut(e.cols.open), high: cut(e.cols.high), low: cut(e.cols.low), close: cut(e.cols.close), volume: cut(e.cols.volume) };
  const warnings = e.endsWithNewline || hi < n || hi === lo ? [] : [noFinalNewline(label, e.lines[hi - 1])];
  return {
    cols, lines: e.lines.slice(lo, hi), ignoredColumns: [...e.ignoredColumns], warnings,
    ...(range && { span: { first: e.cols.time[0], last: e.cols.time[n - 1] } }),
  };
}

function align8(x: number): number {
  return (x + 7) & ~7;
}
