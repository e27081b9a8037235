/** `backtester cscv` end to end: PBO recomputed from cscv_blocks.csv, no edge vs a planted edge, bad input before any work. */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, readCsvRows, runCli, tempDir } from '../support/run-cli.js';
import { cycle, dmaConfig, randomWalk, writeMarket } from './markets.js';

let root = '';
beforeAll(async () => {
  root = await tempDir('cscv-cli-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const RANGES = { short_ma_window: [5, 10, 15, 20, 30, 40], long_ma_window: [25, 50, 60, 80, 100, 120, 150] };
const args = (dir: string, base: string, cfg: string, out: string, blocks = 8) => [
  'cscv', '--exchange', 'csv', '--data-dir', dir, '--symbols', `${base}/USDT`, '--timeframe', '1h', '--config', cfg, '--blocks', String(blocks), '--output', out,
];

/** Every S/2-subset of 0..S-1, in lexicographic order (written independently of the tool's enumeration). */
function subsets(S: number): number[][] {
  const out: number[][] = [];
  const go = (from: number, acc: number[]) => {
    if (acc.length === S / 2) { out.push([...acc]); return; }
    for (let b = from; b < S; b++) go(b + 1, [...acc, b]);
  };
  go(0, []);
  return out;
}

/** PBO straight from the definition, reading only cscv_blocks.csv. */
function recompute(dir: string): { pbo: number; best: number[]; logit: number[] } {
  const rows = readCsvRows(join(dir, 'cscv_blocks.csv'));
  const combos = [...new Set(rows.map((r) => Number(r.combination)))];
  const S = Math.max(...rows.map((r) => Number(r.block))) + 1;
  const cell = new Map(rows.map((r) => [`${r.combination}:${r.block}`, { n: Number(r.bars), s: Number(r.sum_returns), q: Number(r.sum_sq_returns) }]));
  const sharpe = (c: number, blocks: number[]) => {
    let n = 0; let s = 0; let q = 0;
    for (const b of blocks) { const x = cell.get(`${c}:${b}`)!; n += x.n; s += x.s; q += x.q; }
    const mean = s / n;
    const v = (q - n * mean * mean) / (n - 1);
    return v > 0 ? mean / Math.sqrt(v) : NaN;
  };
  const best: number[] = [];
  const logit: number[] = [];
  let over = 0;
  let defined = 0;
  for (const is of subsets(S)) {
    const oos = [...Array(S).keys()].filter((b) => !is.includes(b));
    let b = -1; let bIs = -Infinity;
    for (const c of combos) { const x = sharpe(c, is); if (x === x && (b < 0 || x > bIs)) { b = c; bIs = x; } }
    best.push(b);
    if (b < 0) { logit.push(NaN); continue; }
    const o = combos.map((c) => sharpe(c, oos));
    const x = sharpe(b, oos);
    const worse = o.filter((v) => (x === x ? v !== v || v < x : false)).length;
    const equal = o.filter((v) => (x === x ? v === x : v !== v)).length;
    const w = (worse + (equal + 1) / 2) / (combos.length + 1);
    const l = Math.log(w / (1 - w));
    logit.push(l);
    defined++;
    if (l <= 0) over++;
  }
  return { pbo: over / defined, best, logit };
}

describe.skipIf(!existsSync(CLI))('backtester cscv (CLI)', () => {
  it('PBO is high on a random walk and equals a plain recomputation from cscv_blocks.csv', async () => {
    const data = writeMarket(join(root, 'rw'), 'RW', randomWalk(3000, 7));
    const cfg = dmaConfig(root, 'rw.json', RANGES);
    const out = join(root, 'out-rw');
    const r = await runCli(args(data, 'RW', cfg, out));
    expect(r.code, r.stderr).toBe(0);
    const pbo = JSON.parse(readFileSync(join(out, 'pbo.json'), 'utf8'));
    const again = recompute(out);
    expect(pbo.pbo).toBeCloseTo(again.pbo, 12);
    expect(pbo.blocks).toBe(8);
    expect(pbo.combinations).toBe(40); // 6 × 7, less (30, 25) and (40, 25) which break short < long
    const splits = readCsvRows(join(out, 'cscv_splits.csv'));
    expect(splits.length).toBe(70);
    splits.forEach((s, k) => {
      expect(Number(s.best_combination)).toBe(again.best[k]);
      expect(Number(s.logit)).toBeCloseTo(again.logit[k], 9);
    });
    expect(pbo.pbo).toBeGreaterThan(0.35);
    // Linked from the run's index, and every figure has its CSV.
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const f of ['cscv.html', 'cscv_blocks.csv', 'cscv_splits.csv', 'cscv_logit_histogram.csv', 'pbo.json']) expect(index).toContain(`href="${f}"`);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).kind).toBe('cscv');
  });

  it('PBO is low on a market with a planted, persistent edge', async () => {
    const data = writeMarket(join(root, 'cy'), 'CY', cycle(3000, 240, 9));
    const cfg = dmaConfig(root, 'cy.json', RANGES);
    const out = join(root, 'out-cy');
    const r = await runCli(args(data, 'CY', cfg, out));
    expect(r.code, r.stderr).toBe(0);
    const pbo = JSON.parse(readFileSync(join(out, 'pbo.json'), 'utf8'));
    expect(pbo.pbo).toBeCloseTo(recompute(out).pbo, 12);
    expect(pbo.pbo).toBeLessThan(0.1);
  });

  it('rejects odd --blocks and a one-combination grid before any work', async () => {
    const data = writeMarket(join(root, 'rw2'), 'RW', randomWalk(500, 3));
    const odd = join(root, 'odd');
    const r1 = await runCli(args(data, 'RW', dmaConfig(root, 'a.json', RANGES), odd, 7));
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('--blocks must be an even whole number');
    expect(existsSync(odd)).toBe(false);
    const one = join(root, 'one');
    const r2 = await runCli(args(data, 'RW', dmaConfig(root, 'b.json', { short_ma_window: [5] }), one));
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('CSCV needs at least 2 combinations');
    expect(existsSync(one)).toBe(false);
  });
});
