import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_KEYS } from '../../../domain/metrics/catalog.js';
import { buildParamSpace } from '../../../domain/params/param-space.js';
import { dmaAtrTrend } from '../../../domain/strategies/dma-atr-trend.js';
import { paramCell, writeLines, writeOptimizationResultsCsv } from './optimization-results-csv.js';

const dirs: string[] = [];
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

describe('optimization_results.csv', () => {
  it('hand case: header, rows in rank order with grid index, evaluation number, values and metrics', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opt-csv-'));
    dirs.push(dir);
    const s = buildParamSpace(dmaAtrTrend, dmaAtrTrend.defaults, { ma_type: ['SMA', 'EMA'], use_adx: [false, true] }, { method: 'grid' });
    if (!s.ok) throw new Error('space');
    const rows = new Float64Array(3 * METRIC_COUNT).fill(NaN);
    rows[0] = 0.5;
    rows[METRIC_COUNT] = Infinity;
    rows[2 * METRIC_COUNT + 1] = -0.25;
    await writeOptimizationResultsCsv(join(dir, 'r.csv'), { space: s.value, order: [3, 0, 1], rows, ranking: [1, 0, 2], synthetic: true });
    const lines = (await readFile(join(dir, 'r.csv'), 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe(['rank', 'grid_index', 'evaluation', 'ma_type', 'use_adx', ...METRIC_KEYS, 'data'].join(','));
    const empties = (k: number) => ','.repeat(k);
    expect(lines[1]).toBe(`1,0,2,SMA,false,inf${empties(METRIC_COUNT - 1)},synthetic`);
    expect(lines[2]).toBe(`2,3,1,EMA,true,0.5${empties(METRIC_COUNT - 1)},synthetic`);
    expect(lines[3]).toBe(`3,1,3,SMA,true,,-0.25${empties(METRIC_COUNT - 2)},synthetic`);
    expect(lines).toHaveLength(4);
  });
  it('cells: numbers at full precision, booleans, quoted text; large tables are written in pieces', async () => {
    expect([paramCell(0.1 + 0.2), paramCell(true), paramCell('a,b'), paramCell(2)]).toEqual(['0.30000000000000004', 'true', '"a,b"', '2']);
    const dir = await mkdtemp(join(tmpdir(), 'opt-lines-'));
    dirs.push(dir);
    await writeLines(join(dir, 'big.txt'), async (emit) => { for (let i = 0; i < 300_000; i++) await emit(`${i}\n`); });
    const text = await readFile(join(dir, 'big.txt'), 'utf8');
    expect(text.length).toBe(Array.from({ length: 300_000 }, (_, i) => `${i}\n`).join('').length);
    expect(text.endsWith('299999\n')).toBe(true);
    // A producer that awaits only the writes emit started (one per MB kept): the same text, in order.
    let started = 0;
    await writeLines(join(dir, 'big2.txt'), async (emit) => {
      for (let i = 0; i < 300_000; i++) {
        const w = emit(`${i}\n`);
        if (w) { started++; await w; }
      }
    });
    expect(await readFile(join(dir, 'big2.txt'), 'utf8')).toBe(text);
    expect(started).toBe(Math.floor(text.length / (1 << 20)));
  });
});
