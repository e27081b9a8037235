/**
 * Data that would mislead is caught (issue 8, items 6-10) through the real CLI: epoch micro- and
 * nanoseconds, times outside 1970-9999, `1M`, absurd prices under --on-bad-data, a last line
 * without its newline, CR-only line ends, the sample market after now, and file-system problems
 * where a data file should be (exit 3 naming the path). Files on disk are checked after each run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readCsvRows, runCli, tempDir, type CliRun } from './support/run-cli.js';
import { OhlcvCache } from '../src/adapters/cache/ohlcv-cache.js';
import { DataError } from '../src/base/errors.js';

// Each case runs the CLI (several seconds each, much more when the machine is loaded).
vi.setConfig({ testTimeout: 300_000 });

const HEADER = 'timestamp,open,high,low,close,volume';
const T0 = Date.UTC(2025, 0, 1);
/** `n` hourly rows from 2025-01-01, the time written by `time(ms)`, a gentle price walk. */
const rows = (n: number, time: (ms: number) => string = String, price = (i: number) => 100 + (i % 7)) =>
  Array.from({ length: n }, (_, i) => {
    const p = price(i);
    return `${time(T0 + i * 3_600_000)},${p},${p + 1},${p - 1},${p + 0.5},10`;
  });

let root: string;
let dataDir: string;
beforeAll(async () => {
  root = await tempDir('bt-hostile-');
  dataDir = join(root, 'data');
  await mkdir(dataDir);
  const file = (name: string, text: string) => writeFile(join(dataDir, name), text);
  await file('MICRO-USDT_1h.csv', [HEADER, ...rows(300, (ms) => `${ms}000`)].join('\n') + '\n');
  await file('NANO-USDT_1h.csv', [HEADER, ...rows(300, (ms) => `${ms}000000`)].join('\n') + '\n');
  await file('OLD-USDT_1h.csv', [HEADER, '1900-01-01T00:00:00Z,1,2,0.5,1,1', ...rows(5, (ms) => new Date(ms).toISOString())].join('\n') + '\n');
  await file('HUGE-USDT_1h.csv', [HEADER, ...rows(5), '1' + '0'.repeat(22) + ',1,2,0.5,1,1'].join('\n') + '\n');
  await file('ABSURD-USDT_1h.csv', [HEADER, ...rows(300, String, (i) => (i === 150 ? 1e308 : 100 + (i % 7)))].join('\n').replace(/1e\+308,[^,]+,[^,]+,[^,]+/, '100,1e308,99,100.5') + '\n');
  await file('SPIKE-USDT_1h.csv', [HEADER, ...rows(300)].join('\n').replace(`${T0 + 150 * 3_600_000},103,104,102,103.5`, `${T0 + 150 * 3_600_000},103,150000,102,103.5`) + '\n');
  await file('CUT-USDT_1h.csv', [HEADER, ...rows(300)].join('\n').slice(0, -1)); // cut inside the last number (volume 10 → 1)
  await file('MAC-USDT_1h.csv', [HEADER, ...rows(300, (ms) => new Date(ms).toISOString())].join('\r') + '\r');
  await mkdir(join(dataDir, 'DIR-USDT_1h.csv'));
  await symlink(join(dataDir, 'nowhere.csv'), join(dataDir, 'DANGLING-USDT_1h.csv'));
  await symlink(join(dataDir, 'LOOP-USDT_1h.csv'), join(dataDir, 'LOOP-USDT_1h.csv'));
  execFileSync('mkfifo', [join(dataDir, 'FIFO-USDT_1h.csv')]);
});

const csv = (symbol: string, ...rest: string[]) => ['--exchange', 'csv', '--data-dir', dataDir, '--symbols', symbol, '--timeframe', '1h', ...rest];

async function run(args: string[]): Promise<CliRun & { out: string }> {
  const out = join(root, `out-${Math.random().toString(36).slice(2)}`);
  return { ...(await runCli([...args, '--output', out])), out };
}

/** A refusal: the exit code, the message, one paragraph, and no output folder at all. */
function refused(r: CliRun & { out: string }, code: number, ...patterns: RegExp[]): void {
  expect(r.code, r.stderr).toBe(code);
  for (const p of patterns) expect(r.stderr).toMatch(p);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/Internal error/);
  expect(existsSync(r.out)).toBe(false);
}

describe('timestamps', () => {
  it('epoch microseconds and nanoseconds are read as 2025, not the year 56,719', async () => {
    const [micro, nano] = await Promise.all([run(csv('MICRO/USDT')), run(csv('NANO/USDT'))]);
    for (const r of [micro, nano]) {
      expect(r.code, r.stderr).toBe(0);
      const equity = readCsvRows(join(r.out, 'equity.csv'));
      expect(equity[0].time).toBe('2025-01-01T00:00:00Z');
      expect(equity.at(-1)!.time).toBe(new Date(T0 + 299 * 3_600_000).toISOString().replace('.000Z', 'Z'));
    }
  });

  it('times before 1970 or beyond nanoseconds are refused at load (exit 3, naming the line)', async () => {
    const [old, huge] = await Promise.all([run(csv('OLD/USDT')), run(csv('HUGE/USDT'))]);
    refused(old, 3, /OLD-USDT_1h\.csv line 2, column timestamp: '1900-01-01T00:00:00Z' is outside 1970-01-01 … 9999-12-31/);
    refused(huge, 3, /HUGE-USDT_1h\.csv line 7, column timestamp: '10{22}' is too large to be an epoch timestamp/);
  });

  it('--timeframe 1M is refused as a month, never read as a minute; 1H still means an hour', async () => {
    const [month, hour] = await Promise.all([run(csv('MICRO/USDT').map((a) => (a === '1h' ? '1M' : a))), run(csv('MICRO/USDT').map((a) => (a === '1h' ? '1H' : a)))]);
    refused(month, 2, /Timeframe "1M" means one month \(as on the exchanges\); monthly bars are not supported/);
    expect(hour.code, hour.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(hour.out, 'run.json'), 'utf8')).data.timeframe).toBe('1h');
  });
});

describe('absurd prices and cut files', () => {
  it('a high of 1e308 and a bar 1,000× its neighbours stop the run by default, naming the bar', async () => {
    const [absurd, spike] = await Promise.all([run(csv('ABSURD/USDT')), run(csv('SPIKE/USDT'))]);
    refused(absurd, 3, /absurd_price: 1 bar with an absurd price/, /2025-01-07T06:00:00Z: high 1e\+308/, /--on-bad-data drop/);
    refused(spike, 3, /absurd_price: 1 bar with an absurd price/, /2025-01-07T06:00:00Z: high 150000 \/ low 102 against a neighbouring close of 102\.5/);
  });

  it('--on-bad-data drop drops the bar and the quality report and console name it; warn keeps it, reported', async () => {
    const [drop, warn] = await Promise.all([run(csv('SPIKE/USDT', '--on-bad-data', 'drop')), run(csv('SPIKE/USDT', '--on-bad-data', 'warn'))]);
    for (const r of [drop, warn]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/SPIKE\/USDT: data quality: 1 absurd price\(s\)/);
      const q = JSON.parse(readFileSync(join(r.out, 'data_quality.json'), 'utf8')) as { findings: { check: string; count: number }[]; droppedBars: number };
      expect(q.findings.find((f) => f.check === 'absurd_price')?.count).toBe(1);
      expect(q.droppedBars).toBe(r === drop ? 1 : 0);
    }
    expect(readCsvRows(join(drop.out, 'equity.csv'))).toHaveLength(299);
    expect(readCsvRows(join(warn.out, 'equity.csv'))).toHaveLength(300);
  });

  it('a file cut inside its last number gets a warning, in the console and data_quality.json', async () => {
    const r = await run(csv('CUT/USDT'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/CUT-USDT_1h\.csv does not end with a newline: its last row \(line 301\) may have been cut short/);
    expect(JSON.parse(readFileSync(join(r.out, 'data_quality.json'), 'utf8')).warnings[0]).toMatch(/line 301/);
  });

  it('CR-only (old Mac) line ends are read as lines', async () => {
    const r = await run(csv('MAC/USDT'));
    expect(r.code, r.stderr).toBe(0);
    expect(readCsvRows(join(r.out, 'equity.csv'))).toHaveLength(300);
  });
});

describe('the sample market', () => {
  it('never invents bars after the current time', async () => {
    const before = Date.now();
    const r = await run(['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1d', '--start', '2025-06-01', '--end', '2099-01-01']);
    expect(r.code, r.stderr).toBe(0);
    const last = Date.parse(readCsvRows(join(r.out, 'equity.csv')).at(-1)!.time);
    expect(last + 86_400_000).toBeLessThanOrEqual(Date.now());
    expect(last + 2 * 86_400_000).toBeGreaterThan(before); // up to the last closed day
    refused(await run(['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1d', '--start', '2098-01-01', '--end', '2099-01-01']), 3,
      /The sample market has no bars after the current time/);
  });
});

describe('file-system problems where a data file should be → exit 3 naming the path', () => {
  it('a folder, a dangling symlink, a symlink loop, a FIFO', async () => {
    const [dir, dangling, loop, fifo] = await Promise.all(['DIR', 'DANGLING', 'LOOP', 'FIFO'].map((s) => run(csv(`${s}/USDT`))));
    refused(dir, 3, /The CSV file .*DIR-USDT_1h\.csv is a folder, not a regular file/);
    refused(dangling, 3, /Cannot read the CSV file .*DANGLING-USDT_1h\.csv: it does not exist \(or is a dangling symbolic link\)/);
    refused(loop, 3, /Cannot read the CSV file .*LOOP-USDT_1h\.csv: it is a symbolic link loop \[ELOOP\]/);
    refused(fifo, 3, /The CSV file .*FIFO-USDT_1h\.csv is a named pipe \(FIFO\), not a regular file/);
  });

  it('--cache-dir pointing at a file: a DataError naming the cache folder', async () => {
    const file = join(root, 'not-a-folder');
    await writeFile(file, 'x');
    const cache = new OhlcvCache(file);
    const key = { exchange: 'binance', market: 'spot', symbol: 'BTC/USDT', timeframe: '1h' } as const;
    const e = await cache.commit(key as never, [], Date.now()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toMatch(new RegExp(`The candle cache in ${file} cannot be used: a part of the path is a file, not a folder \\[ENOTDIR\\]`));
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
