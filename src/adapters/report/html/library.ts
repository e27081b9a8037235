/**
 * Getting Apache ECharts into the pages without any network request. Default: one copy of
 * `echarts.min.js` in `<dir>/assets/`, referenced relatively from every page in `<dir>`
 * (≈1.1 MB once per folder instead of per page); with a `SharedLibrary`, one copy in the output
 * root's `assets/` for every folder of the run (the runner's layout, docs/reports.md).
 * `inline`: every page carries the library and stands alone (a file can be mailed or moved by itself).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LibraryTag } from './layout.js';

export type LibraryMode = 'asset' | 'inline';

/** Where the library lands, relative to the output folder. */
export const LIBRARY_ASSET = 'assets/echarts.min.js';

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
    const target = join(shared.root, LIBRARY_ASSET);
    if (!existsSync(target)) {
      await mkdir(join(shared.root, 'assets'), { recursive: true });
      await copyFile(echartsBundlePath(), target);
    }
    return { tag: { kind: 'src', src: `${shared.href}${LIBRARY_ASSET}` }, files: [] };
  }
  await mkdir(join(dir, 'assets'), { recursive: true });
  await copyFile(echartsBundlePath(), join(dir, LIBRARY_ASSET));
  return { tag: { kind: 'src', src: LIBRARY_ASSET }, files: [LIBRARY_ASSET] };
}
