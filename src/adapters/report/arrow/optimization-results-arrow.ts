/**
 * `optimization_results.arrow`: the rows of optimization_results.csv (same columns, same order,
 * best first) as an Apache Arrow IPC file (Feather v2) that pandas (`read_feather`), polars
 * (`read_ipc`) and pyarrow read directly, without parsing a CSV of hundreds of MB. Written for
 * searches above `ARROW_RESULTS_ABOVE` rows, in record batches streamed to disk (never the whole
 * table in memory: each batch's bytes reach the file before the next batch is built); apache-arrow
 * is loaded only then.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { OutputError } from '../../../base/errors.js';
import { METRIC_COUNT, METRICS } from '../../../domain/metrics/catalog.js';
import { gridDigits } from '../../../domain/params/param-space.js';
import type { OptimizationTable } from '../csv/optimization-results-csv.js';
import { importModule } from '../../../base/import-module.js';

/** Rows above which an optimization also writes its results as Arrow. */
export const ARROW_RESULTS_ABOVE = 200_000;
export const ARROW_RESULTS_FILE = 'optimization_results.arrow';
const BATCH_ROWS = 65_536;

/**
 * Writes `path`. Columns: `rank`, `evaluation` (Int32), `grid_index` (Float64: grids may pass
 * 2^31), each optimized parameter (Float64, Bool or Utf8 by its values), `objective` (Float64,
 * with `--objective`), every metric (Float64;
 * undefined = NaN, infinities as ±inf) and `data` (Utf8).
 */
export async function writeOptimizationResultsArrow(path: string, t: OptimizationTable, batchRows = BATCH_ROWS): Promise<void> {
  const arrow = await importModule<typeof import('apache-arrow')>('apache-arrow');
  const writer = new arrow.RecordBatchFileWriter();
  let fh: FileHandle;
  try {
    fh = await open(path, 'w');
  } catch (cause) {
    throw new OutputError(`Could not write ${path}.`, { hint: 'Check that the output folder is writable and the disk is not full.', cause });
  }
  // The writer queues its bytes without limit; `sink` moves them to the file, and the batch loop
  // waits for it after each batch (a million rows would otherwise queue ~190 MB before the first write).
  const sink = fileSink(writer, fh, () => (writer as unknown as { _position?: number })._position ?? 0);
  const digits = new Int32Array(t.space.keys.length);
  const kind = t.synthetic ? 'synthetic' : 'real';
  // One type per parameter for every batch, from all its values.
  const types = t.space.values.map((vs) => (vs.every((v) => typeof v === 'number') ? 'number' : vs.every((v) => typeof v === 'boolean') ? 'boolean' : 'string'));
  const type = (k: number) => (types[k] === 'number' ? new arrow.Float64() : types[k] === 'boolean' ? new arrow.Bool() : new arrow.Utf8());
  const schema = new arrow.Schema([
    new arrow.Field('rank', new arrow.Int32(), false), new arrow.Field('grid_index', new arrow.Float64(), false),
    new arrow.Field('evaluation', new arrow.Int32(), false), ...t.space.keys.map((key, k) => new arrow.Field(key, type(k), false)),
    ...(t.objective ? [new arrow.Field('objective', new arrow.Float64(), false)] : []),
    ...METRICS.map((m) => new arrow.Field(m.key, new arrow.Float64(), false)), new arrow.Field('data', new arrow.Utf8(), false),
  ]);
  try {
    for (let from = 0; from < t.ranking.length; from += batchRows) {
      const n = Math.min(batchRows, t.ranking.length - from);
      const rank = new Int32Array(n);
      const evaluation = new Int32Array(n);
      const grid = new Float64Array(n);
      const params = t.space.values.map(() => new Array<unknown>(n));
      const metrics = METRICS.map(() => new Float64Array(n));
      const objective = new Float64Array(t.objective ? n : 0);
      for (let j = 0; j < n; j++) {
        const pos = t.ranking[from + j];
        rank[j] = from + j + 1;
        evaluation[j] = pos + 1;
        grid[j] = t.order[pos];
        gridDigits(t.space, grid[j], digits);
        for (let k = 0; k < digits.length; k++) params[k][j] = t.space.values[k][digits[k]];
        for (let m = 0; m < METRIC_COUNT; m++) metrics[m][j] = t.rows[pos * METRIC_COUNT + m];
        if (t.objective) objective[j] = t.objective[pos];
      }
      const children = [
        arrow.makeData({ type: new arrow.Int32(), length: n, data: rank }),
        arrow.makeData({ type: new arrow.Float64(), length: n, data: grid }),
        arrow.makeData({ type: new arrow.Int32(), length: n, data: evaluation }),
        ...t.space.keys.map((_, k) => {
          const vs = params[k];
          return types[k] === 'number' ? arrow.makeData({ type: new arrow.Float64(), length: n, data: Float64Array.from(vs as number[]) })
            : types[k] === 'boolean' ? arrow.vectorFromArray(vs as boolean[], new arrow.Bool()).data[0]
              : arrow.vectorFromArray(vs.map(String), new arrow.Utf8()).data[0];
        }),
        ...(t.objective ? [arrow.makeData({ type: new arrow.Float64(), length: n, data: objective })] : []),
        ...metrics.map((m) => arrow.makeData({ type: new arrow.Float64(), length: n, data: m })),
        arrow.vectorFromArray(new Array<string>(n).fill(kind), new arrow.Utf8()).data[0],
      ];
      writer.write(new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: n, children })));
      await sink.caughtUp();
    }
    writer.finish();
    await sink.done;
  } catch (cause) {
    try { writer.abort(); } catch { /* already closed */ }
    await sink.done.catch(() => undefined);
    throw new OutputError(`Could not write ${path}.`, { hint: 'Check that the output folder is writable and the disk is not full.', cause });
  } finally {
    await fh.close();
  }
}

/**
 * Copies the writer's bytes to `fh` as they are queued. `caughtUp()` resolves once every byte queued
 * so far (`queued()`, the writer's position) is in the file; it rejects when a write failed.
 */
export function fileSink(writer: AsyncIterable<Uint8Array>, fh: FileHandle, queued: () => number): { done: Promise<void>; caughtUp(): Promise<void> } {
  let written = 0;
  let ended = false;
  let wake = null as (() => void) | null;
  const done = (async () => {
    try {
      for await (const chunk of writer) {
        await fh.write(chunk);
        written += chunk.byteLength;
        wake?.();
      }
    } finally {
      ended = true;
      wake?.();
    }
  })();
  done.catch(() => { /* rethrown by caughtUp or by awaiting done */ });
  return {
    done,
    async caughtUp() {
      while (written < queued() && !ended) await new Promise<void>((r) => { wake = r; });
      wake = null;
      if (ended) await done; // a failed write rejects here
    },
  };
}
