import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordBatchFileWriter, tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_KEYS } from '../../../domain/metrics/catalog.js';
import { buildParamSpace } from '../../../domain/params/param-space.js';
import { dmaAtrTrend } from '../../../domain/strategies/dma-atr-trend.js';
import { writeOptimizationResultsCsv } from '../csv/optimization-results-csv.js';
import { fileSink, writeOptimizationResultsArrow } from './optimization-results-arrow.js';

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

/** A writer's byte queue as apache-arrow's: chunks pushed synchronously, read by an async iterator until closed. */
function byteQueue() {
  const chunks: Uint8Array[] = [];
  let closed = false;
  let waiting: (() => void) | null = null;
  let queued = 0;
  return {
    push(n: number) { chunks.push(new Uint8Array(n).fill(n)); queued += n; waiting?.(); },
    close() { closed = true; waiting?.(); },
    queued: () => queued,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (chunks.length > 0) yield chunks.shift()!;
        else if (closed) return;
        else await new Promise<void>((r) => { waiting = r; });
      }
    },
  };
}

describe('fileSink (the Arrow writer\'s bytes to the file, one batch at a time)', () => {
  it('caughtUp resolves only once every queued byte is written, in order', async () => {
    const q = byteQueue();
    const written: number[] = [];
    const slow = { write: async (c: Uint8Array) => { await new Promise((r) => setTimeout(r, 5)); written.push(c.byteLength); } };
    const sink = fileSink(q, slow as never, q.queued);
    q.push(10); q.push(20); q.push(30);
    await sink.caughtUp();
    expect(written).toEqual([10, 20, 30]);
    q.push(7);
    expect(written).toEqual([10, 20, 30]);
    await sink.caughtUp();
    expect(written).toEqual([10, 20, 30, 7]);
    q.close();
    await sink.done;
  });
  it('apache-arrow still counts the bytes it queued where the writer reads them (_position)', () => {
    expect((new RecordBatchFileWriter() as unknown as { _position: unknown })._position).toBe(0);
  });
  it('a failed write rejects caughtUp (no endless wait)', async () => {
    const q = byteQueue();
    const failing = { write: async () => { throw new Error('disk full'); } };
    const sink = fileSink(q, failing as never, q.queued);
    q.push(10);
    await expect(sink.caughtUp()).rejects.toThrow('disk full');
    await expect(sink.done).rejects.toThrow('disk full');
  });
});
