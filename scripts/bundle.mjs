/**
 * `npm run build` step after `tsc -b`: bundles the compiled package into `dist/bundle/` with
 * esbuild, for the bin. Node 20 pays about a millisecond per ES module it loads and compiles every
 * module from source at each start (it has no compile cache); the bundle is ONE CommonJS script,
 * `core.cjs` (src/bundle-core.ts: the strategy-authoring API at once, the CLI, the library, the
 * optimizer's worker and the strategy host behind lazy loaders), loaded by `load-core.cjs`
 * (src/adapters/bundle/load-core.cts) with a V8 code cache, `core.cache`, made here by running a
 * small workload (--help, a backtest, an optimization on the sample market) and keeping the
 * bytecode V8 compiled for it. The heavy optional libraries (ccxt, apache-arrow, echarts, bullmq,
 * esbuild, tsx) stay ordinary imports, loaded only by the commands that need them; piscina's pool
 * side is bundled (below).
 *
 * Beside the core, small files that all load the same core (one set of classes per thread):
 * `backtester.cjs` (the bin, package.json "bin": CommonJS, as Node 20 starts a CommonJS entry
 * ~6 ms sooner than an ES module one, whose loader it then never needs for a built-in strategy),
 * and the ES module facades `backtester.js` (the same bin, for whoever runs that file), `index.js`
 * and `strategy-api.js` (what a strategy file's `import … from 'backtester'` resolves to,
 * src/adapters/strategy/self-alias.ts) and `strategy-host-worker.js`; piscina's worker,
 * `optimize-worker-entry.cjs` (src/adapters/bundle/optimize-worker-entry.cts), is CommonJS too.
 *
 * Every bundled module keeps its own `import.meta.url` (rewritten to the URL of its file in dist/),
 * so paths it computes relative to itself (config/, package.json) are unchanged, and
 * `process.env.BACKTESTER_BUNDLE_URL` (src/adapters/fs/bundle-location.ts) becomes the URL of
 * `core.cjs`: the pool then starts the bundle's worker and strategy files import its facades.
 * `node scripts/bundle.mjs [outdir]` (default dist/bundle; the tests build into a temp folder).
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.resolve(process.argv[2] ?? path.join(dist, 'bundle'));
// Built next to its final place, then swapped in: a run using the old bundle never sees half of it.
const stage = `${out}.${process.pid}.tmp`;

const EXTERNAL = ['ccxt', 'apache-arrow', 'echarts', 'bullmq', 'ioredis', 'esbuild', 'tsx', 'tsx/*', 'msgpackr', 'msgpackr-extract'];

const importModuleFile = path.join(dist, 'base', 'import-module.js');

/** Rewrites `import.meta.url` in each dist module to that module's own URL, relative to the core file. */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, (args) => {
      // Dynamic imports go through the loader (no import() runs from a code cache on Node 20).
      if (args.path === importModuleFile) return { contents: 'export const importModule = (specifier) => __btImport(specifier);', loader: 'js' };
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url') && !text.includes('process.env.BACKTESTER_BUNDLE_URL')) return undefined;
      const rel = path.relative(out, args.path).split(path.sep).join('/');
      // Not inside a quoted name (compile-ts.ts passes 'import.meta.url' to esbuild's define).
      const own = text.replace(/(?<!['"`])import\.meta\.url/g, `new URL(${JSON.stringify(rel)}, __btCoreUrl).href`);
      return { contents: own.replaceAll('process.env.BACKTESTER_BUNDLE_URL', '__btCoreUrl'), loader: 'js' };
    });
  },
};

/**
 * piscina's pool side goes into the core (its 14 modules cost an optimization ~7-12 ms to resolve
 * and compile before the first worker thread starts; in the core they come from the code cache).
 * It starts each thread on its own `worker.js` found next to itself (`__dirname`): in the bundle
 * that is `piscina-worker.cjs`, its thread side bundled from the same piscina below (the two
 * halves speak one protocol, whatever piscina an install of the package resolves).
 */
const PISCINA_WORKER = 'piscina-worker.cjs';
const piscinaWorkerFile = {
  name: 'piscina-worker-file',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]piscina[\\/]dist[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const own = "(0, node_path_1.resolve)(__dirname, 'worker.js')";
      if (!text.includes(own)) throw new Error(`piscina changed: ${args.path} no longer names ${own}; update scripts/bundle.mjs`);
      // __dirname: the core's folder (load-core.cjs passes it).
      return { contents: text.replace(own, `(0, node_path_1.join)(__dirname, ${JSON.stringify(PISCINA_WORKER)})`), loader: 'js' };
    });
  },
};

/** Named exports of a dist entry, for its facade (types need none: a facade serves running code). */
async function exportNames(entry) {
  return Object.keys(await import(pathToFileURL(path.join(dist, entry)).href)).filter((k) => k !== 'default').sort();
}

const facadeHead = "import { createRequire } from 'node:module';\nconst { engine } = createRequire(import.meta.url)('./load-core.cjs');\n";
const reexport = (from, names) => `export const { ${names.join(', ')} } = ${from};\n`;

rmSync(stage, { recursive: true, force: true });
await build({
  entryPoints: { core: path.join(dist, 'bundle-core.js') },
  outdir: stage, outExtension: { '.js': '.cjs' }, bundle: true, format: 'cjs', platform: 'node', target: 'node20',
  external: EXTERNAL, plugins: [ownUrl, piscinaWorkerFile], logLevel: 'warning',
  banner: { js: "var __btCoreUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// piscina's thread side (the file each of its worker threads starts on), from the same package.
await build({
  entryPoints: [path.join(path.dirname(createRequire(import.meta.url).resolve('piscina')), 'worker.js')],
  outfile: path.join(stage, PISCINA_WORKER), bundle: true, format: 'cjs', platform: 'node', target: 'node20',
  external: ['@napi-rs/nice'], logLevel: 'error',
});
// ASCII only: esbuild escapes non-ASCII text in strings and names (its default charset) but keeps it
// in the comments it preserves (a few "—", "×", "→"). One such character makes the whole 1.5 MB
// source a two-byte string: Node decodes it on the slow path and V8 holds twice the bytes, ~4 ms
// more at each thread's start. In a comment `\u2014` reads as well.
const coreFile = path.join(stage, 'core.cjs');
writeFileSync(coreFile, readFileSync(coreFile, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
copyFileSync(path.join(dist, 'adapters/bundle/load-core.cjs'), path.join(stage, 'load-core.cjs'));
// piscina's worker entry: CommonJS over the same core, no ES module loader in the thread (see its source).
copyFileSync(path.join(dist, 'adapters/bundle/optimize-worker-entry.cjs'), path.join(stage, 'optimize-worker-entry.cjs'));
const bin = "#!/usr/bin/env node\n'use strict';\nrequire('./load-core.cjs').engine.loadBin().then((bin) => bin.startBin(process.argv.slice(2)));\n";
const facades = {
  'backtester.cjs': bin,
  'backtester.js': `#!/usr/bin/env node\n${facadeHead}(await engine.loadBin()).startBin(process.argv.slice(2));\n`,
  'index.js': `${facadeHead}const lib = await engine.loadIndex();\n${reexport('lib', await exportNames('index.js'))}`,
  'strategy-api.js': `${facadeHead}${reexport('engine', await exportNames('strategy-api.js'))}`,
  'strategy-host-worker.js': `${facadeHead}await engine.loadStrategyHostWorker();\n`,
};
for (const [name, text] of Object.entries(facades)) writeFileSync(path.join(stage, name), text, { mode: name.startsWith('backtester.') ? 0o755 : 0o644 });

const old = `${out}.${process.pid}.old`;
if (existsSync(out)) renameSync(out, old);
renameSync(stage, out);
rmSync(old, { recursive: true, force: true });

// The code cache, made in place (V8 ties it to the script's path), in a separate process: the
// bytecode V8 compiles for a help page, backtests with every output on the sample market and on
// a CSV file (written here from the sample market's candles), and a small optimization.
const work = mkdtempSync(path.join(tmpdir(), 'bt-code-cache-'));
try {
  const period = ['--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2023-04-01', '--no-rich'];
  const sample = ['--exchange', 'sample', ...period];
  const runs = [
    ['--help'],
    [...sample, '--output', path.join(work, 'single')],
    ['--exchange', 'csv', '--data-dir', path.join(work, 'single'), ...period, '--no-warmup', '--output', path.join(work, 'csv')],
    [...sample, '--optimize', '--workers', '1', '--output', path.join(work, 'opt')],
  ];
  const script = `
    const fs = require('node:fs');
    const { engine, createCodeCache, codeCacheKey } = require(${JSON.stringify(path.join(out, 'load-core.cjs'))});
    (async () => {
      const { main } = await engine.loadCli();
      await engine.loadIndex();
      for (const argv of ${JSON.stringify(runs)}) {
        if (argv.includes('csv')) {
          // BTC-USDT_1h.csv from the first run's equity.csv closes (a flat candle per bar is enough).
          const rows = fs.readFileSync(${JSON.stringify(path.join(work, 'single', 'equity.csv'))}, 'utf8').trim().split('\\n').slice(1)
            .map((l) => { const c = l.split(','); return [c[0], c[4], c[4], c[4], c[4], 1].join(','); });
          fs.writeFileSync(${JSON.stringify(path.join(work, 'single', 'BTC-USDT_1h.csv'))}, ['timestamp,open,high,low,close,volume', ...rows, ''].join('\\n'));
        }
        const code = await main(argv);
        if (code !== 0) throw new Error('code cache workload: backtester ' + argv.join(' ') + ' exited ' + code);
      }
      fs.writeFileSync(${JSON.stringify(path.join(out, 'core.cache'))}, createCodeCache());
      fs.writeFileSync(${JSON.stringify(path.join(out, 'core.cache.key'))}, codeCacheKey());
    })().catch((e) => { console.error(e); process.exit(1); });`;
  try {
    execFileSync(process.execPath, ['-e', script], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', BACKTESTER_NO_CODE_CACHE: '1', BACKTESTER_CACHE_DIR: path.join(work, 'cache') } });
  } catch (e) {
    throw new Error(`making the code cache failed:\n${e.stderr ?? e.message}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

