/**
 * The CLI as a user meets it: whole processes, timed from spawn to exit (median of several runs,
 * with a bare `node -e 0` measured in the same run for reference), their peak RSS, and the size
 * of what they write. `npx tsx bench/cli.bench.ts [runs] [big]` after `npm run build`.
 *   --help; a single CSV backtest of a year of 1h (real BTC/USDT from ../shared/data, else the
 *   sample market) with all outputs; the guide's 1,200-combination grid with all outputs; the same
 *   grid with a .ts strategy file (compiled once into the strategy cache, as on a user's second run),
 *   and for comparison with the same class in a .mjs file; a single backtest with each file.
 * With `big`: a year of 1m (525,600 bars) and three years of 1m (1.58 M bars) single runs on the
 * sample market (peak RSS and the largest page), and a 5x swap year of 1m (many more trades: the
 * largest page of a year of 1m, issue 15 item 5: < 5 MB). With `pages` only the report sizes: the
 * year of 1h, the year of 1m spot and the 5x swap year of 1m, each page's size (one run each) and
 * each page's open time in headless Chromium (bench/page-open.ts). With `million` (or BENCH_MILLION=1 under
 * `npm run bench`; it takes minutes): a 1,000,000-combination grid on the year of 1h (issue 15
 * item 6: peak RSS < 600 MB), with the sizes of optimization_results.arrow and .csv.
 * Targets (2-core machine): --help < 3× bare node,
 * single < 0.35 s, grid < 0.5 s, .ts grid < 0.7 s. The machine may be shared: the load average is shown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataDir } from '../test/support/shared-data.js';
import { formatOpenTime, hasBrowser, pageOpenTimes } from './page-open.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The bin as installed: the file package.json's "bin" names, the bundle's CommonJS bin
// (npm run bench builds it; scripts/bundle.mjs).
const CLI = path.join(root, (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.backtester);
const runs = Number(process.argv[2] ?? 7);
const big = process.argv.includes('big');
const million = process.argv.includes('million') || process.env.BENCH_MILLION === '1';
const pagesOnly = process.argv.includes('pages');
const tmp = mkdtempSync(path.join(tmpdir(), 'bt-cli-bench-'));
const env = { ...process.env, NO_COLOR: '1', BACKTESTER_CACHE_DIR: path.join(tmp, 'cache') };
const hasTime = existsSync('/usr/bin/time');

interface Sample { seconds: number; rssMb: number; cpu: number }

/**
 * One process: wall time from spawn to exit, and peak RSS and CPU time (user + system, all threads)
 * from GNU time when installed. CPU time moves far less than wall time on a shared machine.
 */
function once(args: readonly string[]): Sample {
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = hasTime ? ['-f', '%M %U %S', process.execPath, ...args] : [...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: tmp, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  const [kb, user, sys] = hasTime ? (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : [NaN, NaN, NaN];
  return { seconds, rssMb: kb / 1024, cpu: user + sys };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bench(label: string, args: (i: number) => string[], n = runs, target = ''): Sample {
  const s: Sample[] = [];
  for (let i = 0; i < n; i++) s.push(once(args(i)));
  const m = { seconds: median(s.map((x) => x.seconds)), rssMb: Math.max(...s.map((x) => x.rssMb)), cpu: median(s.map((x) => x.cpu)) };
  const cpu = hasTime ? `  CPU median ${m.cpu.toFixed(2)} s best ${Math.min(...s.map((x) => x.cpu)).toFixed(2)} s` : '';
  console.log(`  ${label.padEnd(44)} median ${m.seconds.toFixed(3)} s  best ${Math.min(...s.map((x) => x.seconds)).toFixed(3)} s  peak RSS ${m.rssMb.toFixed(0)} MB${cpu}${target ? `  (${target})` : ''}`);
  return m;
}

/** Sizes in a folder (recursively), but not below `skip` names. */
function sizes(dir: string, skip: readonly string[] = []): { total: number; largest: [string, number] } {
  let total = 0;
  let largest: [string, number] = ['', 0];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (skip.includes(e.name)) continue;
    if (e.isDirectory()) {
      const s = sizes(p, skip);
      total += s.total;
      if (s.largest[1] > largest[1]) largest = s.largest;
    } else {
      const b = statSync(p).size;
      total += b;
      if (e.name.endsWith('.html') && b > largest[1]) largest = [path.relative(dir, p), b];
    }
  }
  return { total, largest };
}
const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;

/** Every page of a run folder with its size, largest first. */
function pageSizes(dir: string): string {
  return readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => [f, statSync(path.join(dir, f)).size] as const)
    .sort((a, b) => b[1] - a[1]).map(([f, b]) => `${f} ${mb(b)}`).join(', ');
}

const real = existsSync(path.join(sharedDataDir, 'binance_BTC-USDT_1h.csv'));
const data = real ? ['--exchange', 'csv', '--data-dir', sharedDataDir] : ['--exchange', 'sample'];
const year = ['--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2024-01-01'];
const out = (name: string, i: number) => ['--output', path.join(tmp, `${name}-${i}`)];
const grid = ['--optimize', '--metric', 'sharpe_ratio', '--method', 'grid', '--workers', '2'];
/** The default DMA config with a strategy file in place of the built-in (same parameters and ranges). */
function fileConfig(file: string): string {
  const c = JSON.parse(readFileSync(path.join(root, 'config', 'strategy_params', 'dma_atr_trend_params.json'), 'utf8'));
  delete c.strategy_class;
  c.strategy = file;
  c.trend_confirmation.use_adx = c.trend_confirmation.use_adx_filter; // the class has no alias table
  delete c.trend_confirmation.use_adx_filter;
  const out = path.join(tmp, `${path.basename(file)}.json`);
  writeFileSync(out, JSON.stringify(c));
  return out;
}
const tsConfig = fileConfig(path.join(root, 'bench', 'fixtures', 'dma-strategy.ts'));
const jsConfig = fileConfig(path.join(root, 'bench', 'fixtures', 'dma-strategy.mjs'));

/**
 * Report sizes (they do not depend on the machine's load), one run of each, and how long each
 * page takes to open in headless Chromium (issue 15 item 5: < 1 s; median of 3 opens after a
 * warm-up, split into decoding, building options, setOption and drawing: bench/page-open.ts).
 */
async function reportSizes(): Promise<void> {
  console.log('Report sizes (issue 15 item 5: a year of 1h folder < 1.5 MB apart from the shared ECharts; largest page of a year of 1m < 5 MB)');
  const m1 = ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1m', '--start', '2023-01-01', '--end', '2024-01-01'];
  const cases: [string, string[]][] = [
    ['a year of 1h', [...data, ...year]],
    ['a year of 1m, spot', m1],
    ['a year of 1m, 5x swap', [...m1, '--market', 'swap', '--leverage', '5']],
  ];
  const dirs: [string, string][] = [];
  cases.forEach(([label, args], i) => {
    const dir = path.join(tmp, `pages-${i}`);
    once([CLI, ...args, '--output', dir]);
    const s = sizes(dir, ['assets']);
    console.log(`  ${label.padEnd(24)} folder ${mb(s.total)} apart from the shared ECharts; pages: ${pageSizes(dir)}`);
    dirs.push([label, dir]);
  });
  if (!hasBrowser) {
    console.log('  page open times: skipped (needs Debian chromium at /usr/bin/chromium)');
    return;
  }
  console.log(`Page open times in headless Chromium, navigation start to every chart drawn (target < 1 s); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const [label, dir] of dirs) {
    console.log(`  ${label}`);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.html') && f !== 'index.html').sort();
    for (const t of await pageOpenTimes(dir, pages, 3)) console.log(`    ${formatOpenTime(t)}`);
  }
}

/** The whole-process timings (and with `big` / `million` the large runs). */
function timings(): void {
  console.log(`CLI whole-process timings, ${runs} runs each, ${real ? 'real BTC/USDT 1h 2023 (../shared/data)' : 'SYNTHETIC sample market (../shared/data absent)'}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const bare = bench('node -e 0 (reference)', () => ['-e', '0']);
  const help = bench('backtester --help', () => [CLI, '--help'], runs, `target < 3× bare node = ${(3 * bare.seconds).toFixed(3)} s`);
  console.log(`    --help / bare node = ${(help.seconds / bare.seconds).toFixed(2)}×`);
  bench('single backtest, 1 year of 1h, all outputs', (i) => [CLI, ...data, ...year, ...out('single', i)], runs, 'target < 0.35 s');
  const one = sizes(path.join(tmp, 'single-0'), ['assets']);
  console.log(`    run folder ${mb(one.total)} apart from the shared ECharts (target < 1.5 MB); largest page ${one.largest[0]} ${mb(one.largest[1])}`);
  bench('grid 1,200 combinations, all outputs', (i) => [CLI, ...data, ...year, ...grid, ...out('grid', i)], runs, 'target < 0.5 s');
  once([CLI, ...data, ...year, ...grid, '--config', tsConfig, ...out('ts-warm', 0)]); // compiles the .ts file into the cache
  bench('grid 1,200 combinations, .ts strategy file', (i) => [CLI, ...data, ...year, ...grid, '--config', tsConfig, ...out('ts', i)], runs, 'target < 0.7 s');
  bench('grid 1,200 combinations, .mjs strategy file', (i) => [CLI, ...data, ...year, ...grid, '--config', jsConfig, ...out('js', i)], runs);
  bench('single backtest, .ts strategy file', (i) => [CLI, ...data, ...year, '--config', tsConfig, ...out('ts1', i)], runs, 'vs .mjs: target < +0.1 s');
  bench('single backtest, .mjs strategy file', (i) => [CLI, ...data, ...year, '--config', jsConfig, ...out('js1', i)], runs);
  if (million) {
    // 50 × 200 × 10 × 10 = 1,000,000 combinations of the DMA-ATR strategy.
    const ranges = ['short_ma_window=5:54:1', 'long_ma_window=60:259:1', 'atr_period=10:19:1', 'sl_atr_multiplier=1:5.5:0.5']
      .flatMap((r) => ['--range', r]);
    bench('grid 1,000,000 combinations, 1 year of 1h', (i) => [CLI, ...data, ...year, ...grid, ...ranges, ...out('million', i)], 1, 'target peak RSS < 600 MB');
    const dir = path.join(tmp, 'million-0');
    const size = (f: string) => (existsSync(path.join(dir, f)) ? mb(statSync(path.join(dir, f)).size) : 'absent');
    console.log(`    optimization_results.arrow ${size('optimization_results.arrow')}, optimization_results.csv ${size('optimization_results.csv')}`);
  }
  if (big) {
    const sample = ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1m'];
    bench('single, 1 year of 1m (525,600 bars)', (i) => [CLI, ...sample, '--start', '2023-01-01', '--end', '2024-01-01', ...out('m1', i)], 1);
    const m1 = sizes(path.join(tmp, 'm1-0'), ['assets']);
    console.log(`    largest page ${m1.largest[0]} ${mb(m1.largest[1])} (target < 5 MB); folder ${mb(m1.total)}`);
    bench('single, 1 year of 1m, 5x swap', (i) => [CLI, ...sample, '--market', 'swap', '--leverage', '5', '--start', '2023-01-01', '--end', '2024-01-01', ...out('swap1m', i)], 1);
    const swap = sizes(path.join(tmp, 'swap1m-0'), ['assets']);
    console.log(`    largest page ${swap.largest[0]} ${mb(swap.largest[1])} (target < 5 MB); pages: ${pageSizes(path.join(tmp, 'swap1m-0'))}`);
    bench('single, 3 years of 1m (1.58 M bars)', (i) => [CLI, ...sample, '--start', '2021-01-01', '--end', '2024-01-01', ...out('m3', i)], 1, 'target peak RSS < 1.5 GB');
  }
}

try {
  if (pagesOnly) await reportSizes();
  else timings();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
