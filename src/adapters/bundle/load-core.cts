/**
 * Loads the bundled engine (`core.cjs`, one CommonJS script: scripts/bundle.mjs) with a V8 code
 * cache. Node 20 compiles every ES module from source at each start and has no compile cache
 * (`module.enableCompileCache` came in Node 22), so the bundle's code is one classic script
 * compiled through `vm.Script` with the bytecode of an earlier run: V8 then skips parsing and
 * compiling what the cache holds (a year-of-1h backtest starts ~30 ms sooner).
 *
 * Which cache: the build's (`core.cache`, made by a small workload at build time) when it was
 * made for this very file (same path, size and modification time) by this Node version
 * (`core.cache.key`) and V8 takes it; otherwise one made on this machine for this build, path,
 * Node and flags, in `<cache dir>/code-cache/` (the candle cache's folder: `$BACKTESTER_CACHE_DIR`,
 * else `$XDG_CACHE_HOME/backtester`, else `~/.cache/backtester`), written when the first run
 * without a usable cache exits. That folder is used only when it is a real directory owned by
 * this user and closed to others (a cache is code this process runs). V8 ties a cache to the
 * script's path (restored code names the path it was made at in stack traces) and refuses one
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

const sha256 = (text: string | Buffer) => crypto.createHash('sha256').update(text).digest('hex');

function read(p: string): Buffer | undefined {
  try {
    return fs.readFileSync(p);
  } catch {
    return undefined;
  }
}

/** What the build wrote beside its cache (scripts/bundle.mjs): its Node, core.cjs's path (hashed), size, time and content hash. */
interface CacheKey { node: string; path: string; size: number; mtimeMs: number; sha256: string }

function buildKey(): CacheKey | undefined {
  try {
    return JSON.parse(fs.readFileSync(`${builtCache}.key`, 'utf8')) as CacheKey;
  } catch {
    return undefined; // no key (a bundle being built): no cache
  }
}

/** The per-user cache folder, as src/adapters/cache/cache-dir.ts finds it (this file cannot import the bundle's modules). */
function userCacheDir(): string {
  const own = process.env.BACKTESTER_CACHE_DIR?.trim();
  if (own) return path.resolve(own);
  const xdg = process.env.XDG_CACHE_HOME?.trim();
  return xdg ? path.resolve(xdg, 'backtester') : path.join(os.homedir(), '.cache', 'backtester');
}

/** Whether `dir` is a real directory of this user that no one else may write (or read). */
function ownPrivateDir(dir: string): boolean {
  try {
    const st = fs.lstatSync(dir);
    return st.isDirectory() && (process.getuid === undefined || st.uid === process.getuid()) && (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

function importFromLoader(specifier: string): Promise<unknown> {
  return import(specifier);
}

/** `BACKTESTER_NO_CODE_CACHE` (any value): compile from source, read and write no cache. */
const key = process.env.BACKTESTER_NO_CODE_CACHE === undefined ? buildKey() : undefined;
const stat = fs.statSync(file);
const sameFile = key !== undefined && key.size === stat.size && key.mtimeMs === stat.mtimeMs;
const fromBuild = sameFile && key.node === process.version && key.path === sha256(file);
const localDir = key !== undefined ? path.join(userCacheDir(), 'code-cache') : undefined;
// This build, this path and this file's size and time, this Node, these flags.
const localCache = localDir && key
  ? path.join(localDir, `${sha256([process.version, file, stat.size, stat.mtimeMs, key.sha256, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? ''].join('\0')).slice(0, 32)}.bin`)
  : undefined;
const source = fs.readFileSync(file, 'utf8');

function compile(cachedData: Buffer | undefined): vm.Script {
  return new vm.Script(`(function (exports, require, module, __filename, __dirname, __btImport) {${source}\n})`, { filename: file, cachedData });
}

// With V8 flags (NODE_OPTIONS, node's own options) V8 would refuse the build's cache: this
// machine's own cache (made under the same flags) is tried first then.
const flagged = process.execArgv.length > 0 || (process.env.NODE_OPTIONS ?? '').trim() !== '';
const candidates = [fromBuild ? builtCache : undefined, localCache !== undefined && ownPrivateDir(localDir!) ? localCache : undefined];
if (flagged) candidates.reverse();
let script: vm.Script | undefined;
let used = false;
for (const c of candidates) {
  const data = c === undefined ? undefined : read(c);
  if (data === undefined) continue;
  script = compile(data);
  used = !script.cachedDataRejected;
  if (used) break;
}
script ??= compile(undefined);
const core: { exports: Record<string, unknown> } = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)
  .call(core.exports, core.exports, Module.createRequire(file), core, file, __dirname, importFromLoader);

// No usable cache: keep this run's bytecode for the next one (main thread, once, atomically).
if (!used && localCache !== undefined && workerThreads.isMainThread) {
  process.once('exit', () => {
    try {
      fs.mkdirSync(localDir!, { recursive: true, mode: 0o700 });
      if (!ownPrivateDir(localDir!)) return;
      const tmp = `${localCache}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script!.createCachedData(), { flag: 'wx', mode: 0o600 });
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
  codeCacheKey: (): string => JSON.stringify({ node: process.version, path: sha256(file), size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(source) } satisfies CacheKey),
  /** The bytecode compiled so far in this thread (the build stores it as `core.cache`). */
  createCodeCache: (): Buffer => script!.createCachedData(),
};
