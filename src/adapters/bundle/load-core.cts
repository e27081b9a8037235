/**
 * Loads the bundled engine (`core.cjs`, one CommonJS script: scripts/bundle.mjs) with a V8 code
 * cache. Node 20 compiles every ES module from source at each start and has no compile cache
 * (`module.enableCompileCache` came in Node 22), so the bundle's code is one classic script
 * compiled through `vm.Script` with the bytecode of an earlier run: V8 then skips parsing and
 * compiling what the cache holds (a year-of-1h backtest starts ~30 ms sooner).
 *
 * Which cache: the build's (`core.cache`, made by a small workload at build time) when it was
 * made for this very file by this Node version (`core.cache.key`); otherwise one this machine
 * made, in `<tmpdir>/backtester-code-cache-<uid>/`, written when the first run without a usable
 * cache exits. V8 ties a cache to the script's path (its stack traces name it) and refuses one
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
const source = fs.readFileSync(file, 'utf8');
/** What a cache is valid for: this Node, this file, this build of it. */
const key = `${process.version} ${file} ${source.length} ${crypto.createHash('sha256').update(source).digest('hex').slice(0, 16)}`;
const builtCache = path.join(__dirname, 'core.cache');
const localCache = path.join(os.tmpdir(), `backtester-code-cache-${process.getuid?.() ?? 'user'}`,
  `${crypto.createHash('sha256').update(key).digest('hex').slice(0, 32)}.bin`);

function read(p: string): Buffer | undefined {
  try {
    return fs.readFileSync(p);
  } catch {
    return undefined;
  }
}

function importFromLoader(specifier: string): Promise<unknown> {
  return import(specifier);
}

/** `BACKTESTER_NO_CODE_CACHE=1`: compile from source, read and write no cache. */
const off = process.env.BACKTESTER_NO_CODE_CACHE !== undefined;
const built = read(`${builtCache}.key`)?.toString('utf8') === key;
const cachedData = off ? undefined : built ? read(builtCache) : read(localCache);
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __btImport) {${source}\n})`, { filename: file, cachedData });
const used = cachedData !== undefined && !script.cachedDataRejected;
const core: { exports: Record<string, unknown> } = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)
  .call(core.exports, core.exports, Module.createRequire(file), core, file, __dirname, importFromLoader);

// No usable cache: keep this run's bytecode for the next one (main thread, once, atomically).
if (!used && !off && workerThreads.isMainThread) {
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
  /** What a code cache must have been made for (the build writes it as `core.cache.key`). */
  codeCacheKey: key,
  /** The bytecode compiled so far in this thread (the build stores it as `core.cache`). */
  createCodeCache: (): Buffer => script.createCachedData(),
};
