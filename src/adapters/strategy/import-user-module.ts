import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledTypeScriptUrl } from './compile-ts.js';
import { aliasSelfForStrategies } from './self-alias.js';

/**
 * Imports a user's module (a strategy or an objective file) by absolute path: `.ts`/`.mts` files
 * compiled with esbuild into the content-hash cache, `.js`/`.mjs` imported as they are with
 * `backtester` resolvable from them. Throws whatever loading throws; callers name the file.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  const ext = extname(path);
  if (ext === '.ts' || ext === '.mts') {
    // Compiled with `backtester` already resolved: no loader hook (see compile-ts.ts).
    return importCompiled(await compiledTypeScriptUrl(path));
  }
  aliasSelfForStrategies();
  return import(pathToFileURL(path).href);
}

/**
 * Imports a compiled module. Run from sources (tests, `tsx`), the package entry it imports is
 * `src/index.ts`, which a plain worker thread cannot load: tsx's own loader then takes over.
 */
async function importCompiled(url: string): Promise<Record<string, unknown>> {
  try {
    return await import(url);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(url, import.meta.url);
  }
}
