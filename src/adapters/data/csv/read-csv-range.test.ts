import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOhlcvCsv } from './parse-ohlcv-csv.js';
import { readCsvSlice } from './read-csv-range.js';
import { selectRange } from './select-range.js';
import { sortedByFirstCell } from './sorted-times.js';

const M = 60_000;
const T = Date.UTC(2023, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const dir = mkdtempSync(path.join(tmpdir(), 'bt-slice-'));

/** `rows` one-minute bars (with a gap and a duplicate time) as a CSV file. */
function write(name: string, times: number[], header = 'timestamp,open,high,low,close,volume', row = (t: number, i: number) => `${iso(t)},${i},${i + 1},${i - 1},${i + 0.5},${i % 7}`): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${header}\n${times.map(row).join('\n')}\n`);
  return file;
}

async function slice(file: string, start: number, end: number) {
  const fh = await open(file, 'r');
  try {
    return await readCsvSlice(fh, (await fh.stat()).size, { start, end }, 0);
  } finally {
    await fh.close();
  }
}

describe('readCsvSlice: only the bytes of a date range of a sorted CSV file', () => {
  const times = Array.from({ length: 3_000 }, (_, i) => T + (i < 1_000 ? i : i < 2_000 ? i + 30 : i + 29) * M); // a gap, then a repeated time
  let sorted: string;
  let whole: ReturnType<typeof parseOhlcvCsv>;
  beforeAll(() => {
    sorted = write('sorted.csv', times);
    whole = parseOhlcvCsv(`timestamp,open,high,low,close,volume\n${times.map((t, i) => `${iso(t)},${i},${i + 1},${i - 1},${i + 0.5},${i % 7}`).join('\n')}\n`, 'w');
  });
  afterAll(() => undefined);

  it('property: the slice parses to exactly the rows the whole file has in the range', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: -50, max: 3_100 }), fc.integer({ min: -50, max: 3_100 }), async (a, b) => {
      const start = T + a * M;
      const end = T + b * M;
      const s = await slice(sorted, start, end);
      expect(s).not.toBeNull();
      const want = selectRange(whole.cols, start, end);
      if (want.time.length === 0) { expect(s!.body.length).toBe(0); return; }
      const got = parseOhlcvCsv(`${s!.header}\n${s!.body.toString('utf8')}`, 's').cols;
      for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(got[k])).toEqual(Array.from(want[k]));
    }), { numRuns: 60 });
  });

  it('hand-worked: a range inside the file starts at its first bar and stops before the end bar', async () => {
    const s = await slice(sorted, T + 10 * M, T + 13 * M);
    expect(s!.header).toBe('timestamp,open,high,low,close,volume');
    expect(s!.body.toString('utf8').trim().split('\n').map((l) => l.split(',')[0])).toEqual([iso(T + 10 * M), iso(T + 11 * M), iso(T + 12 * M)]);
  });

  it('reads the file whole (null) when it is not sorted, or the time is not the first column', async () => {
    const shuffled = [...times];
    [shuffled[100], shuffled[2_500]] = [shuffled[2_500], shuffled[100]];
    expect(await slice(write('unsorted.csv', shuffled), T + 1_200 * M, T + 1_300 * M)).toBeNull();
    const lateTime = write('late.csv', times, 'open,timestamp,high,low,close,volume', (t, i) => `${i},${iso(t)},${i + 1},${i - 1},${i + 0.5},1`);
    expect(await slice(lateTime, T + 1_200 * M, T + 1_300 * M)).toBeNull();
  });

  it('sortedByFirstCell: every row checked across read boundaries (small reads), CRLF and blank lines', async () => {
    const check = async (text: string, chunk: number) => {
      const file = path.join(dir, `s-${chunk}.csv`);
      writeFileSync(file, text);
      const fh = await open(file, 'r');
      try {
        return await sortedByFirstCell(fh, (await fh.stat()).size, text.indexOf('\n') + 1, 44, chunk);
      } finally {
        await fh.close();
      }
    };
    const rows = times.slice(0, 200).map((t, i) => `${iso(t)},${i},1,1,1,1`);
    const good = `h\n${rows.join('\r\n')}\r\n\n`;
    for (const chunk of [64, 97, 4096]) expect(await check(good, chunk)).toBe(true);
    const swapped = [...rows];
    [swapped[150], swapped[151]] = [swapped[151], swapped[150]];
    for (const chunk of [64, 97, 4096]) expect(await check(`h\n${swapped.join('\n')}\n`, chunk)).toBe(false);
    expect(await check(`h\n${rows.join('\n')}\n2023-01-01,1,1,1,1,1\n`, 97)).toBe(false); // another format
    expect(await check(`h\n${rows.join('\n')}\n`, 20)).toBe(false); // a line longer than a read
  });
});
