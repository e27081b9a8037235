import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledTypeScriptUrl } from './compile-ts.js';
import { aliasSelfForStrategies } from './self-alias.js';
import { importModule } from '../../base/import-module.js';

/**
 * Imports a user's module (a strategy or an objective file) by absolute path: `.ts`/`.mts` files
 * and ES-module `.mjs`/`.js` files compiled with esbuild into the content-hash cache, CommonJS
 * `.js` imported as it is with `backtester` resolvable from it. Throws whatever loading throws; callers name the file.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  const ext = extname(path);
  if (ext === '.ts' || ext === '.mts' || isEsModuleFile(path)) {
    // Compiled with `backtester` already resolved: no loader hook (see compile-ts.ts). The hook
    // made every later import slow (a .mjs grid took twice as long as the same .ts one).
    return importCompiled(await compiledTypeScriptUrl(path));
  }
  aliasSelfForStrategies();
  return importModule(pathToFileURL(path).href);
}

/**
 * Whether Node would load `path` as an ES module: `.mjs`, or `.js` under a package.json with
 * `"type": "module"` (the nearest one decides). CommonJS files keep the require() route.
 */
export function isEsModuleFile(path: string): boolean {
  const ext = extname(path);
  if (ext === '.mjs') return true;
  if (ext !== '.js') return false;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module';
    } catch {
      // no (readable) package.json here: look further up
    }
    if (dirname(dir) === dir) return false;
  }
}

/**
 * Imports a compiled module. Run from sources (tests, `tsx`), the package entry it imports is
 * `src/index.ts`, which a plain worker thread cannot load: tsx's own loader then takes over.
 */
async function importCompiled(url: string): Promise<Record<string, unknown>> {
  try {
    return await importModule(url);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { tsImport } = await importModule<typeof import('tsx/esm/api')>('tsx/esm/api');
    return tsImport(url, import.meta.url);
  }
}
