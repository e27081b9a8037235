/**
 * Validation speed (`npm run bench`, or `npx tsx bench/validate.bench.ts [wf|cscv|mc ...]` after `npm run build`),
 * on real BTC/USDT 1h bars from ../shared/data (the synthetic sample market when absent), compiled code, 2 threads:
 * (wf)   walk-forward of 12 folds (train 12M, test 1M) × the guide's 1,200-combination grid on two years of 1h
 *        (2022–2023): every fold optimized on the pool, selected, backtested with warm-up, stitched. Target < 6 s.
 * (cscv) CSCV with S = 16 (12,870 splits) over the 1,200 combinations on 2023: evaluation with block sums on the
 *        pool, then every split (ranges of splits as units on the pool). Target < 3 s. The split scoring alone
 *        is shown too, in one thread and on the pool.
 * (mc)   1,000 Monte Carlo paths of each method (trade reshuffling, block bootstrap) on a year of 1h, in one
 *        thread and as path-range units on the pool. Target < 1 s.
 * Each figure is the best (and median) of a few runs; the load average is printed (the machine may be shared).
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CsvSource } from '../dist/adapters/data/csv-source.js';
import { SampleMarketSource } from '../dist/adapters/data/sample-market.js';
import { PiscinaPool } from '../dist/adapters/pool/piscina-pool.js';
import type { OhlcvFrame } from '../dist/domain/frame/frame.js';
import { barsPerYear, timeframeMs } from '../dist/domain/frame/timeframe.js';
import { planEvaluations } from '../dist/domain/params/evaluation-plan.js';
import { buildParamSpace } from '../dist/domain/params/param-space.js';
import { DEFAULT_PORTFOLIO } from '../dist/domain/portfolio/spec.js';
import { dmaAtrTrend } from '../dist/domain/strategies/dma-atr-trend.js';
import { planFolds } from '../dist/domain/validate/folds.js';
import { monteCarloInput, runMonteCarlo } from '../dist/domain/validate/monte-carlo.js';
import { cscv } from '../dist/kernels/stats/cscv.js';
import { runBacktest } from '../dist/orchestration/run-backtest.js';
import { runCscv, scoreSplits } from '../dist/orchestration/validate/cscv-run.js';
import { runMonteCarloUnits } from '../dist/orchestration/validate/monte-carlo-run.js';
import { stitchFolds } from '../dist/orchestration/validate/stitch.js';
import { runWalkForward } from '../dist/orchestration/validate/walk-forward.js';
import { sharedDataDir } from '../test/support/shared-data.js';

const which = process.argv.slice(2).length ? process.argv.slice(2) : ['wf', 'cscv', 'mc'];
const source = { kind: 'builtin', id: 'dma_atr_trend' } as const;
const GUIDE = { short_ma_window: [10, 15, 20, 25, 30], long_ma_window: [40, 50, 60, 70, 80], atr_period: [10, 14, 20], sl_atr_multiplier: [1.5, 2.0, 2.5, 3.0], tp_atr_multiplier: [3.0, 4.0, 5.0, 6.0] };
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
let jobs = 0;

async function frame(start: string, end: string): Promise<{ f: OhlcvFrame; label: string }> {
  const req = { symbol: 'BTC/USDT', timeframe: '1h' as const, start: Date.parse(`${start}T00:00:00Z`), end: Date.parse(`${end}T00:00:00Z`) };
  if (existsSync(sharedDataDir)) {
    const f = (await new CsvSource({ dataDir: sharedDataDir }).load(req)).frame;
    return { f, label: `real BTC/USDT 1h ${start} → ${end}, ${f.length} bars` };
  }
  const f = (await new SampleMarketSource().load(req)).frame;
  return { f, label: `SYNTHETIC sample BTC/USDT 1h ${start} → ${end}, ${f.length} bars` };
}

function guide() {
  const r = buildParamSpace(dmaAtrTrend, dmaAtrTrend.defaults, GUIDE, { method: 'grid' });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const plan = planEvaluations(r.value, dmaAtrTrend, { method: 'grid', seed: 42 });
  return { space: r.value, plan };
}

async function best(label: string, runs: number, fn: () => Promise<unknown> | unknown, target: number): Promise<void> {
  const t: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
    // user + sys of every thread of the process (the pool's threads included).
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  t.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  console.log(`${label}: wall best ${s(t[0])}, median ${s(t[Math.floor(t.length / 2)])}; CPU median ${s(cpu[Math.floor(cpu.length / 2)])} (target < ${s(target)}; load ${load()})`);
}

const pool = new PiscinaPool(2);
const { space, plan } = guide();

if (which.includes('wf')) {
  const { f, label } = await frame('2022-01-01', '2024-01-01');
  const folds = planFolds(f.time, timeframeMs('1h'), { train: { kind: 'duration', n: 12, unit: 'M' }, test: { kind: 'duration', n: 1, unit: 'M' } });
  console.log(`\nWalk-forward on ${label}: ${folds.length} folds × ${plan.order.length} combinations`);
  const wf = async () => {
    const r = await runWalkForward({ jobId: `wf-${jobs++}`, frame: f, def: dmaAtrTrend, source, space, plan, portfolio: DEFAULT_PORTFOLIO, metric: 'sharpe_ratio', folds, select: 'best' }, pool);
    stitchFolds(f, r, DEFAULT_PORTFOLIO);
  };
  await best('(wf) 12 folds, end to end, 2 threads', 3, wf, 6000);
}

if (which.includes('cscv')) {
  const { f, label } = await frame('2023-01-01', '2024-01-01');
  console.log(`\nCSCV on ${label}: ${plan.order.length} combinations, S = 16`);
  let last: Awaited<ReturnType<typeof runCscv>> | null = null;
  await best('(cscv) evaluation + 12,870 splits, 2 threads', 3, async () => {
    last = await runCscv({ jobId: `cscv-${jobs++}`, frame: f, def: dmaAtrTrend, source, space, plan, portfolio: DEFAULT_PORTFOLIO, blocks: 16 }, pool);
  }, 3000);
  const r = last!;
  await best('(cscv) the 12,870 splits alone, one thread', 3, () => cscv(r.opt.order.length, r.bars, r.sums), 3000);
  await best('(cscv) the 12,870 splits alone, units on 2 threads', 3, () => scoreSplits(r.opt.order.length, r.bars, r.sums, pool), 3000);
  console.log(`      PBO ${(100 * r.summary.pbo).toFixed(1)}%`);
}

if (which.includes('mc')) {
  const { f, label } = await frame('2023-01-01', '2024-01-01');
  const bt = runBacktest({ frame: f, strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO });
  const t = bt.sim.trades;
  const input = monteCarloInput(bt.sim.equity, DEFAULT_PORTFOLIO.initCash, t.entryIndex.subarray(0, t.count), t.pnl.subarray(0, t.count), Math.sqrt(barsPerYear('1h')));
  console.log(`\nMonte Carlo on ${label}: ${t.count} trades`);
  await best('(mc) 1,000 paths per method (reshuffle + bootstrap), one thread', 5, () => runMonteCarlo(input, { paths: 1000, seed: 42 }), 1000);
  await best('(mc) the same as path-range units on 2 threads', 5, () => runMonteCarloUnits(input, { paths: 1000, seed: 42 }, pool), 1000);
}
await pool.close();
