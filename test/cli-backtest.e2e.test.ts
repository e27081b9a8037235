/**
 * The CLI end to end, as a user runs it: a real child process writing into a temp folder.
 * Outputs are checked against each other (metrics vs equity vs trades vs monthly returns).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows, readMetrics, runCli, tempDir, type CliRun } from './support/run-cli.js';
import { hasSharedData, sharedDataDir } from './support/shared-data.js';

const SAMPLE = ['--exchange', 'sample', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2024-01-01'];
const PER_SYMBOL = ['performance_metrics.csv', 'trades.csv', 'monthly_returns.csv', 'equity.csv', 'data_quality.json'];

describe('single backtest on the sample market', () => {
  let root: string;
  let out: string;
  let run: CliRun;
  beforeAll(async () => {
    root = await tempDir();
    out = join(root, 'demo');
    run = await runCli([...SAMPLE, '--symbols', 'BTC/USDT', '--output', out]);
  });

  it('exits 0 and prints the guide\'s step list and summary in plain text', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const step of ['Data loaded: BTC/USDT 1h, 8,760 bars', 'Strategy initialized', 'Indicators calculated', 'Signals generated',
      'Portfolio simulation completed', 'Performance analysis completed', 'Plots generated', 'Backtest completed', 'Performance Summary:', 'Total Return:', 'Sharpe Ratio:', 'Max Drawdown:', 'Win Rate:', 'Total Trades:']) {
      expect(run.stdout).toContain(step);
    }
    expect(run.stdout).toMatch(/SYNTHETIC/);
    expect(run.stdout).not.toMatch(/\u001b\[/); // no ANSI codes without a TTY
  });

  it('writes every output file and marks the folder complete last', () => {
    for (const f of [...PER_SYMBOL, 'backtester.log', 'run.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(manifest.complete).toBe(true);
    expect(manifest.data.synthetic).toBe(true);
    // Every file of a sample-market run says the data is synthetic.
    for (const f of readdirSync(out).filter((name) => !name.startsWith('assets'))) {
      expect(readFileSync(join(out, f), 'utf8'), f).toMatch(/synthetic/i);
    }
    expect(manifest.entries).toContain('trades.csv');
    expect(readdirSync(root)).toEqual(['demo']); // no staging folder left behind
  });

  it('writes numbers that agree with each other', () => {
    const m = readMetrics(out);
    const equity = readCsvRows(join(out, 'equity.csv'));
    expect(equity).toHaveLength(8760);
    const last = Number(equity[equity.length - 1].equity);
    expect(m.final_equity).toBe(last);
    expect(m.total_return).toBeCloseTo(last / 100_000 - 1, 12);
    for (const row of equity.slice(0, 500)) {
      expect(Number(row.equity)).toBeCloseTo(Number(row.cash) + Number(row.position) * Number(row.close), 6);
    }
    const trades = readCsvRows(join(out, 'trades.csv'));
    const closed = trades.filter((t) => t.status === 'closed');
    expect(closed.length).toBe(m.total_trades);
    expect(trades.length - closed.length).toBe(m.open_trades);
    expect(closed.filter((t) => Number(t.pnl) > 0).length / closed.length).toBeCloseTo(m.win_rate, 12);
    const pnlSum = trades.reduce((s, t) => s + Number(t.pnl), 0);
    expect(pnlSum).toBeCloseTo(last - 100_000, 6);
    for (const t of trades) {
      expect(['signal', 'stop_loss', 'take_profit', 'reverse', 'end_open']).toContain(t.exit_reason);
      expect(t.entry_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00Z$/);
      expect(Number(t.entry_fee)).toBeCloseTo(0.001 * Number(t.units) * Number(t.entry_price), 9);
      expect(t.data).toBe('synthetic');
    }
    const monthly = readCsvRows(join(out, 'monthly_returns.csv'));
    expect(monthly.map((r) => Number(r.month))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const compounded = monthly.reduce((p, r) => p * (1 + Number(r.return)), 1) - 1;
    expect(compounded).toBeCloseTo(m.total_return, 12);
    expect(monthly.reduce((s, r) => s + Number(r.trades), 0)).toBe(m.total_trades);
    expect(m.synthetic_data).toBe(1);
  });

  it('is deterministic: the same command writes the same numbers', async () => {
    const again = join(root, 'again');
    expect((await runCli([...SAMPLE, '--symbols', 'BTC/USDT', '--output', again])).code).toBe(0);
    for (const f of ['performance_metrics.csv', 'trades.csv', 'equity.csv', 'monthly_returns.csv']) {
      expect(readFileSync(join(again, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
    }
  });
});

describe('multi-symbol backtest', () => {
  it('writes one folder per symbol and a summary whose rows equal each folder\'s metrics', async () => {
    const out = join(await tempDir(), 'multi');
    const r = await runCli([...SAMPLE, '--timeframe', '4h', '--symbols', 'BTC/USDT,ETH/USDT,ADA/USDT', '--output', out]);
    expect(r.code).toBe(0);
    for (const dir of ['BTC-USDT', 'ETH-USDT', 'ADA-USDT']) for (const f of PER_SYMBOL) expect(existsSync(join(out, dir, f)), `${dir}/${f}`).toBe(true);
    const summary = readCsvRows(join(out, 'summary.csv'));
    expect(summary.map((s) => s.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'ADA/USDT']);
    for (const s of summary) {
      const m = readMetrics(join(out, s.symbol.replace('/', '-')));
      expect(Number(s.total_return)).toBe(m.total_return);
      expect(Number(s.total_trades)).toBe(m.total_trades);
      expect(s.data).toBe('synthetic');
    }
    expect(r.stdout).toContain('Performance Summary (ETH/USDT)');
  });

  it('replaces only its own entries when run again into the same folder', async () => {
    const root = await tempDir();
    const keep = join(root, 'other-run');
    await mkdir(keep);
    await writeFile(join(keep, 'notes.txt'), 'keep me');
    const a = await runCli([...SAMPLE, '--timeframe', '1d', '--symbols', 'BTC/USDT,ETH/USDT', '--output', root]);
    expect(a.code).toBe(0);
    const b = await runCli([...SAMPLE, '--timeframe', '1d', '--symbols', 'SOL/USDT', '--output', root]);
    expect(b.code).toBe(0);
    expect(readFileSync(join(keep, 'notes.txt'), 'utf8')).toBe('keep me');
    // The previous run's symbol folders are gone (listed in its run.json); the new files are there.
    expect(existsSync(join(root, 'BTC-USDT'))).toBe(false);
    expect(existsSync(join(root, 'trades.csv'))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'run.json'), 'utf8')).data.symbols).toEqual(['SOL/USDT']);
  });
});

describe.skipIf(!hasSharedData)('CSV data from ../shared/data (needs ../shared/data)', () => {
  it('runs on the real candles and reports the 2023-03-24 anomalies', async () => {
    const out = join(await tempDir(), 'csv');
    const r = await runCli(['--exchange', 'csv', '--data-dir', sharedDataDir, '--symbols', 'BTC/USDT', '--timeframe', '1h',
      '--start', '2023-01-01', '--end', '2024-01-01', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('8,759 bars');
    expect(r.stderr).toMatch(/1 zero-volume bar.*1 missing candle/);
    const q = JSON.parse(readFileSync(join(out, 'data_quality.json'), 'utf8'));
    const byCheck = Object.fromEntries(q.findings.map((f: { check: string }) => [f.check, f]));
    expect(byCheck.gap.examples[0].time).toBe('2023-03-24T13:00:00Z');
    expect(byCheck.zero_volume.examples[0].time).toBe('2023-03-24T12:00:00Z');
    const m = readMetrics(out);
    expect(m.synthetic_data).toBe(0);
    expect(m.benchmark_return).toBeCloseTo(42283.58 / 16529.67 - 1, 10); // first close, last close of 2023
  });

  it('resamples 1h files to 4h when no 4h file exists', async () => {
    const out = join(await tempDir(), 'csv4h');
    const r = await runCli(['--exchange', 'csv', '--data-dir', sharedDataDir, '--symbols', 'ETH/USDT', '--timeframe', '4h',
      '--start', '2023-01-01', '--end', '2024-01-01', '--output', out]);
    expect(r.code).toBe(0);
    expect(readCsvRows(join(out, 'equity.csv'))).toHaveLength(2190);
  });
});

describe('a strategy from a file', () => {
  it('runs the worked example with a --param override', async () => {
    const out = join(await tempDir(), 'rsi');
    const r = await runCli([...SAMPLE, '--symbols', 'BTC/USDT', '--strategy', 'examples/strategies/rsi-reversion.ts', '--param', 'oversold=25', '--output', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(manifest.strategy.id).toBe('rsi_reversion');
    expect(manifest.strategy.params).toMatchObject({ oversold: 25, overbought: 70, rsi_period: 14 });
    expect(readMetrics(out).total_trades).toBeGreaterThan(0);
  });
});

describe('--help', () => {
  it('documents every flag of the guide', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--symbols', '--timeframe', '--start', '--end', '--exchange', '--market', '--config', '--strategy', '--optimize', '--metric', '--method', '--output', '--no-cache', '--debug', '--no-rich']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('Examples:');
  });
});
