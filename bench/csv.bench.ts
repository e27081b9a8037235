/**
 * CSV and sample-market speed: `npx tsx bench/csv.bench.ts [repeats]`.
 * (a) parseOhlcvCsv on two years of 1h candles (17,544 rows: real BTC/USDT 2023-2024 from
 *     ../shared/data when present, else sample bars written as CSV), text already in memory;
 * (b) a full CsvSource.load of the same file (readdir, read, parse, slice, quality check);
 * (c) SampleMarketSource.load of one year of 1h bars and (d) one year of 1m bars (525,600).
 * (e) a large file: three years of 1m sample bars as CSV (1.58 M rows, ~100 MB), CsvSource.load of
 *     one month of it (only that month's rows are parsed, issue 15 item 3) and of one year, against
 *     the whole file, with the process's peak RSS.
 * Targets: (a) < 20 ms, (b) < 100 ms, (c) "instant", (d) well under a second. The machine may be
 * shared: best and median of several repeats are shown.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseOhlcvCsv } from '../src/adapters/data/csv/parse-ohlcv-csv.js';
import { CsvSource } from '../src/adapters/data/csv-source.js';
import { SampleMarketSource } from '../src/adapters/data/sample-market.js';
import { formatIsoUtc } from '../src/domain/frame/dates.js';
import { sharedDataPath } from '../test/support/shared-data.js';

const repeats = Number(process.argv[2] ?? 20);
const START = Date.UTC(2023, 0, 1);
const END = Date.UTC(2025, 0, 1);

async function csvText(): Promise<{ text: string; what: string }> {
  const file = sharedDataPath('binance_BTC-USDT_1h.csv');
  if (existsSync(file)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const keep = lines.filter((l, i) => i === 0 || l.startsWith('2023') || l.startsWith('2024'));
    return { text: `${keep.join('\n')}\n`, what: 'real BTC/USDT 1h 2023-2024' };
  }
  const f = (await new SampleMarketSource().load({ symbol: 'BTC/USDT', timeframe: '1h', start: START, end: END })).frame;
  const rows = Array.from({ length: f.length }, (_, i) => [formatIsoUtc(f.time[i]), f.open[i], f.high[i], f.low[i], f.close[i], f.volume[i]].join(','));
  return { text: `timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`, what: 'sample BTC/USDT 1h 2023-2024' };
}

async function time(label: string, n: number, fn: () => unknown): Promise<void> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} best ${ms[0].toFixed(2).padStart(8)} ms   median ${ms[n >> 1].toFixed(2).padStart(8)} ms`);
}

const { text, what } = await csvText();
const rows = parseOhlcvCsv(text, 'bench.csv').cols.time.length;
console.log(`CSV: ${what}, ${rows} rows, ${(text.length / 1e6).toFixed(2)} MB`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'csv-bench-'));
writeFileSync(path.join(dir, 'BTC-USDT_1h.csv'), text);
try {
  await time('(a) parseOhlcvCsv, text in memory', repeats, () => parseOhlcvCsv(text, 'bench.csv'));
  const src = new CsvSource({ dataDir: dir });
  await time('(b) CsvSource.load (read + parse + checks)', repeats, () => src.load({ symbol: 'BTC/USDT', timeframe: '1h' }));
  const sample = new SampleMarketSource();
  await time('(c) SampleMarketSource 1 year of 1h (8,760 bars)', repeats, () =>
    sample.load({ symbol: 'BTC/USDT', timeframe: '1h', start: START, end: Date.UTC(2024, 0, 1) }));
  await time('(d) SampleMarketSource 1 year of 1m (525,600 bars)', Math.max(3, repeats >> 2), () =>
    sample.load({ symbol: 'BTC/USDT', timeframe: '1m', start: START, end: Date.UTC(2024, 0, 1) }));
  const big = (await sample.load({ symbol: 'BTC/USDT', timeframe: '1m', start: Date.UTC(2021, 0, 1), end: Date.UTC(2024, 0, 1) })).frame;
  const fd = openSync(path.join(dir, 'BTC-USDT_1m.csv'), 'w');
  writeSync(fd, 'timestamp,open,high,low,close,volume\n');
  for (let a = 0; a < big.length; a += 50_000) {
    const lines: string[] = [];
    for (let i = a; i < Math.min(big.length, a + 50_000); i++) lines.push(`${formatIsoUtc(big.time[i])},${big.open[i]},${big.high[i]},${big.low[i]},${big.close[i]},${big.volume[i]}\n`);
    writeSync(fd, lines.join(''));
  }
  closeSync(fd);
  console.log(`(e) large file: ${big.length.toLocaleString('en-US')} rows of 1m, ${(statSync(path.join(dir, 'BTC-USDT_1m.csv')).size / 1e6).toFixed(0)} MB`);
  const m1 = { symbol: 'BTC/USDT', timeframe: '1m' as const };
  await time('(e) CsvSource.load, one month of the 3-year 1m file', 5, () => src.load({ ...m1, start: Date.UTC(2023, 5, 1), end: Date.UTC(2023, 6, 1) }));
  await time('(e) CsvSource.load, one year of the 3-year 1m file', 3, () => src.load({ ...m1, start: START, end: Date.UTC(2024, 0, 1) }));
  await time('(e) CsvSource.load, the whole 3-year 1m file', 3, () => src.load(m1));
  console.log(`    peak RSS of this bench process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
