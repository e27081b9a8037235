/**
 * `this.informative('4h', 'BTC/USDT')` through the runner (issue 10 item 9): the example strategy's
 * market filter on another symbol, checked against a hand computation of BTC's 4h closes and SMA,
 * and the optimizer on worker threads (frames in shared memory) agreeing with single backtests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestRunner } from '../src/adapters/api/backtest-runner.js';
import { loadMarketData } from '../src/adapters/api/market-data.js';
import { SampleMarketSource } from '../src/adapters/data/sample-market.js';
import { loadStrategyFile } from '../src/adapters/strategy/load-strategy-file.js';
import { METRIC_COUNT } from '../src/domain/metrics/catalog.js';
import { DEFAULT_PORTFOLIO } from '../src/domain/portfolio/spec.js';
import { runBacktest } from '../src/orchestration/run-backtest.js';
import { recordingObserver, sameBits } from './optimization/fixtures.js';

const EXAMPLE = join(import.meta.dirname, '../examples/strategies/trend-pullback.ts');
const H = 3_600_000;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('informative() on another symbol', () => {
  it("the example's BTC filter keeps exactly the ETH entries where BTC's last complete 4h close is above its 4h SMA (by hand)", async () => {
    const def = await loadStrategyFile(EXAMPLE);
    const src = new SampleMarketSource();
    const req = { symbols: 'ETH/USDT', timeframe: '1h', start: '2023-01-01', end: '2023-07-01' };
    const p = { ...(def.defaults as Record<string, unknown>) };
    const rec = recordingObserver();
    const data = await loadMarketData(src, { ...req, warmupBars: def.warmupBars!(p), informativeSymbols: def.informativeSymbols!(p) }, rec.observer);
    const frame = data.frames.get('ETH/USDT')!.frame;
    const btc = frame.informative!['BTC/USDT'];
    expect(btc.symbol).toBe('BTC/USDT');
    expect(btc.time[0]).toBe(frame.time[0]);
    expect(rec.events.some((e) => e.startsWith('step:Informative data loaded: BTC/USDT 1h'))).toBe(true);
    const withFilter = runBacktest({ frame, strategy: def, params: p, portfolio: DEFAULT_PORTFOLIO });
    const without = runBacktest({ frame, strategy: def, params: { ...p, market_filter: '' }, portfolio: DEFAULT_PORTFOLIO });

    // By hand: BTC's 4h closes (the close of each bucket's last hour), their 50-bucket SMA, and
    // at ETH bar t the latest bucket ending at or before t's close.
    const w = p.filter_window as number;
    const bucketEnd: number[] = [];
    const bucketClose: number[] = [];
    for (let i = 0; i < btc.length; i++) {
      const b = Math.floor(btc.time[i] / (4 * H)) * 4 * H;
      if (bucketEnd.length === 0 || bucketEnd[bucketEnd.length - 1] !== b + 4 * H) { bucketEnd.push(b + 4 * H); bucketClose.push(btc.close[i]); } else bucketClose[bucketClose.length - 1] = btc.close[i];
    }
    const marketUp = (t: number) => {
      const end = frame.time[frame.warmup! + t] + H;
      let k = -1;
      while (k + 1 < bucketEnd.length && bucketEnd[k + 1] <= end) k++;
      if (k < w - 1) return false;
      let sum = 0;
      for (let j = k - w + 1; j <= k; j++) sum += bucketClose[j];
      return bucketClose[k] > sum / w;
    };
    let kept = 0;
    let dropped = 0;
    for (let t = 0; t < without.frame.length; t++) {
      if (without.signals.longEntries[t] !== 1) {
        expect(withFilter.signals.longEntries[t], `bar ${t}`).toBe(0);
        continue;
      }
      expect(withFilter.signals.longEntries[t], `entry at bar ${t}`).toBe(marketUp(t) ? 1 : 0);
      if (marketUp(t)) kept++;
      else dropped++;
    }
    expect(kept).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(0);
  });

  it('optimizer worker threads read the other symbol from shared memory: every row equals the single backtest', async () => {
    const out = await mkdtemp(join(tmpdir(), 'bt-informative-'));
    dirs.push(out);
    const runner = new BacktestRunner({ exchange: 'sample' });
    const o = await runner.runFromConfig('', 'ETH/USDT', '1h', '2023-01-01', '2023-04-01', true, 'total_return', join(out, 'opt'), {
      strategy: EXAMPLE, ignoreConfig: true, ranges: { fast: [8, 12], filter_window: [30, 50] },
      optimization: { workers: 2, inProcessBelow: 0, bestBacktest: false },
    });
    const def = await loadStrategyFile(EXAMPLE);
    const base = { ...(def.defaults as Record<string, unknown>) };
    const data = await loadMarketData(new SampleMarketSource(), { symbols: 'ETH/USDT', timeframe: '1h', start: '2023-01-01', end: '2023-04-01',
      warmupBars: Math.max(def.warmupBars!(base), def.warmupBars!({ ...base, filter_window: 50 })), informativeSymbols: ['BTC/USDT'] }, recordingObserver().observer);
    const frame = data.frames.get('ETH/USDT')!.frame;
    const r = o.symbols[0].result;
    expect(r.completed).toBe(4);
    // Grid order: the last range varies fastest.
    const grid = [[8, 30], [8, 50], [12, 30], [12, 50]];
    for (let i = 0; i < 4; i++) {
      const [fast, fw] = grid[r.order[i]];
      const want = runBacktest({ frame, strategy: def, params: { ...base, fast, filter_window: fw }, portfolio: DEFAULT_PORTFOLIO }).metrics.values;
      expect(sameBits(r.rows.subarray(i * METRIC_COUNT, (i + 1) * METRIC_COUNT), want), `fast ${fast}, filter_window ${fw}`).toBe(true);
    }
  });
});
