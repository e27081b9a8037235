/**
 * TypeScript strategy files (and ES module JavaScript ones, for the same reason), compiled once by esbuild into a cache keyed by content hash
 * (`<cache dir>/strategies/<hash>.mjs`), then imported as plain ES modules. A cached file is
 * reused by the next run and by every optimizer thread, which then pay no compiler at all.
 *
 * The entry is bundled with the local files it imports (so `./helpers.ts` works); packages stay
 * imports, resolved at compile time (from the source's folder) to absolute file URLs, and
 * `backtester` to the running package's entry (so the class extends the very BaseStrategy the
 * engine uses). No loader hook is needed: a registered hook would route every later import of the
 * thread through Node's hooks thread, which made worker threads start seconds later.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultCacheDir } from '../cache/cache-dir.js';
import { selfEntry } from './self-alias.js';
import { importModule } from '../../base/import-module.js';

/** Bumped when the compile settings change, so older cached output is not reused. */
const FORMAT = 'bt-ts-2';

/** Input files of a compiled entry (besides the entry) with their content hashes. */
interface CompiledMeta {
  readonly inputs: Record<string, string>;
  /** Package files the output imports by absolute URL: a rebuild is needed if one disappears. */
  readonly externals: string[];
}

/** esbuild's version, read from its package.json (importing esbuild itself is left to a cache miss). */
function esbuildVersion(): string {
  try {
    return (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Where compiled strategies are kept: the candle cache's folder, else the temp folder. */
function cacheDir(): string {
  for (const dir of [path.join(defaultCacheDir(), 'strategies'), path.join(os.tmpdir(), `backtester-strategies-${os.userInfo().uid}`)]) {
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      // not writable: try the next one
    }
  }
  throw new Error('no writable folder for compiled strategy files (set BACKTESTER_CACHE_DIR)');
}

function upToDate(metaFile: string): boolean {
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as CompiledMeta;
    return Object.entries(meta.inputs).every(([file, hash]) => existsSync(file) && sha(readFileSync(file)) === hash)
      && meta.externals.every((file) => existsSync(file));
  } catch {
    return false;
  }
}

/** Writes atomically (temp file + rename): a concurrent run or thread never reads half a file. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

async function build(entry: string, self: string, externals: string[]) {
  const esbuild = await importModule<typeof import('esbuild')>('esbuild');
  const packages = { name: 'packages', setup(b: import('esbuild').PluginBuild) {
    b.onResolve({ filter: /^backtester$/ }, () => (self ? { path: self, external: true } : undefined));
    // Any other bare import (not node:/builtin): esbuild resolves it from the importing file.
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('node:') || isBuiltin(args.path) || args.pluginData === 'inner') return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
      if (r.errors.length > 0 || !r.path) return undefined;
      externals.push(r.path);
      return { path: pathToFileURL(r.path).href, external: true };
    });
  } };
  return esbuild.build({
    entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', target: 'node20',
    write: false, metafile: true, plugins: [packages], sourcemap: 'inline', sourcesContent: false, logLevel: 'silent',
    absWorkingDir: path.dirname(entry), define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
  });
}

/**
 * Whether compiled code imports from `url` only names that `url` exports (no namespace, no
 * dynamic import): then the light strategy API is enough.
 */
async function onlyNamedFrom(code: string, url: string): Promise<boolean> {
  const q = JSON.stringify(url).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A namespace, default or dynamic import, or a re-export: use the whole API.
  const whole = new RegExp(`import\\s*\\*\\s*as\\s+[\\w$]+\\s*from\\s*${q}|import\\s+[\\w$]+\\s*(,|from)\\s*${q}|import\\s*\\(\\s*${q}|export\\s*[*{][^;]*from\\s*${q}`);
  if (whole.test(code)) return false;
  const exported = new Set(Object.keys(await importModule(url)));
  for (const m of code.matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*${q}`, 'g'))) {
    for (const spec of m[1].split(',')) {
      const name = spec.trim().split(/\\s+as\\s+/)[0];
      if (name && !exported.has(name)) return false;
    }
  }
  return true;
}

async function compile(entry: string, outFile: string, metaFile: string): Promise<void> {
  const light = selfEntry('strategy-api');
  const lightUrl = light ? pathToFileURL(light).href : '';
  let externals: string[] = [];
  let r = await build(entry, lightUrl, externals);
  if (!lightUrl || !(await onlyNamedFrom(r.outputFiles[0].text, lightUrl))) {
    const full = selfEntry('index');
    externals = [];
    r = await build(entry, full ? pathToFileURL(full).href : '', externals);
  }
  const inputs: Record<string, string> = {};
  for (const rel of Object.keys(r.metafile.inputs)) {
    const abs = path.resolve(path.dirname(entry), rel);
    if (abs !== entry && existsSync(abs)) inputs[abs] = sha(readFileSync(abs));
  }
  writeAtomic(outFile, r.outputFiles[0].text);
  writeAtomic(metaFile, JSON.stringify({ inputs, externals } satisfies CompiledMeta));
}

/** The URL to import for a `.ts`/`.mts` file (or an ES module `.mjs`/`.js` one): its compiled copy, compiled now if not cached. */
export async function compiledTypeScriptUrl(file: string): Promise<string> {
  const entry = path.resolve(file);
  const version = esbuildVersion();
  const self = selfEntry();
  const selfUrl = self ? pathToFileURL(self).href : '';
  const hash = sha(`${FORMAT}\0${version}\0${selfUrl}\0${entry}\0${sha(readFileSync(entry))}`).slice(0, 40);
  const dir = cacheDir();
  const outFile = path.join(dir, `${hash}.mjs`);
  const metaFile = path.join(dir, `${hash}.json`);
  if (!(existsSync(outFile) && upToDate(metaFile))) await compile(entry, outFile, metaFile);
  return pathToFileURL(outFile).href;
}
