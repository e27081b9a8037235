/**
 * Loads the bundled engine (`core.cjs`, one CommonJS script: scripts/bundle.mjs) with a V8 code
 * cache. Node 20 compiles every ES module from source at each start and has no compile cache
 * (`module.enableCompileCache` came in Node 22), so the bundle's code is one classic script
 * compiled through `vm.Script` with the bytecode of an earlier run: V8 then skips parsing and
 * compiling what the cache holds (a year-of-1h backtest starts ~30 ms sooner).
 *
 * Which cache: the build's (`core.cache`, made by a small workload at build time) when it was
 * made for this very file by this Node version (`core.cache.key`); otherwise one this machine
 * made for this build, path and Node, in `<tmpdir>/backtester-code-cache-<uid>/`, written when the
 * first run without a usable cache exits. V8 ties a cache to the script's path (its stack traces name it) and refuses one
 * from another V8 or other flags; without a usable cache the script compiles as usual, only slower.
 *
 * Node 20 cannot run `import()` from code restored from a cache (no callback is found), so the
 * script's dynamic imports (src/base/import-module.ts) call `importFromLoader` below instead.
 *
 * One instance per thread (this file is required through Node's module cache): the CLI, the
 * optimizer's worker, the strategy host and the `index.js`/`strategy-api.js` facades a strategy
 * file imports all get the very same classes.
 */
import crypto = require('node:crypto');
import fs = require('node:fs');
import Module = require('node:module');
import os = require('node:os');
import path = require('node:path');
import vm = require('node:vm');
import workerThreads = require('node:worker_threads');

const file = path.join(__dirname, 'core.cjs');
const builtCache = path.join(__dirname, 'core.cache');

function read(p: string): Buffer | undefined {
  try {
    return fs.readFileSync(p);
  } catch {
    return undefined;
  }
}

/** What the build wrote beside its cache (scripts/bundle.mjs): its Node, its path, core.cjs's sha256. */
interface CacheKey { node: string; file: string; sha256: string }

function buildKey(): CacheKey | undefined {
  try {
    return JSON.parse(fs.readFileSync(`${builtCache}.key`, 'utf8')) as CacheKey;
  } catch {
    return undefined; // no key (a bundle being built): no cache
  }
}

/** Where this machine keeps a cache for this build of the script, this path and this Node. */
function localCachePath(k: CacheKey): string {
  const name = crypto.createHash('sha256').update(`${process.version}\0${file}\0${k.sha256}`).digest('hex').slice(0, 32);
  return path.join(os.tmpdir(), `backtester-code-cache-${process.getuid?.() ?? 'user'}`, `${name}.bin`);
}

function importFromLoader(specifier: string): Promise<unknown> {
  return import(specifier);
}

/** `BACKTESTER_NO_CODE_CACHE=1`: compile from source, read and write no cache. */
const key = process.env.BACKTESTER_NO_CODE_CACHE === undefined ? buildKey() : undefined;
const built = key !== undefined && key.node === process.version && key.file === file;
const localCache = key && !built ? localCachePath(key) : undefined;
const cachedData = built ? read(builtCache) : localCache ? read(localCache) : undefined;
const source = fs.readFileSync(file, 'utf8');
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __btImport) {${source}\n})`, { filename: file, cachedData });
const used = cachedData !== undefined && !script.cachedDataRejected;
const core: { exports: Record<string, unknown> } = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)
  .call(core.exports, core.exports, Module.createRequire(file), core, file, __dirname, importFromLoader);

// No usable cache: keep this run's bytecode for the next one (main thread, once, atomically).
if (!used && localCache !== undefined && workerThreads.isMainThread) {
  process.once('exit', () => {
    try {
      fs.mkdirSync(path.dirname(localCache), { recursive: true, mode: 0o700 });
      const tmp = `${localCache}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, localCache);
    } catch {
      // A cache that cannot be written only costs the next start its compile time.
    }
  });
}

export = {
  /** The bundle's exports (src/bundle-core.ts). */
  engine: core.exports,
  /** Whether V8 took a code cache for the script. */
  codeCacheUsed: used,
  /** What the build writes beside the cache it makes in this thread, as `core.cache.key`. */
  codeCacheKey: (): string => JSON.stringify({ node: process.version, file, sha256: crypto.createHash('sha256').update(source).digest('hex') }),
  /** The bytecode compiled so far in this thread (the build stores it as `core.cache`). */
  createCodeCache: (): Buffer => script.createCachedData(),
};
