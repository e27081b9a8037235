import { open } from 'node:fs/promises';
import { OutputError } from '../../../base/errors.js';
import { METRIC_COUNT, METRICS } from '../../../domain/metrics/catalog.js';
import { gridDigits, type ParamSpace, type ParamValue } from '../../../domain/params/param-space.js';
import { csvLine, numberCell, textCell } from './csv-format.js';

/** The evaluated combinations of one symbol, as the optimizer left them. */
export interface OptimizationTable {
  readonly space: ParamSpace<any>;
  /** Grid index by position (evaluation order). */
  readonly order: ArrayLike<number>;
  /** Metrics rows by position, `METRIC_COUNT` values each (catalog order). */
  readonly rows: Float64Array;
  /** Evaluated positions, best first. */
  readonly ranking: ArrayLike<number>;
  /** Every row says whether the bars were real or synthetic. */
  readonly synthetic: boolean;
  /** `--objective`: its score by position, written as an `objective` column before the metrics. */
  readonly objective?: Float64Array;
}

/** A parameter value as a CSV cell: numbers at full precision, booleans `true`/`false`, text quoted when needed. */
export function paramCell(v: ParamValue): string {
  return typeof v === 'number' ? numberCell(v) : typeof v === 'boolean' ? String(v) : textCell(v);
}

/** Header of optimization_results.csv: rank, grid_index, evaluation, the range keys, the objective (with `--objective`), every metric, data. */
export function optimizationResultsHeader(space: ParamSpace<any>, objective = false): string[] {
  return ['rank', 'grid_index', 'evaluation', ...space.keys, ...(objective ? ['objective'] : []), ...METRICS.map((m) => m.key), 'data'];
}

/**
 * Appends text to a file in large writes, so a million-row table never sits in memory as one string.
 * `emit` returns the write it started (to await before the next line), or undefined when the line
 * was only kept: a producer awaiting only those does not pause after every row.
 */
export async function writeLines(path: string, produce: (emit: (line: string) => Promise<void> | undefined) => Promise<void>): Promise<void> {
  let fh;
  try {
    fh = await open(path, 'w');
  } catch (cause) {
    throw new OutputError(`Could not write ${path}.`, { hint: 'Check that the output folder is writable and the disk is not full.', cause });
  }
  let buf = '';
  try {
    await produce((line) => {
      buf += line;
      if (buf.length < 1 << 20) return undefined;
      const text = buf;
      buf = '';
      return fh.write(text).then(() => undefined);
    });
    await fh.write(buf);
  } finally {
    await fh.close();
  }
}

/**
 * `optimization_results.csv`: one row per evaluated combination, best first (DESIGN.md §6
 * ranking), with its rank (1 = best), grid index, evaluation number (1-based, the order it was
 * tried in), the values of the optimized parameters and every metric of the catalog.
 */
export async function writeOptimizationResultsCsv(path: string, t: OptimizationTable): Promise<void> {
  const digits = new Int32Array(t.space.keys.length);
  const kind = t.synthetic ? 'synthetic' : 'real';
  await writeLines(path, async (emit) => {
    await emit(csvLine(optimizationResultsHeader(t.space, t.objective !== undefined)));
    for (let r = 0; r < t.ranking.length; r++) {
      const pos = t.ranking[r];
      const g = t.order[pos];
      gridDigits(t.space, g, digits);
      const cells = [String(r + 1), String(g), String(pos + 1)];
      for (let k = 0; k < digits.length; k++) cells.push(paramCell(t.space.values[k][digits[k]]));
      if (t.objective) cells.push(numberCell(t.objective[pos]));
      const off = pos * METRIC_COUNT;
      for (let m = 0; m < METRIC_COUNT; m++) cells.push(numberCell(t.rows[off + m]));
      cells.push(kind);
      const written = emit(csvLine(cells));
      if (written) await written;
    }
  });
}
