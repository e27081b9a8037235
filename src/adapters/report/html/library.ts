/**
 * Getting Apache ECharts into the pages without any network request. Default: one copy of
 * `echarts.min.js` in `<dir>/assets/`, referenced relatively from every page in `<dir>`
 * (≈1.1 MB once per folder instead of per page); with a `SharedLibrary`, one copy in the output
 * root's `assets/` for every folder of the run (the runner's layout, docs/reports.md).
 * `inline`: every page carries the library and stands alone (a file can be mailed or moved by itself).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeText } from '../../output/write-text.js';
import { CLIENT_RUNTIME } from './client-runtime.js';
import type { LibraryTag } from './layout.js';

export type LibraryMode = 'asset' | 'inline';

/** Where the library lands, relative to the output folder. */
export const LIBRARY_ASSET = 'assets/echarts.min.js';

/**
 * The pages' client runtime (client-runtime.ts), shared like the library: every page would
 * otherwise carry the same 16 kB. It defines `window.__backtesterReport`, which each page calls
 * after its data (layout.ts); inlined pages carry the runtime itself.
 */
export const RUNTIME_ASSET = 'assets/report-runtime.js';

function runtimeAsset(): string {
  return `window.__backtesterReport = function () {\n${CLIENT_RUNTIME}};\n`;
}

/**
 * Puts the library (when absent) and this version's runtime (when absent or different) into
 * `<root>/assets/`. Synchronously (a kernel copy of 1.1 MB, a 20 kB file): nothing is left in
 * flight in the thread pool when Ctrl-C removes the staging folder, and no trips through it.
 */
async function writeAssets(root: string): Promise<void> {
  mkdirSync(join(root, 'assets'), { recursive: true });
  if (!existsSync(join(root, LIBRARY_ASSET))) copyFileSync(echartsBundlePath(), join(root, LIBRARY_ASSET));
  const runtime = join(root, RUNTIME_ASSET);
  const text = runtimeAsset();
  if (!existsSync(runtime) || readFileSync(runtime, 'utf8') !== text) await writeText(runtime, text);
}

const require = createRequire(import.meta.url);

/** Absolute path of the installed ECharts browser bundle. */
export function echartsBundlePath(): string {
  return require.resolve('echarts/dist/echarts.min.js');
}

/** One library for a whole output tree: copied once into `<root>/assets/`, referred to as `<href>assets/echarts.min.js`. */
export interface SharedLibrary {
  /** The folder (as written now, e.g. a staging folder) holding `assets/`. */
  readonly root: string;
  /** The relative URL from the pages' folder to that root once published: `''`, `'../'`, `'../../'`. */
  readonly href: string;
}

let inlineSource: Promise<string> | null = null;

/** Puts the library in place for pages written into `dir`; returns the tag to use and the files written. */
export async function prepareLibrary(dir: string, mode: LibraryMode, shared?: SharedLibrary): Promise<{ tag: LibraryTag; files: string[] }> {
  if (mode === 'inline') {
    inlineSource ??= readFile(echartsBundlePath(), 'utf8');
    return { tag: { kind: 'inline', source: await inlineSource }, files: [] };
  }
  if (shared && shared.href !== '') {
    await writeAssets(shared.root);
    return { tag: { kind: 'src', src: `${shared.href}${LIBRARY_ASSET}`, runtime: `${shared.href}${RUNTIME_ASSET}` }, files: [] };
  }
  mkdirSync(join(dir, 'assets'), { recursive: true });
  copyFileSync(echartsBundlePath(), join(dir, LIBRARY_ASSET));
  await writeText(join(dir, RUNTIME_ASSET), runtimeAsset());
  return { tag: { kind: 'src', src: LIBRARY_ASSET, runtime: RUNTIME_ASSET }, files: [LIBRARY_ASSET, RUNTIME_ASSET] };
}
