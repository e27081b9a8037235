/** `--benchmark SYMBOL`: buy and hold of another symbol from the same source as the benchmark. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvRows, readMetrics, runCli, tempDir } from './support/run-cli.js';

const SAMPLE = ['--exchange', 'sample', '--timeframe', '4h', '--start', '2023-01-01', '--end', '2023-07-01'];

describe('--benchmark', () => {
  it('ETH/USDT against BTC/USDT: benchmark_return is BTC buy and hold; beta/alpha against BTC', async () => {
    const dir = await tempDir('bt-bench-');
    const btc = await runCli([...SAMPLE, '--symbols', 'BTC/USDT', '--output', join(dir, 'btc')]);
    expect(btc.code).toBe(0);
    const eth = await runCli([...SAMPLE, '--symbols', 'ETH/USDT', '--benchmark', 'BTC/USDT', '--output', join(dir, 'eth')]);
    expect(eth.stderr).toBe('');
    expect(eth.code).toBe(0);
    expect(eth.stdout).toMatch(/Benchmark: buy and hold of BTC\/USDT/);
    const mb = readMetrics(join(dir, 'btc'));
    const me = readMetrics(join(dir, 'eth'));
    // BTC's own buy and hold over the same bars
    expect(me.benchmark_return).toBeCloseTo(mb.benchmark_return, 12);
    const closes = readCsvRows(join(dir, 'btc', 'equity.csv')).map((r) => Number(r.close));
    expect(me.benchmark_return).toBeCloseTo(closes[closes.length - 1] / closes[0] - 1, 10);
    // the benchmark curve in equity.csv is BTC's, starting at the initial cash
    const eq = readCsvRows(join(dir, 'eth', 'equity.csv'));
    expect(Number(eq[0].benchmark_equity)).toBeCloseTo(100_000, 6);
    expect(Number(eq[eq.length - 1].benchmark_equity)).toBeCloseTo(100_000 * (1 + mb.benchmark_return), 4);
    expect(Number.isFinite(me.beta)).toBe(true);
    expect(Number.isFinite(me.correlation)).toBe(true);
  }, 90_000);

  it('is refused with --optimize', async () => {
    const r = await runCli([...SAMPLE, '--symbols', 'ETH/USDT', '--benchmark', 'BTC/USDT', '--optimize']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--benchmark applies to single backtests/);
  }, 60_000);
});
