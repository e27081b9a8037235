/**
 * Bad input through the real CLI: each case gets a one-paragraph message that says what is wrong
 * and how to fix it, a non-zero exit code, and no output folder that looks complete.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, stagingLeftovers, tempDir } from './support/run-cli.js';
import { hasSharedData, sharedDataDir } from './support/shared-data.js';

let root: string;
let dataDir: string;

const HOURS = (n: number, from = Date.UTC(2023, 0, 1)) => Array.from({ length: n }, (_, i) => {
  const t = new Date(from + i * 3_600_000).toISOString().replace('.000Z', 'Z');
  const p = 100 + i;
  return `${t},${p},${p + 1},${p - 1},${p + 0.5},10`;
});

beforeAll(async () => {
  root = await tempDir('bt-errors-');
  dataDir = join(root, 'data');
  await mkdir(dataDir);
  await writeFile(join(dataDir, 'EMPTY-USDT_1h.csv'), '');
  await writeFile(join(dataDir, 'HEADER-USDT_1h.csv'), 'timestamp,open,high,low,close,volume\n');
  await writeFile(join(dataDir, 'BADNUM-USDT_1h.csv'), ['timestamp,open,high,low,close,volume', ...HOURS(3)].join('\n').replace('102,103,101', '102,1o3,101'));
  await writeFile(join(dataDir, 'BADTIME-USDT_1h.csv'), ['timestamp,open,high,low,close,volume', ...HOURS(2), 'yesterday,1,2,0.5,1,1'].join('\n'));
  await writeFile(join(dataDir, 'GOOD-USDT_1h.csv'), ['timestamp,open,high,low,close,volume', ...HOURS(300)].join('\n'));
  await writeFile(join(dataDir, 'NEG-USDT_1h.csv'), ['timestamp,open,high,low,close,volume', ...HOURS(300)].join('\n').replace('2023-01-01T05:00:00Z,105,106,104', '2023-01-01T05:00:00Z,-105,106,104'));
  await writeFile(join(root, 'throws.ts'), `
    import { BaseStrategy } from 'backtester';
    export default class Broken extends BaseStrategy {
      initIndicators() { throw new Error('division by zero in my indicator'); }
      generateSignals() { return this.emptySignals() as never; }
    }`);
  await writeFile(join(root, 'short-signals.ts'), `
    import { BaseStrategy } from 'backtester';
    export default class Short extends BaseStrategy {
      initIndicators() {}
      generateSignals() { return { longEntries: new Uint8Array(3), longExits: new Uint8Array(3) } as never; }
    }`);
});

/** A config file with the guide's sections and one value changed. */
async function config(name: string, patch: (c: Record<string, Record<string, unknown>>) => void): Promise<string> {
  const c: Record<string, Record<string, unknown>> = {
    technical_parameters: { short_ma_window: 20, long_ma_window: 50, trend_ma_window: 200, atr_period: 14 },
    risk_management: { sl_atr_multiplier: 2, tp_atr_multiplier: 4 },
    portfolio_parameters: { init_cash: 100000, fees: 0.001, slippage: 0.0005 },
  };
  patch(c);
  const path = join(root, name);
  await writeFile(path, JSON.stringify(c, null, 2));
  return path;
}

async function expectFailure(args: string[], code: number, ...patterns: RegExp[]): Promise<string> {
  const out = join(root, `out-${Math.random().toString(36).slice(2)}`);
  const r = await runCli([...args, '--output', out]);
  expect(r.code, r.stderr).toBe(code);
  for (const p of patterns) expect(r.stderr).toMatch(p);
  expect(r.stderr.trim().split('\n')).toHaveLength(1); // one paragraph, no stack trace without --debug
  expect(existsSync(join(out, 'run.json'))).toBe(false);
  expect(existsSync(out)).toBe(false);
  expect(stagingLeftovers(root)).toEqual([]);
  return r.stderr;
}

const SAMPLE = ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2023-03-01'];

describe('bad configuration → exit 2, naming the file and the key', () => {
  it('an unknown key', async () => {
    const f = await config('unknown.json', (c) => { c.risk_management.sl_atr_multiplyer = 2; });
    await expectFailure([...SAMPLE, '--config', f], 2, /unknown\.json/, /risk_management\.sl_atr_multiplyer: unknown key/);
  });
  it('a wrong type', async () => {
    const f = await config('type.json', (c) => { c.technical_parameters.long_ma_window = 'fifty'; });
    await expectFailure([...SAMPLE, '--config', f], 2, /technical_parameters\.long_ma_window/, /expected number/);
  });
  it('short >= long', async () => {
    const f = await config('order.json', (c) => { c.technical_parameters.short_ma_window = 60; });
    await expectFailure([...SAMPLE, '--config', f], 2, /short_ma_window: \(60\) must be smaller than long_ma_window \(50\)/);
  });
  it('a window below 1', async () => {
    const f = await config('window.json', (c) => { c.technical_parameters.atr_period = 0; });
    await expectFailure([...SAMPLE, '--config', f], 2, /technical_parameters\.atr_period: must be at least 1 bar/);
  });
  it('a negative multiplier', async () => {
    const f = await config('mult.json', (c) => { c.risk_management.tp_atr_multiplier = -1; });
    await expectFailure([...SAMPLE, '--config', f], 2, /risk_management\.tp_atr_multiplier: must be 0 \(off\) or positive/);
  });
  it('a fee outside [0, 1), in the file or on the command line', async () => {
    const f = await config('fee.json', (c) => { c.portfolio_parameters.fees = 1.5; });
    await expectFailure([...SAMPLE, '--config', f], 2, /portfolio_parameters\.fees: must be below 1/);
    await expectFailure([...SAMPLE, '--fees', '-0.1'], 2, /--fees: must be at least 0/);
  });
  it('malformed JSON, with line and column', async () => {
    const path = join(root, 'broken.json');
    await writeFile(path, '{\n  "technical_parameters": {\n    "short_ma_window": 20,\n  }\n}\n');
    await expectFailure([...SAMPLE, '--config', path], 2, /broken\.json is not valid JSON/, /line 4, column 3/);
  });
  it('a config file that does not exist', async () => {
    await expectFailure([...SAMPLE, '--config', 'nope.json'], 2, /Config file not found: nope\.json/);
  });
});

describe('bad command line → exit 2', () => {
  it('end before start', async () => {
    await expectFailure(['--exchange', 'sample', '--symbols', 'BTC/USDT', '--start', '2024-01-01', '--end', '2023-01-01'], 2, /--end \(2023-01-01T00:00:00Z\) is not after --start/);
  });
  it('an impossible date', async () => {
    await expectFailure(['--exchange', 'sample', '--symbols', 'BTC/USDT', '--start', '2023-02-30'], 2, /Bad --start date "2023-02-30"/, /YYYY-MM-DD/);
  });
  it('an unknown timeframe', async () => {
    await expectFailure(['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '3h'], 2, /Unknown timeframe "3h"/, /1m, 5m/);
  });
  it('a malformed symbol', async () => {
    await expectFailure(['--exchange', 'sample', '--symbols', 'BTCUSDT'], 2, /Bad symbol "BTCUSDT"/, /BASE\/QUOTE/);
  });
  it('a missing --symbols', async () => {
    const r = await runCli(['--exchange', 'sample']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--symbols/);
  });
  it('--exchange csv without --data-dir', async () => {
    await expectFailure(['--exchange', 'csv', '--symbols', 'BTC/USDT'], 2, /--exchange csv needs --data-dir/);
  });
});

describe('bad data → exit 3', () => {
  const csv = (symbol: string, ...rest: string[]) => ['--exchange', 'csv', '--data-dir', dataDir, '--symbols', symbol, '--timeframe', '1h', ...rest];
  it('a symbol without a file', async () => {
    await expectFailure(csv('XRP/USDT'), 3, /XRP\/USDT/, /XRP-USDT_1h\.csv/);
  });
  it('an empty file and a header-only file', async () => {
    await expectFailure(csv('EMPTY/USDT'), 3, /EMPTY-USDT_1h\.csv/, /empty/i);
    await expectFailure(csv('HEADER/USDT'), 3, /HEADER-USDT_1h\.csv/, /no (data )?rows|empty/i);
  });
  it('a malformed number, with its line', async () => {
    await expectFailure(csv('BADNUM/USDT'), 3, /BADNUM-USDT_1h\.csv/, /line 4/, /1o3/);
  });
  it('a bad timestamp, with its line', async () => {
    await expectFailure(csv('BADTIME/USDT'), 3, /line 4/, /yesterday/);
  });
  it('a date range with no data', async () => {
    await expectFailure(csv('GOOD/USDT', '--start', '2030-01-01'), 3, /2023-01-01T00:00:00Z/);
  });
  it('a non-positive price stops the run by default, and --on-bad-data drop drops the bar', async () => {
    await expectFailure(csv('NEG/USDT'), 3, /negative or missing price/, /--on-bad-data drop/);
    const out = join(root, 'dropped');
    const r = await runCli([...csv('NEG/USDT'), '--on-bad-data', 'drop', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('299 bars');
    expect(r.stderr).toMatch(/1 bad bar\(s\) dropped/);
  });
});

describe.skipIf(!hasSharedData)('several symbols, some unknown (needs ../shared/data)', () => {
  it('runs the valid ones and says which were skipped', async () => {
    const out = join(root, 'partial');
    const r = await runCli(['--exchange', 'csv', '--data-dir', sharedDataDir, '--symbols', 'BTC/USDT,DOGE/USDT', '--timeframe', '1d',
      '--start', '2023-01-01', '--end', '2024-01-01', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Skipping DOGE\/USDT/);
    expect(existsSync(join(out, 'trades.csv'))).toBe(true);
  });
});

describe('bad strategies → exit 4', () => {
  it('an unknown strategy name lists the built-ins', async () => {
    await expectFailure([...SAMPLE, '--strategy', 'turtle'], 4, /Unknown strategy "turtle"/, /dma_atr_trend/);
  });
  it('a strategy file that throws names the strategy and the step', async () => {
    await expectFailure([...SAMPLE, '--strategy', join(root, 'throws.ts')], 4, /Broken threw on BTC\/USDT while computing indicators/, /division by zero/);
  });
  it('signals of the wrong length', async () => {
    await expectFailure([...SAMPLE, '--strategy', join(root, 'short-signals.ts')], 4, /longEntries has 3 elements but the data has \d+ bars/);
  });
  it('a strategy file that does not exist', async () => {
    await expectFailure([...SAMPLE, '--strategy', join(root, 'missing.ts')], 4, /Strategy file not found/);
  });
  it('--debug adds the stack trace', async () => {
    const r = await runCli([...SAMPLE, '--strategy', join(root, 'throws.ts'), '--debug', '--output', join(root, 'dbg')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/at Broken\.initIndicators/);
  });
});
