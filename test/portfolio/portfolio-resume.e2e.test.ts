/**
 * Ctrl-C and --resume of `--portfolio --optimize` through the CLI: SIGINT stops the run soon with
 * exit 130 and a folder marked partial (run.json, index page, best_params.json) with a resume
 * state; `--resume` finishes it, and its files equal those of one uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, readCsvRows, runCli, stagingLeftovers, tempDir } from '../support/run-cli.js';

const ranges = { short_ma_window: [5, 8, 13, 21], long_ma_window: [30, 50, 80], atr_period: [7, 14, 21], sl_atr_multiplier: [0, 1.5, 3], tp_atr_multiplier: [0, 3, 6] };
const PLANNED = 324;
const PAGES = ['optimization_results.csv', 'best_params.json', 'optimization_distribution.html', 'optimization_heatmap.html', 'optimization_convergence.html'];

let root = '';
let config = '';
beforeAll(async () => {
  root = await tempDir('popt-resume-');
  config = join(root, 'ranges.json');
  writeFileSync(config, JSON.stringify({ strategy: 'dma_atr_trend', technical_parameters: { trend_ma_window: 150 }, optimization_ranges: ranges }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const args = (out: string, stake = '30000') => ['--exchange', 'sample', '--symbols', 'BTC/USDT,ETH/USDT,ADA/USDT', '--timeframe', '1h',
  '--start', '2021-01-01', '--end', '2024-01-01', '--portfolio', '--stake', stake, '--max-open-positions', '2',
  '--optimize', '--config', config, '--metric', 'sharpe_ratio', '--output', out];

/** Starts the CLI and sends SIGINT once the progress shows; resolves with the exit code, stderr and seconds from the signal to the exit. */
function interrupted(out: string): Promise<{ code: number | null; stderr: string; afterSignal: number }> {
  const child = spawn(process.execPath, [CLI, ...args(out), '--workers', '2'], { env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  let sentAt = NaN;
  return new Promise((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // The plain progress prints "Optimizing the account: 12% ..." after the first chunks: interrupt there.
      if (Number.isNaN(sentAt) && /Optimizing the account: \d+%/.test(stderr)) {
        sentAt = performance.now();
        child.kill('SIGINT');
      }
    });
    child.stdout.resume();
    child.on('close', (code) => resolve({ code, stderr, afterSignal: (performance.now() - sentAt) / 1000 }));
  });
}

/** Every file of best_backtest/ (the best account's CSVs and page). */
const bestFiles = (dir: string) => readdirSync(join(dir, 'best_backtest'), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();

describe.skipIf(!existsSync(CLI))('--portfolio --optimize: Ctrl-C and --resume', () => {
  it('SIGINT: exit 130 soon after, a partial folder with a resume state; --resume gives the files of an uninterrupted run', async () => {
    const part = join(root, 'part');
    const r = await interrupted(part);
    expect(r.code, r.stderr).toBe(130);
    // Chunks are short (about 4 M bar-steps): the run stops well within this, even on a loaded machine.
    expect(r.afterSignal).toBeLessThan(15);
    expect(r.stderr).toMatch(/SIGINT: stopping after the combinations in progress/);
    const m = /Portfolio optimization interrupted: ([\d,]+) of 324 combinations finished and were written to .* \(marked partial\); ([\d,]+) remaining\..*--resume/s.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const done = Number(m![1].replace(/,/g, ''));
    expect(done + Number(m![2].replace(/,/g, ''))).toBe(PLANNED);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(PLANNED);
    expect(r.stderr).toContain(`Optimizing the account: stopped, ${done}/${PLANNED}`);
    // Marked partial everywhere a reader looks, never as if whole.
    const manifest = JSON.parse(readFileSync(join(part, 'run.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'optimization', portfolio: true, partial: true, status: 'partial', planned: PLANNED, combinations: done, resume_state: 'optimization_state.json' });
    expect(readCsvRows(join(part, 'optimization_results.csv'))).toHaveLength(done);
    expect(JSON.parse(readFileSync(join(part, 'best_params.json'), 'utf8')).description).toContain(`PARTIAL run: ${done} of ${PLANNED}`);
    expect(readFileSync(join(part, 'index.html'), 'utf8')).toContain('PARTIAL: the optimization was interrupted');
    expect(existsSync(join(part, 'optimization_state.bin'))).toBe(true);
    expect(stagingLeftovers(root)).toEqual([]);

    const resumed = await runCli([...args(part), '--workers', '2', '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`Resuming: ${done} of ${PLANNED} combinations already done, ${PLANNED - done} remaining`);
    // Only the remaining combinations ran: the progress counts on from the finished ones.
    const counts = [...resumed.stderr.matchAll(/Optimizing the account: .*?(\d+)\/324/g)].map((x) => Number(x[1]));
    expect(counts.length).toBeGreaterThan(0);
    expect(Math.min(...counts)).toBeGreaterThan(done);
    const full = join(root, 'full');
    const once = await runCli([...args(full), '--workers', '1']);
    expect(once.code, once.stderr).toBe(0);
    expect(readCsvRows(join(full, 'optimization_results.csv'))).toHaveLength(PLANNED);
    for (const f of PAGES) expect(readFileSync(join(part, f), 'utf8') === readFileSync(join(full, f), 'utf8'), f).toBe(true);
    expect(bestFiles(part)).toEqual(bestFiles(full));
    expect(bestFiles(full)).toContain('contributions.csv');
    for (const f of bestFiles(full)) expect(readFileSync(join(part, 'best_backtest', f), 'utf8') === readFileSync(join(full, 'best_backtest', f), 'utf8'), f).toBe(true);
    expect(existsSync(join(part, 'optimization_state.json'))).toBe(false);
    expect(existsSync(join(part, 'optimization_state.bin'))).toBe(false);
    expect(JSON.parse(readFileSync(join(part, 'run.json'), 'utf8'))).toMatchObject({ partial: false, status: 'complete', combinations: PLANNED });
  });

  it('refuses to resume with another stake (the resume state belongs to other settings)', async () => {
    const part = join(root, 'other');
    const r = await interrupted(part);
    expect(r.code, r.stderr).toBe(130);
    const again = await runCli([...args(part, '20000'), '--resume']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/Cannot resume the optimization in .*: it was run with other settings, ranges or data/);
    // The partial folder is left as it was.
    expect(JSON.parse(readFileSync(join(part, 'run.json'), 'utf8')).partial).toBe(true);
  });
});
