/**
 * The parsed-columns cache gives exactly what the parse gives: for any sorted file and any range,
 * `parsedFromEntry` equals `parseOhlcvCsv(text, label, range)` bit for bit (rows, line numbers,
 * span, the missing-newline warning); an entry round-trips through its file, and is refused for
 * another file, a changed one or a damaged entry. The CSV source then uses entries for the very
 * file only, and keeps none for files it cannot answer from one.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvSource } from '../csv-source.js';
import { parseOhlcvCsv, type ParsedCsv } from './parse-ohlcv-csv.js';
import { parsedCsvCachePath, parsedFromEntry, readParsedCsv, writeParsedCsv, type FileStamp } from './parsed-csv-cache.js';
import { timesSorted } from './select-range.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bt-parsed-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HOUR = 3_600_000;
const T0 = Date.UTC(2023, 0, 1);

function same(a: ParsedCsv, b: ParsedCsv): void {
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    expect(a.cols[k].length, k).toBe(b.cols[k].length);
    a.cols[k].forEach((v, i) => expect(Object.is(v, b.cols[k][i]), `${k}[${i}]`).toBe(true));
  }
  expect([...a.lines]).toEqual([...b.lines]);
  expect(a.warnings).toEqual(b.warnings);
  expect(a.ignoredColumns).toEqual(b.ignoredColumns);
  expect(a.span).toEqual(b.span);
}

/** A sorted file: hours with gaps and repeats, blank lines, CRLF or LF, with or without the last newline, an ignored column. */
const sortedFile = fc.record({
  steps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }),
  blankAfter: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
  crlf: fc.boolean(),
  lastNewline: fc.boolean(),
  extra: fc.boolean(),
}).map(({ steps, blankAfter, crlf, lastNewline, extra }) => {
  const nl = crlf ? '\r\n' : '\n';
  let t = T0;
  const rows = steps.map((s, i) => {
    t += s * HOUR;
    const line = `${new Date(t).toISOString()},${100 + i * 0.1},${101 + i},${99 - i * 0.01},${100.5 + i / 3},${i * 1.7}${extra ? `,x${i}` : ''}`;
    return blankAfter[i] ? `${line}${nl}` : line;
  });
  const text = `timestamp,open,high,low,close,volume${extra ? ',note' : ''}${nl}${rows.join(nl)}${lastNewline ? nl : ''}`;
  return { text, first: T0, last: t };
});

describe('parsed CSV cache', () => {
  it('an entry answers every range exactly as the range parse does', () => {
    fc.assert(fc.property(sortedFile, fc.integer({ min: -3, max: 130 }), fc.integer({ min: 0, max: 60 }), fc.boolean(), (f, a, len, open) => {
      const whole = parseOhlcvCsv(f.text, 'f.csv');
      expect(timesSorted(whole.cols.time)).toBe(true);
      const entry = { cols: whole.cols, lines: whole.lines, ignoredColumns: whole.ignoredColumns, endsWithNewline: whole.warnings.length === 0 };
      const range = { start: open ? -Infinity : T0 + a * HOUR, end: T0 + (a + len) * HOUR };
      same(parsedFromEntry(entry, 'f.csv', range), parseOhlcvCsv(f.text, 'f.csv', range));
      same(parsedFromEntry(entry, 'f.csv'), parseOhlcvCsv(f.text, 'f.csv'));
    }), { numRuns: 300 });
  });

  it('round-trips through its file, for this file only', () => {
    const whole = parseOhlcvCsv('timestamp,open,high,low,close,volume\n2023-01-01,1,2,0.5,1.5,3\n2023-01-02,1.5,2,1,1e-300,4', 'x.csv');
    const entry = { cols: whole.cols, lines: whole.lines, ignoredColumns: whole.ignoredColumns, endsWithNewline: false };
    const stamp: FileStamp = { size: 123, mtimeMs: 1_700_000_000_123.456, ino: 42 };
    const p = path.join(dir, 'one', 'entry.bin');
    writeParsedCsv(p, stamp, entry);
    const back = readParsedCsv(p, stamp)!;
    same(parsedFromEntry(back, 'x.csv'), whole);
    for (const other of [{ ...stamp, size: 124 }, { ...stamp, mtimeMs: stamp.mtimeMs + 1 }, { ...stamp, ino: 43 }]) expect(readParsedCsv(p, other)).toBeNull();
    const bytes = readFileSync(p);
    writeFileSync(p, bytes.subarray(0, bytes.length - 1)); // cut short
    expect(readParsedCsv(p, stamp)).toBeNull();
    writeFileSync(p, Buffer.concat([Buffer.from('X'), bytes.subarray(1)]));
    expect(readParsedCsv(p, stamp)).toBeNull();
    expect(readParsedCsv(path.join(dir, 'none.bin'), stamp)).toBeNull();
  });

  it('the CSV source reads a file once, then from its entry until the file changes; none without a cache or for files it cannot keep', async () => {
    const data = path.join(dir, 'data');
    const cache = path.join(dir, 'cache');
    const rows = Array.from({ length: 48 }, (_, i) => `${new Date(T0 + i * HOUR).toISOString()},${100 + i},${102 + i},${99 + i},${101 + i},${10 + i}`);
    const file = path.join(data, 'BTC-USDT_1h.csv');
    rmSync(data, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(data, { recursive: true });
    writeFileSync(file, `timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`);
    const request = { symbol: 'BTC/USDT', timeframe: '1h' as const, start: T0 + 5 * HOUR, end: T0 + 20 * HOUR };
    const plain = await new CsvSource({ dataDir: data }).load(request);
    const cached = new CsvSource({ dataDir: data, cache: { dir: cache } });
    const first = await cached.load(request);
    expect([...first.frame.close]).toEqual([...plain.frame.close]);
    expect(first.quality).toEqual(plain.quality);
    const entry = parsedCsvCachePath(cache, file);
    expect(statSync(entry).isFile()).toBe(true);
    // The second load is answered by the entry: a mark put into its close column shows up.
    const bytes = readFileSync(entry);
    const stamp = { size: statSync(file).size, mtimeMs: statSync(file).mtimeMs, ino: statSync(file).ino };
    const e = readParsedCsv(entry, stamp)!;
    e.cols.close[10] = 111.5; // was 111, between its low 109 and high 112
    writeParsedCsv(entry, stamp, e);
    expect((await cached.load(request)).frame.close[5]).toBe(111.5);
    // A changed file (another modification time) is parsed again and its entry replaced.
    const st = statSync(file);
    utimesSync(file, st.atime, new Date(st.mtimeMs + 5000));
    const again = await cached.load(request);
    expect([...again.frame.close]).toEqual([...plain.frame.close]);
    expect(readFileSync(entry).equals(bytes)).toBe(false);
    // --no-cache: nothing read or written.
    rmSync(cache, { recursive: true, force: true });
    await new CsvSource({ dataDir: data, cache: { dir: cache, enabled: false } }).load(request);
    expect(() => readdirSync(cache)).toThrow();
    // A bad cell outside the range: the range loads as without the cache, and no entry is kept.
    writeFileSync(file, `timestamp,open,high,low,close,volume\n${rows.slice(0, 30).join('\n')}\n${rows[30].replace(/,130,/, ',oops,')}\n${rows.slice(31).join('\n')}\n`);
    const bad = await cached.load(request);
    expect([...bad.frame.close]).toEqual([...plain.frame.close]);
    expect(() => readdirSync(path.join(cache, 'csv'))).toThrow();
    // An unsorted file: as without the cache, and no entry.
    const shuffled = [...rows.slice(24), ...rows.slice(0, 24)];
    writeFileSync(file, `timestamp,open,high,low,close,volume\n${shuffled.join('\n')}\n`);
    const uncached = await new CsvSource({ dataDir: data, policy: undefined }).load(request).then((r) => r, (err: unknown) => err);
    const viaCache = await cached.load(request).then((r) => r, (err: unknown) => err);
    expect(String((viaCache as Error).message ?? '')).toBe(String((uncached as Error).message ?? ''));
    expect(() => readdirSync(path.join(cache, 'csv'))).toThrow();
  });
});
