import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOhlcvCsv } from './parse-ohlcv-csv.js';
import { selectRange } from './select-range.js';

const H = 3_600_000;
const T = Date.UTC(2023, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const csv = (times: number[], cell = (i: number) => `${i + 1},${i + 2},${i + 0.5},${i + 1.5},${10 * i}`) =>
  `timestamp,open,high,low,close,volume\n${times.map((t, i) => `${iso(t)},${cell(i)}`).join('\n')}\n`;
const arr = (c: Float64Array | Int32Array) => Array.from(c);

describe('parseOhlcvCsv over a time range', () => {
  it('hand-worked: a sorted file parses only the rows in [start, end), with their own line numbers and the file span', () => {
    const text = csv([0, 1, 2, 3, 4, 5].map((k) => T + k * H));
    const r = parseOhlcvCsv(text, 'x.csv', { start: T + 2 * H, end: T + 4 * H });
    expect(arr(r.cols.time)).toEqual([T + 2 * H, T + 3 * H]);
    expect(arr(r.cols.open)).toEqual([3, 4]);
    expect(arr(r.lines)).toEqual([4, 5]); // header is line 1
    expect(r.span).toEqual({ first: T, last: T + 5 * H });
    expect(r.warnings).toEqual([]);
  });

  it('does not read the other cells of rows outside the range, but a bad cell inside it is still an error with its line', () => {
    const text = csv([0, 1, 2, 3].map((k) => T + k * H), (i) => (i === 0 ? 'oops,2,1,1.5,1' : `${i + 1},${i + 2},${i + 0.5},${i + 1.5},1`));
    expect(arr(parseOhlcvCsv(text, 'x.csv', { start: T + H, end: Infinity }).cols.open)).toEqual([2, 3, 4]);
    expect(() => parseOhlcvCsv(text, 'x.csv', { start: T, end: T + 2 * H })).toThrow(/x\.csv line 2, column open/);
    expect(() => parseOhlcvCsv(text, 'x.csv')).toThrow(/x\.csv line 2, column open/);
  });

  it('an unsorted file, or a bad timestamp anywhere, is parsed whole as without a range', () => {
    const unsorted = csv([0, 2, 1, 3].map((k) => T + k * H));
    const r = parseOhlcvCsv(unsorted, 'x.csv', { start: T + 2 * H, end: Infinity });
    expect(r.span).toBeUndefined();
    expect(arr(r.cols.time)).toEqual([0, 2, 1, 3].map((k) => T + k * H));
    const badTime = `${csv([T, T + H])}not-a-time,1,2,0.5,1.5,1\n`;
    expect(() => parseOhlcvCsv(badTime, 'x.csv', { start: T, end: T + H })).toThrow(/x\.csv line 4, column timestamp/);
  });

  it('a range with no rows gives empty columns and the file span (for the message)', () => {
    const r = parseOhlcvCsv(csv([T, T + H]), 'x.csv', { start: T + 5 * H, end: Infinity });
    expect(r.cols.time.length).toBe(0);
    expect(r.span).toEqual({ first: T, last: T + H });
  });

  it('property: equals the full parse followed by the range selection, blank lines and CRLF included', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: -5, max: 200 }), fc.integer({ min: -5, max: 200 }), fc.boolean(), fc.boolean(),
      (steps, a, b, crlf, blanks) => {
        let t = T;
        const times = steps.map((s) => (t += s * H)); // non-decreasing, duplicates allowed
        let text = csv(times);
        if (blanks) text = text.replace(/\n(?=2023-01-01T03)/, '\n\n  \n');
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const range = { start: T + a * H, end: T + b * H };
        const full = parseOhlcvCsv(text, 'p.csv');
        const want = selectRange(full.cols, range.start, range.end);
        const got = parseOhlcvCsv(text, 'p.csv', range);
        for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(arr(got.cols[k])).toEqual(arr(want[k]));
        const first = want.time.length > 0 ? full.cols.time.indexOf(want.time[0]) : 0;
        expect(arr(got.lines)).toEqual(arr(full.lines.slice(first, first + want.time.length)));
      },
    ));
  });
});
