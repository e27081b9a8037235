/**
 * A symbol's optimization table outputs: optimization_results.csv (and optimization_results.arrow
 * for large searches) and the three optimization pages. Described by plain data and shared arrays
 * so that a pool thread can write them while the main thread writes best_backtest/.
 */
import { join } from 'node:path';
import { ARROW_RESULTS_ABOVE, ARROW_RESULTS_FILE, writeOptimizationResultsArrow } from '../report/arrow/optimization-results-arrow.js';
import { writeOptimizationResultsCsv, type OptimizationTable } from '../report/csv/optimization-results-csv.js';
import type { OptimizationReportModel } from '../report/html/optimization/model.js';
import { writeOptimizationPagesWith, type PreparedLibrary } from '../report/html/optimization/write-optimization-pages.js';

export interface OptimizationTableOutputs {
  /** The symbol's folder (being written). */
  readonly dir: string;
  readonly table: OptimizationTable;
  readonly pages: OptimizationReportModel;
  /** The charting library, already in place (only the main thread writes the shared files). */
  readonly library: PreparedLibrary;
}

/** The files written, relative to `dir`: the results table(s), then the pages (and their library files). */
export interface WrittenTable {
  readonly tables: string[];
  readonly pages: string[];
}

export async function writeOptimizationTable(o: OptimizationTableOutputs): Promise<WrittenTable> {
  const tables = ['optimization_results.csv'];
  await writeOptimizationResultsCsv(join(o.dir, 'optimization_results.csv'), o.table);
  if (o.table.ranking.length > ARROW_RESULTS_ABOVE) {
    await writeOptimizationResultsArrow(join(o.dir, ARROW_RESULTS_FILE), o.table);
    tables.push(ARROW_RESULTS_FILE);
  }
  const pages = await writeOptimizationPagesWith(o.pages, o.dir, o.library);
  return { tables, pages };
}
