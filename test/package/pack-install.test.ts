/**
 * The package as a user gets it: `npm pack`, installed from the tarball into a fresh project
 * (offline, from the npm cache that `npm install`/`npm ci` filled), then the README's library
 * snippet, an example strategy shipped in the package, `backtester init`, and the public type
 * declarations under `skipLibCheck: false`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared-data.js';
import { tempDir } from '../support/run-cli.js';

interface Run { code: number; stdout: string; stderr: string }

function run(cmd: string, args: readonly string[], cwd: string, timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) }));
  });
}

/** The first ```ts block of the README's "As a library" section, as the user would paste it. */
function readmeLibrarySnippet(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## As a library'));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README.md has no ```ts block under "## As a library"');
  return m[1];
}

/**
 * A lockfile for a project that depends on the tarball only: this repository's lock without its dev
 * packages (their layout is npm's own for our runtime dependencies), so the install is offline.
 */
function consumerLock(spec: string): unknown {
  const ours = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    lockfileVersion: number; packages: Record<string, { dev?: boolean; dependencies?: Record<string, string>; version?: string }>;
  };
  const root = ours.packages[''];
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { backtester: spec } },
    'node_modules/backtester': { version: root.version, resolved: spec, license: 'MIT', dependencies: root.dependencies },
  };
  for (const [path, entry] of Object.entries(ours.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
  return { name: 'consumer', lockfileVersion: ours.lockfileVersion, requires: true, packages };
}

const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
let project = '';
let cliBin = '';

describe('the packed package in a fresh project', () => {
  beforeAll(async () => {
    const packDir = await tempDir('bt-pack-');
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir], repoRoot);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = (await readdir(packDir)).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    project = await tempDir('bt-consumer-');
    const spec = `file:${join(packDir, tarball!)}`;
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { backtester: spec } }));
    await writeFile(join(project, 'package-lock.json'), JSON.stringify(consumerLock(spec)));
    // `npm ci` from a lockfile needs only the tarballs, which `npm ci`/`npm install` here already cached.
    const installed = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
    expect(installed.code, installed.stderr).toBe(0);
    // The package's bin: the file its package.json "bin" names (dist/bundle/backtester.cjs).
    const pkgDir = join(project, 'node_modules', 'backtester');
    cliBin = join(pkgDir, (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.backtester);
  }, 300_000);

  it('ships its docs, examples, LICENSE and config, and no build bookkeeping', () => {
    const pkg = join(project, 'node_modules', 'backtester');
    for (const f of ['README.md', 'LICENSE', 'docs/metrics.md', 'docs/strategies.md', 'examples/strategies/rsi-reversion.ts',
      'config/strategy_params/dma_atr_trend_params.json', 'dist/index.d.ts']) {
      expect(existsSync(join(pkg, f)), f).toBe(true);
    }
    expect(existsSync(join(pkg, 'dist', '.tsbuildinfo'))).toBe(false);
    // Every relative link of the README resolves inside the package.
    const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(5);
    for (const l of links) expect(existsSync(join(pkg, l)), `README link ${l}`).toBe(true);
  });

  it('runs the README library snippet as written', async () => {
    // The snippet is TypeScript as a user would paste it into a .ts file; tsx (a dependency) runs it.
    await writeFile(join(project, 'snippet.ts'), readmeLibrarySnippet());
    const r = await run(process.execPath, ['--import', 'tsx', 'snippet.ts'], project);
    expect(r.code, r.stderr).toBe(0);
    // The snippet writes a backtest to results/api and an optimization to results/opt, each complete.
    const manifest = JSON.parse(await readFile(join(project, 'results', 'api', 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toBeTypeOf('object');
    expect(existsSync(join(project, 'results', 'api', 'performance_metrics.csv'))).toBe(true);
    expect(existsSync(join(project, 'results', 'opt', 'run.json'))).toBe(true);
    expect(existsSync(join(project, 'results', 'opt', 'best_params.json'))).toBe(true);
    // It prints labelled statistics: names with their values.
    expect(r.stdout).toMatch(/^total_return -?\d/m);
    expect(r.stdout).toMatch(/^sharpe_ratio /m);
  }, 300_000);

  it('runs an example strategy shipped in the package, and `backtester init` copies one without overwriting', async () => {
    const ex = await run(process.execPath, [cliBin, '--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '4h',
      '--start', '2023-01-01', '--end', '2024-01-01', '--strategy', 'node_modules/backtester/examples/strategies/rsi-reversion.ts',
      '--output', 'results/rsi'], project);
    expect(ex.code, ex.stderr).toBe(0);
    expect(existsSync(join(project, 'results', 'rsi', 'run.json'))).toBe(true);

    const init = await run(process.execPath, [cliBin, 'init', 'mine'], project);
    expect(init.code, init.stderr).toBe(0);
    const copied = join(project, 'mine', 'rsi-reversion.ts');
    expect(readFileSync(copied, 'utf8')).toBe(readFileSync(join(repoRoot, 'examples', 'strategies', 'rsi-reversion.ts'), 'utf8'));
    await writeFile(copied, '// my edits\n');
    const again = await run(process.execPath, [cliBin, 'init', 'mine'], project);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(copied, 'utf8')).toBe('// my edits\n');

    const own = await run(process.execPath, [cliBin, '--exchange', 'sample', '--symbols', 'ETH/USDT', '--timeframe', '1d',
      '--start', '2022-01-01', '--end', '2024-01-01', '--config', 'mine/dma_atr_trend_params.json', '--output', 'results/own'], project);
    expect(own.code, own.stderr).toBe(0);
  }, 300_000);

  it('its type declarations compile with skipLibCheck: false (no ccxt types leak)', async () => {
    await writeFile(join(project, 'main.ts'), [
      "import { BacktestRunner, computeMetrics, sma, type BacktestResult } from 'backtester';",
      "const runner = new BacktestRunner({ exchange: 'sample' });",
      "const data = await runner.loadData('BTC/USDT', '1d', '2023-01-01', '2024-01-01');",
      "const out = await runner.runSingleBacktest(data, 'dma_atr_trend', {}, {}, 'results/types');",
      'const first: BacktestResult = out.results[0];',
      'console.log(first, typeof computeMetrics, sma(new Float64Array(3), 2));',
      '',
    ].join('\n'));
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false,
        types: ['node'], typeRoots: [join(repoRoot, 'node_modules', '@types')],
      },
      files: ['main.ts'],
    }));
    const r = await run(process.execPath, [tsc, '-p', '.'], project);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);
});
