import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureResult } from '../../../../test/support/fixture-result.js';
import type { BacktestResult } from '../../../orchestration/result.js';
import { equityCsv, writeCsvFiles } from './write-csv-files.js';

/** equity.csv as a plain loop writes it: every cell formatted anew, one string per row (the reference). */
function plainEquityCsv(r: BacktestResult): string {
  const cell = (x: number) => (x !== x ? '' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x));
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  let out = 'time,equity,cash,position,close,drawdown,benchmark_equity,data\n';
  let peak = r.portfolio.initCash;
  for (let i = 0; i < r.sim.equity.length; i++) {
    const e = r.sim.equity[i];
    if (e > peak) peak = e;
    out += [iso(r.frame.time[i]), cell(e), cell(r.sim.cash[i]), cell(r.sim.position[i]), cell(r.frame.close[i]), cell(1 - e / peak),
      cell(r.benchmarkEquity[i]), r.frame.origin.synthetic ? 'synthetic' : 'real'].join(',') + '\n';
  }
  return out;
}

describe('equity.csv', () => {
  const dirs: string[] = [];
  afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

  it('equals a plain per-cell writer, whole and in streamed chunks, on runs with flat stretches, no trades and a position open at the end', () => {
    for (const r of [fixtureResult({ bars: 20_000 }), fixtureResult({ bars: 300, trades: 'none' }), fixtureResult({ bars: 700, openAtEnd: true, seed: 7 })]) {
      const want = plainEquityCsv(r);
      expect(equityCsv(r)).toBe(want);
      const chunks: string[] = [];
      const rest = equityCsv(r, (c) => chunks.push(c));
      expect(chunks.join('') + rest).toBe(want);
      // Chunks of 8,192 rows (the header with the first).
      expect(chunks.length).toBe(Math.floor(r.sim.equity.length / 8192));
    }
  });

  it('writeCsvFiles writes every file (equity.csv streamed in chunks) and returns their names', async () => {
    const r = fixtureResult({ bars: 500 });
    const dir = await mkdtemp(path.join(tmpdir(), 'bt-csv-files-'));
    dirs.push(dir);
    expect(await writeCsvFiles(r, dir)).toEqual(['performance_metrics.csv', 'trades.csv', 'monthly_returns.csv', 'orders.csv', 'equity.csv']);
    expect(await readFile(path.join(dir, 'equity.csv'), 'utf8')).toBe(plainEquityCsv(r));
    // Longer than a chunk of 8,192 rows many times over: the same text.
    const long = fixtureResult({ bars: 16 * 8192 + 500, trades: 'one' });
    await writeCsvFiles(long, dir);
    expect(await readFile(path.join(dir, 'equity.csv'), 'utf8')).toBe(plainEquityCsv(long));
    // A folder that does not exist: the failure is thrown.
    await expect(writeCsvFiles(r, path.join(dir, 'missing', 'deeper'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
