import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_KEYS } from '../../../domain/metrics/catalog.js';
import { buildParamSpace } from '../../../domain/params/param-space.js';
import { dmaAtrTrend } from '../../../domain/strategies/dma-atr-trend.js';
import { writeOptimizationResultsCsv } from '../csv/optimization-results-csv.js';
import { writeOptimizationResultsArrow } from './optimization-results-arrow.js';

const dirs: string[] = [];
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

describe('optimization_results.arrow', () => {
  it('holds the CSV\'s rows, columns and values (several record batches, text, boolean and number parameters)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opt-arrow-'));
    dirs.push(dir);
    const s = buildParamSpace(dmaAtrTrend, dmaAtrTrend.defaults, { ma_type: ['SMA', 'EMA'], use_adx: [false, true], short_ma_window: [5, 10, 15] }, { method: 'grid' });
    if (!s.ok) throw new Error('space');
    const n = 12;
    const order = [7, 3, 0, 11, 1, 2, 4, 5, 6, 8, 9, 10];
    const rows = Float64Array.from({ length: n * METRIC_COUNT }, (_, i) => (i % 11 === 0 ? NaN : i % 13 === 0 ? Infinity : Math.sin(i) * 1e3));
    const ranking = [4, 0, 11, 2, 3, 1, 5, 6, 7, 8, 9, 10];
    const table = { space: s.value, order, rows, ranking, synthetic: false };
    await writeOptimizationResultsCsv(join(dir, 'r.csv'), table);
    await writeOptimizationResultsArrow(join(dir, 'r.arrow'), table, 5); // batches of 5, 5, 2
    const t = tableFromIPC(await readFile(join(dir, 'r.arrow')));
    expect(t.numRows).toBe(n);
    expect(t.batches).toHaveLength(3);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['rank', 'grid_index', 'evaluation', 'ma_type', 'use_adx', 'short_ma_window', ...METRIC_KEYS, 'data']);
    const csv = (await readFile(join(dir, 'r.csv'), 'utf8')).trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const cell = (v: unknown) => (typeof v === 'number' ? (Number.isNaN(v) ? '' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v)) : String(v));
    for (let r = 0; r < n; r++) {
      const row = t.schema.fields.map((f) => cell(t.getChild(f.name)!.get(r)));
      expect(row).toEqual(csv[r]);
    }
  });
});
