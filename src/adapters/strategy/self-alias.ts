import { existsSync } from 'node:fs';
import Module, { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleUrl } from '../fs/bundle-location.js';

let installed = false;

/**
 * This package's entry (dist/index.js when built; src/index.ts when run from sources), or with
 * `strategy-api` its lighter strategy-authoring subset (see src/strategy-api.ts). From the bundle,
 * the bundle's own entries: a strategy file then shares the classes of the engine that runs it.
 */
export function selfEntry(entry: 'index' | 'strategy-api' = 'index'): string | undefined {
  const bundle = bundleUrl();
  if (bundle) {
    const p = fileURLToPath(new URL(`./${entry}.js`, bundle));
    if (existsSync(p)) return p;
  }
  for (const name of [`../../${entry}.js`, `../../${entry}.ts`]) {
    const p = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Makes `import … from 'backtester'` in a user's strategy file resolve to the running package,
 * wherever the file lives (a global install is not resolvable from a user's folder) and so that
 * the file extends the very BaseStrategy the engine uses. ESM imports go through a resolve hook;
 * CommonJS strategy files (`.cjs`, or `.js` outside an ESM package) through the CJS resolver.
 */
export function aliasSelfForStrategies(): void {
  if (installed) return;
  installed = true;
  const entry = selfEntry();
  if (!entry) return;
  const url = pathToFileURL(entry).href;
  const hooks = `export async function resolve(specifier, context, next) {
    if (specifier === 'backtester') return { url: ${JSON.stringify(url)}, shortCircuit: true };
    return next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const cjs = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = cjs._resolveFilename;
  cjs._resolveFilename = function resolveBacktester(this: unknown, request: string, ...rest: unknown[]): string {
    return request === 'backtester' ? entry : original.call(this, request, ...rest);
  };
}
