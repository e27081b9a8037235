import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORTFOLIO } from '../../domain/portfolio/spec.js';
import { dmaAtrTrend } from '../../domain/strategies/dma-atr-trend.js';
import type { BacktestResult } from '../../orchestration/result.js';
import { BacktestRunner } from './backtest-runner.js';
import { silentObserver } from './observer.js';
import { runSingleJob } from './single-backtest-job.js';

const root = await mkdtemp(join(tmpdir(), 'bt-single-job-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const data = await new BacktestRunner({ exchange: 'sample' }).loadData('BTC/USDT,ETH/USDT', '4h', '2023-01-01', '2023-07-01');
const job = (outputDir: string) => ({ data, strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO, outputDir, observer: silentObserver });

describe('runSingleJob onResult', () => {
  it("is called once per symbol with that symbol's result, before the symbol's files are written", async () => {
    const dir = join(root, 'seen');
    const seen: [string, BacktestResult, string[]][] = [];
    const out = await runSingleJob({
      ...job(dir),
      // Every file written so far (in the hidden staging folder inside the output folder).
      onResult: (symbol, result) => {
        seen.push([symbol, result, readdirSync(dir, { recursive: true }).map(String)]);
      },
    });
    expect(seen.map(([s]) => s)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(seen.map(([, r]) => r)).toEqual(out.results);
    // Before BTC/USDT's files none; before ETH/USDT's only BTC/USDT's.
    expect(seen[0][2].filter((f) => f.endsWith('.csv'))).toEqual([]);
    expect(seen[1][2].filter((f) => f.endsWith('.csv')).length).toBeGreaterThan(0);
    expect(seen[1][2].filter((f) => f.endsWith('.csv') && !f.includes('BTC-USDT'))).toEqual([]);
  });

  it('a failure in it fails the job and publishes nothing', async () => {
    const dir = join(root, 'fails');
    await expect(runSingleJob({ ...job(dir), onResult: () => { throw new Error('refused'); } })).rejects.toThrow(/refused/);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(root).filter((f) => f.startsWith('fails'))).toEqual([]);
  });
});
