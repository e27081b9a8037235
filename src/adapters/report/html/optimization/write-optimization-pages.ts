/** Writes the three optimization pages (and the charting library they use) into a symbol's folder. */
import { join } from 'node:path';
import { OutputError } from '../../../../base/errors.js';
import { renderPage, type PageSpec } from '../layout.js';
import { prepareLibrary, type LibraryMode, type SharedLibrary } from '../library.js';
import { PendingWrites, writeOutput } from '../write-reports.js';
import { convergencePage } from './convergence-page.js';
import { distributionPage } from './distribution-page.js';
import { heatmapPage } from './heatmap-page.js';
import type { OptimizationReportModel } from './model.js';

export const OPTIMIZATION_PAGE_BUILDERS: readonly [string, (m: OptimizationReportModel) => PageSpec][] = [
  ['optimization_distribution.html', distributionPage],
  ['optimization_heatmap.html', heatmapPage],
  ['optimization_convergence.html', convergencePage],
];

/** Writes the pages into `dir`; returns the files written (relative to `dir`). */
export async function writeOptimizationPages(m: OptimizationReportModel, dir: string, library: LibraryMode = 'asset', shared?: SharedLibrary): Promise<string[]> {
  const writes = new PendingWrites();
  try {
    const lib = await prepareLibrary(dir, library, shared);
    const files = [...lib.files];
    // Each page is written as soon as it is rendered (a long one by the thread pool while the next is built).
    for (const [file, build] of OPTIMIZATION_PAGE_BUILDERS) {
      writes.add(writeOutput(join(dir, file), renderPage(build(m), lib.tag)));
      files.push(file);
    }
    await writes.settle();
    return files;
  } catch (e) {
    await writes.settle().catch(() => undefined); // never leave a write running (or its failure unhandled) behind an error
    if (e instanceof OutputError) throw e;
    throw new OutputError(`Could not write the optimization reports into ${dir}.`, { hint: 'Check that the output folder is writable; run with --debug for details.', cause: e });
  }
}
