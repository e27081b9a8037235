/** Writes the three optimization pages (and the charting library they use) into a symbol's folder. */
import { join } from 'node:path';
import { OutputError } from '../../../../base/errors.js';
import { renderPage, type PageSpec } from '../layout.js';
import { prepareLibrary, type LibraryMode, type SharedLibrary } from '../library.js';
import { writeOutput } from '../../../output/write-text.js';
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
  let lib: PreparedLibrary;
  try {
    lib = await prepareLibrary(dir, library, shared);
  } catch (e) {
    throw pagesError(e, dir);
  }
  return writeOptimizationPagesWith(m, dir, lib);
}

/** The library as `prepareLibrary` put it in place: its tag and the files it wrote. */
export type PreparedLibrary = Awaited<ReturnType<typeof prepareLibrary>>;

/**
 * `writeOptimizationPages` with the library already in place (on another thread, so that only
 * one thread ever writes the shared library files).
 */
export async function writeOptimizationPagesWith(m: OptimizationReportModel, dir: string, lib: PreparedLibrary): Promise<string[]> {
  try {
    const files = [...lib.files];
    for (const [file, build] of OPTIMIZATION_PAGE_BUILDERS) {
      await writeOutput(join(dir, file), renderPage(build(m), lib.tag));
      files.push(file);
    }
    return files;
  } catch (e) {
    throw pagesError(e, dir);
  }
}

function pagesError(e: unknown, dir: string): OutputError {
  if (e instanceof OutputError) return e;
  return new OutputError(`Could not write the optimization reports into ${dir}.`, { hint: 'Check that the output folder is writable; run with --debug for details.', cause: e });
}
