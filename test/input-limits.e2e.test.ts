/**
 * Limits and messages (issue 8, items 15-18) through the real CLI: the size of a grid is checked
 * before its values, --workers is capped at the cores with a note, a run that cannot fit in memory
 * is refused with the estimate, echoed input is cut short, config files with a BOM are read and
 * ones with __proto__/constructor or duplicate keys refused, hex numbers and case-mapped symbols
 * refused, and settings that do nothing get a note.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, tempDir, type CliRun } from './support/run-cli.js';

// Each case runs the CLI (several seconds each, much more when the machine is loaded).
vi.setConfig({ testTimeout: 300_000 });

const SAMPLE = ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1d', '--start', '2023-01-01', '--end', '2023-07-01'];
let root: string;
beforeAll(async () => {
  root = await tempDir('bt-limits-');
});

async function run(args: string[], env?: Record<string, string>): Promise<CliRun & { out: string; all: string }> {
  const out = join(root, `out-${Math.random().toString(36).slice(2)}`);
  const r = await runCli([...args, '--output', out], { env });
  return { ...r, out, all: r.stdout + r.stderr };
}

function refused(r: CliRun & { out: string }, code: number, ...patterns: RegExp[]): void {
  expect(r.code, r.stderr).toBe(code);
  for (const p of patterns) expect(r.stderr).toMatch(p);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(existsSync(r.out)).toBe(false);
}

const config = async (name: string, text: string) => {
  const path = join(root, name);
  await writeFile(path, text);
  return path;
};

describe('limits', () => {
  it('a 320,000-value grid is refused by its size before its values are parsed; --workers is capped at the cores', async () => {
    const huge = await config('huge.json', JSON.stringify({ optimization_ranges: { short_ma_window: Array.from({ length: 320_000 }, (_, i) => i + 1), long_ma_window: [50, 60, 70, 80] } }));
    const small = await config('small.json', JSON.stringify({ optimization_ranges: { short_ma_window: [5, 10] } }));
    const [grid, workers] = await Promise.all([
      run([...SAMPLE, '--config', huge, '--optimize']),
      run([...SAMPLE, '--config', small, '--optimize', '--workers', '1000', '--n-iter', '5']),
    ]);
    refused(grid, 2, /optimization_ranges: make a grid of 1,280,000 combinations \(320000 × 4\), over the limit/);
    expect(grid.stdout).not.toMatch(/Data loaded/);
    expect(workers.code, workers.stderr).toBe(0);
    expect(workers.all).toContain(`--workers 1000 lowered to ${availableParallelism()}, the number of cores of this machine.`);
    expect(workers.all).toContain('--n-iter 5 is ignored: --method grid tries every combination');
  }, 300_000);

  it('a run that cannot fit in memory is refused before loading, with the estimate and the options', async () => {
    const r = await run(['--exchange', 'sample', '--symbols', 'BTC/USDT,ETH/USDT', '--timeframe', '1m', '--start', '2015-01-01', '--end', '2025-01-01'],
      { NODE_OPTIONS: '--max-old-space-size=1024' });
    refused(r, 2, /This run needs about 10\.5 GB of memory \(2 symbols × 5,260,320 1m bars × ~1000 bytes per bar\), more than the 1\.\d GB this process may use/,
      /Use a later --start \(about [\d,]+ 1m bars, .* years, fit per symbol\), a coarser --timeframe/);
    expect(r.stdout).not.toMatch(/Data loaded/);
  });
});

describe('messages and hostile config files', () => {
  it('echoed input is cut to about 200 characters', async () => {
    const dataDir = join(root, 'data');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'LONG-USDT_1d.csv'), `timestamp,open,high,low,close,volume\n${'x'.repeat(150_000)},1,2,0.5,1,1\n`);
    await writeFile(join(dataDir, 'NOHEAD-USDT_1d.csv'), `${'9'.repeat(120_000)}\r`.repeat(3));
    const [long, nohead, symbol] = await Promise.all([
      run(['--exchange', 'csv', '--data-dir', dataDir, '--symbols', 'LONG/USDT', '--timeframe', '1d']),
      run(['--exchange', 'csv', '--data-dir', dataDir, '--symbols', 'NOHEAD/USDT', '--timeframe', '1d']),
      run(['--exchange', 'sample', '--symbols', `${'A'.repeat(100_000)}/USDT`]),
    ]);
    refused(long, 3, /LONG-USDT_1d\.csv line 2, column timestamp: 'x{80}… \(150,000 characters\)' is not a timestamp/);
    refused(nohead, 3, /NOHEAD-USDT_1d\.csv: the header has no timestamp/);
    for (const r of [long, nohead, symbol]) expect(r.stderr.length, r.stderr.slice(0, 300)).toBeLessThan(1200);
  }, 300_000);

  it('a UTF-8 BOM is accepted; __proto__/constructor keys and duplicate keys are refused, naming them', async () => {
    const bom = await config('bom.json', `\uFEFF${JSON.stringify({ technical_parameters: { short_ma_window: 12 } })}`);
    const proto = await config('proto.json', '{"technical_parameters": {"short_ma_window": 10, "constructor": 5}, "__proto__": {"polluted": true}}');
    const dup = await config('dup.json', '{"technical_parameters": {"short_ma_window": 10, "short_ma_window": 12}}');
    const [a, b, c] = await Promise.all([run([...SAMPLE, '--config', bom]), run([...SAMPLE, '--config', proto]), run([...SAMPLE, '--config', dup])]);
    expect(a.code, a.stderr).toBe(0);
    refused(b, 2, /technical_parameters\.constructor: unknown key/, /__proto__: unknown key/);
    refused(c, 2, /dup\.json: technical_parameters\.short_ma_window: is given twice in the same object/);
  });

  it('hex numbers, case-mapped symbols and an empty --exchange are refused; --resume without --optimize gets a note', async () => {
    const [hex, cash, sharp, empty, resume] = await Promise.all([
      run([...SAMPLE, '--fees', '0x1']),
      run([...SAMPLE, '--init-cash', '0x10']),
      run([...SAMPLE.map((a) => (a === 'BTC/USDT' ? 'straße/USDT' : a))]),
      run([...SAMPLE.map((a) => (a === 'sample' ? '' : a))]),
      run([...SAMPLE, '--resume']),
    ]);
    expect(hex.code).toBe(2);
    expect(hex.stderr).toMatch(/--fees takes a number, got "0x1"/);
    expect(cash.code).toBe(2);
    expect(cash.stderr).toMatch(/--init-cash takes a number, got "0x10"/);
    refused(sharp, 2, /'straße\/USDT' changes when upper-cased \(ß → SS\)/);
    refused(empty, 2, /--exchange is empty\./);
    expect(empty.stderr).not.toMatch(/Did you mean/);
    expect(resume.code, resume.stderr).toBe(0);
    expect(resume.all).toContain('--resume is ignored without --optimize');
  });
});
