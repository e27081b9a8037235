/**
 * The time to write one run's report pages and equity.svg (`writeReports`, the CLI's "Plots
 * generated" step) on a year of 1h (real BTC/USDT 2023 from ../shared/data, else the sample
 * market), each measured in a fresh process as the CLI meets it (the first call runs cold code)
 * and then warm (four more calls in the same process). CPU time (user + system) beside wall time:
 * it moves far less on a shared machine. Medians of `runs` processes.
 * `npx tsx bench/write-reports.bench.ts [runs]`. To profile the cold call:
 * `node --cpu-prof --import tsx bench/write-reports.bench.ts --child DIR cold`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

interface Timing { coldWall: number; coldCpu: number; warmWall: number; warmCpu: number }

async function child(dir: string, coldOnly: boolean): Promise<Timing> {
  const { sharedDataDir } = await import('../test/support/shared-data.js');
  const { CsvSource } = await import('../src/adapters/data/csv-source.js');
  const { SampleMarketSource } = await import('../src/adapters/data/sample-market.js');
  const { writeReports } = await import('../src/adapters/report/html/index.js');
  const { DEFAULT_PORTFOLIO } = await import('../src/domain/portfolio/spec.js');
  const { dmaAtrTrend } = await import('../src/domain/strategies/dma-atr-trend.js');
  const { runBacktest } = await import('../src/orchestration/run-backtest.js');
  const real = existsSync(path.join(sharedDataDir, 'binance_BTC-USDT_1h.csv'));
  const source = real ? new CsvSource({ dataDir: sharedDataDir }) : new SampleMarketSource({ market: 'spot' });
  const loaded = await source.load({ symbol: 'BTC/USDT', timeframe: '1h', start: Date.parse('2023-01-01'), end: Date.parse('2024-01-01') });
  const params = dmaAtrTrend.parseParams({});
  if (!params.ok) throw new Error('default parameters rejected');
  const result = runBacktest({ frame: loaded.frame, strategy: dmaAtrTrend, params: params.value, portfolio: DEFAULT_PORTFOLIO, quality: loaded.quality });
  const time = async (): Promise<[number, number]> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await writeReports(result, dir);
    const c = process.cpuUsage(c0);
    return [performance.now() - t0, (c.user + c.system) / 1000];
  };
  const [coldWall, coldCpu] = await time();
  const warm: [number, number][] = [];
  for (let i = 0; i < (coldOnly ? 0 : 4); i++) warm.push(await time());
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { coldWall, coldCpu, warmWall: coldOnly ? NaN : med(warm.map((w) => w[0])), warmCpu: coldOnly ? NaN : med(warm.map((w) => w[1])) };
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(await child(process.argv[3], process.argv[4] === 'cold')));
} else {
  const runs = Number(process.argv[2] ?? 5);
  const tmp = mkdtempSync(path.join(tmpdir(), 'bt-write-reports-'));
  try {
    const all: Timing[] = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, [...process.execArgv, self, '--child', path.join(tmp, `run-${i}`)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      all.push(JSON.parse(r.stdout));
    }
    const med = (k: keyof Timing) => [...all.map((t) => t[k])].sort((a, b) => a - b)[Math.floor(all.length / 2)];
    const best = (k: keyof Timing) => Math.min(...all.map((t) => t[k]));
    console.log(`writeReports, a year of 1h, ${runs} processes; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    console.log(`  cold (first call in the process): wall median ${med('coldWall').toFixed(1)} ms best ${best('coldWall').toFixed(1)}; CPU median ${med('coldCpu').toFixed(1)} ms best ${best('coldCpu').toFixed(1)}`);
    console.log(`  warm (median of 4 more calls):    wall median ${med('warmWall').toFixed(1)} ms best ${best('warmWall').toFixed(1)}; CPU median ${med('warmCpu').toFixed(1)} ms best ${best('warmCpu').toFixed(1)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
