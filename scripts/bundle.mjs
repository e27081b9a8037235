/**
 * `npm run build` step after `tsc -b`: bundles the compiled CLI, the optimizer's worker and the two
 * package entries into `dist/bundle/` with esbuild (ES modules, shared chunks, lazy imports kept
 * lazy). Node 20 pays about a millisecond per ES module it loads, and a backtest loaded ~300 of
 * them (zod alone ~95) before doing any work; the bundle loads a handful. The heavy optional
 * libraries (ccxt, apache-arrow, echarts, piscina, bullmq, esbuild, tsx) stay ordinary imports,
 * loaded only by the commands that need them.
 *
 * Every bundled module keeps its own `import.meta.url` (rewritten to the URL of its file in dist/),
 * so paths it computes relative to itself (config/, package.json) are unchanged, and
 * `process.env.BACKTESTER_BUNDLE_URL` (src/adapters/fs/bundle-location.ts) becomes the URL of the
 * bundle file: the pool then starts the bundled worker and strategy files import the bundle's own
 * entries (one BaseStrategy for the engine and the file).
 * `node scripts/bundle.mjs [outdir]` (default dist/bundle; the tests build into a temp folder).
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.resolve(process.argv[2] ?? path.join(dist, 'bundle'));
// Built next to its final place, then swapped in: a run using the old bundle never sees half of it.
const stage = `${out}.${process.pid}.tmp`;

const EXTERNAL = ['ccxt', 'apache-arrow', 'echarts', 'piscina', 'bullmq', 'ioredis', 'esbuild', 'tsx', 'tsx/*', 'msgpackr', 'msgpackr-extract'];

/** Rewrites `import.meta.url` in each dist module to that module's own URL, relative to the bundle file. */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url') && !text.includes('process.env.BACKTESTER_BUNDLE_URL')) return undefined;
      const rel = path.relative(out, args.path).split(path.sep).join('/');
      // Not inside a quoted name (compile-ts.ts passes 'import.meta.url' to esbuild's define).
      const own = text.replace(/(?<!['"`])import\.meta\.url/g, `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
      return { contents: own.replaceAll('process.env.BACKTESTER_BUNDLE_URL', 'import.meta.url'), loader: 'js' };
    });
  },
};

rmSync(stage, { recursive: true, force: true });
await build({
  entryPoints: {
    backtester: path.join(dist, 'adapters/cli/main.js'),
    'optimize-worker': path.join(dist, 'adapters/pool/optimize-worker.js'),
    index: path.join(dist, 'index.js'),
    'strategy-api': path.join(dist, 'strategy-api.js'),
  },
  outdir: stage, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
  external: EXTERNAL, plugins: [ownUrl], logLevel: 'warning', chunkNames: '[name]-[hash]' /* next to the entries: one base for the import.meta.url rewrite */,
  // CommonJS dependencies bundled into ES modules (commander, pino) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __btCreateRequire } from 'node:module'; const require = __btCreateRequire(import.meta.url);" },
});
// piscina loads a CommonJS entry that imports the ES module worker next to it (see optimize-worker-entry.cts).
copyFileSync(path.join(dist, 'adapters/pool/optimize-worker-entry.cjs'), path.join(stage, 'optimize-worker-entry.cjs'));
const old = `${out}.${process.pid}.old`;
if (existsSync(out)) renameSync(out, old);
renameSync(stage, out);
rmSync(old, { recursive: true, force: true });
