/** Messages a newcomer reads first: --help, the opening title of a run. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('backtester.log is one readable line per event with its ISO time; backtester.jsonl holds the same events as JSON', async () => {
    const dir = await tempDir();
    const r = await runCli(['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1d', '--start', '2023-01-01', '--end', '2024-01-01', '--output', `${dir}/run`]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(`${dir}/run/backtester.log`, 'utf8').trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO |OK   |WARN |DEBUG|ERROR) \S/);
    expect(lines[0]).toMatch(/INFO  == Starting Single Backtest$/);
    expect(lines.some((l) => /OK    Data loaded: BTC\/USDT 1d, 365 bars .* \(\d+\.\d\ds\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /INFO  Performance Summary: Total Return -?\d+\.\d\d%; /.test(l))).toBe(true);
    const events = readFileSync(`${dir}/run/backtester.jsonl`, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { msg: string; event: string });
    expect(events).toHaveLength(lines.length);
    expect(events[0]).toMatchObject({ event: 'title', msg: 'Starting Single Backtest' });
    const manifest = JSON.parse(readFileSync(`${dir}/run/run.json`, 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['backtester.log', 'backtester.jsonl']));
  });

  it('a run that fails before publishing keeps its log where the error message says', async () => {
    const dir = await tempDir();
    writeFileSync(`${dir}/text.mjs`, "export default () => 'high';\n");
    const r = await runCli(['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1d', '--start', '2023-01-01', '--end', '2024-01-01',
      '--optimize', '--range', 'short_ma_window=10,20', '--workers', '1', '--objective', `${dir}/text.mjs`, '--output', `${dir}/run`], { env: { TMPDIR: dir } });
    expect(r.code).toBe(4);
    // the error is one paragraph (the last line; progress lines come before it), the log's path at its end
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^Error: The objective text\.mjs returned "high"/);
    const m = /The run's log: (\S+\.log)$/.exec(last);
    expect(m, r.stderr).not.toBeNull();
    expect(m![1].startsWith(`${dir}/backtester-logs/`)).toBe(true);
    const log = readFileSync(m![1], 'utf8');
    expect(log).toMatch(/INFO  == Starting Grid Optimization/);
    expect(log).toMatch(/ERROR The run failed before publishing: The objective text\.mjs returned "high"/);
    expect(existsSync(`${dir}/run/run.json`)).toBe(false);
    expect(existsSync(`${dir}/run/backtester.log`)).toBe(false);
  });
});
