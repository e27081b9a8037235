/**
 * `import(specifier)` for code that loads a module by name or URL at run time (the optional
 * libraries, user strategy files). The one place the bundle routes these imports through
 * (scripts/bundle.mjs replaces this module): Node 20 cannot run an `import()` compiled from a V8
 * code cache (src/adapters/bundle/load-core.cts), so the bundle's script calls the loader's own.
 */
export function importModule<T = Record<string, unknown>>(specifier: string): Promise<T> {
  return import(specifier) as Promise<T>;
}
