/** Messages a newcomer reads first: --help, the opening title of a run. */
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/run-cli.js';

describe('first messages', () => {
  it('--help shows no empty default and lists init', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('(default: {})');
    expect(r.stdout).toContain('--param <key=value>');
    expect(r.stdout).toMatch(/\n\s+init \[options\] \[dir\]|\n\s+init \[dir\]/);
  });

  it('a multi-symbol run is announced as such, a single one as single', async () => {
    const dir = await tempDir();
    const multi = await runCli(['--exchange', 'sample', '--symbols', 'BTC/USDT,ETH/USDT', '--timeframe', '1d', '--start', '2023-01-01',
      '--end', '2024-01-01', '--output', `${dir}/multi`]);
    expect(multi.code, multi.stderr).toBe(0);
    expect(multi.stdout).toContain('Starting Multi-Symbol Backtest (2 symbols)');
    expect(multi.stdout).not.toContain('Starting Single Backtest');
    const single = await runCli(['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1d', '--start', '2023-01-01',
      '--end', '2024-01-01', '--output', `${dir}/single`]);
    expect(single.code, single.stderr).toBe(0);
    expect(single.stdout).toContain('Starting Single Backtest');
  });

  it('a re-run into a folder of ours says it replaces the previous run (and a first run does not)', async () => {
    const dir = await tempDir();
    const args = ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1d', '--start', '2023-01-01', '--end', '2024-01-01', '--output', `${dir}/run`];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).not.toMatch(/Replacing/);
    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`Replacing the previous backtest run in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/run \\(written \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)`));
    // an optimization replacing the backtest names what it replaces
    const opt = await runCli([...args, '--optimize', '--range', 'short_ma_window=10,20', '--workers', '1']);
    expect(opt.code, opt.stderr).toBe(0);
    expect(opt.stdout).toMatch(/Replacing the previous backtest run in/);
    const opt2 = await runCli([...args, '--optimize', '--range', 'short_ma_window=10,20', '--workers', '1']);
    expect(opt2.stdout).toMatch(/Replacing the previous optimization run in/);
  });
});
