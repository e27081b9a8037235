import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_INDEX } from '../../domain/metrics/catalog.js';
import { planEvaluations } from '../../domain/params/evaluation-plan.js';
import { paramsAt } from '../../domain/params/param-space.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from '../../domain/portfolio/spec.js';
import { dmaAtrTrend } from '../../domain/strategies/dma-atr-trend.js';
import { dmaSpace, sameBits, sampleFrame, singleRow } from '../../../test/optimization/fixtures.js';
import { withWarmup } from '../../domain/frame/warmup.js';
import { InProcessPool } from './in-process-pool.js';
import { optimizeSymbol } from './optimize-symbol.js';

const source = { kind: 'builtin', id: 'dma_atr_trend' } as const;

async function run(space: ReturnType<typeof dmaSpace>, portfolio: PortfolioSpec, generic: boolean, frameArgs: Parameters<typeof sampleFrame> = [], warm = 0) {
  const loaded = await sampleFrame(...frameArgs);
  const frame = warm > 0 ? withWarmup(loaded, warm) : loaded;
  const plan = planEvaluations(space, dmaAtrTrend, { method: 'grid' });
  const pool = new InProcessPool();
  const r = await optimizeSymbol({ jobId: `t-${generic}-${Math.random()}`, frame, def: dmaAtrTrend, source, space, plan, portfolio, metric: 'sharpe_ratio', generic }, pool);
  return { frame, plan, r };
}

describe('optimizeSymbol: fast path, generic path and runBacktest agree bit for bit', () => {
  const cases: [string, Record<string, unknown[]>, Record<string, unknown>, Partial<PortfolioSpec>, Parameters<typeof sampleFrame>, number?][] = [
    ['guide ranges (subset), next_open spot', { short_ma_window: [10, 20], long_ma_window: [40, 60], atr_period: [10, 20], sl_atr_multiplier: [0, 1.5, 3], tp_atr_multiplier: [0, 4] }, { trend_ma_window: 100 }, {}, []],
    ['MA types, ADX, confirmation, swap close', { ma_type: ['SMA', 'ema', 'WMA'], use_adx: [false, true], signal_confirmation_bars: [0, 2], sl_atr_multiplier: [2, 0] },
      { short_ma_window: 8, long_ma_window: 21, trend_ma_window: 80, clean_signals: true, min_signal_gap: 3 }, { market: 'swap', execution: 'close' }, ['ETH/USDT', '4h', '2022-01-01', '2023-06-01', 'swap']],
    ['fractional stops and risk sizing', { sl_stop: [0, 0.02], tp_stop: [0, 0.05], sl_atr_multiplier: [0, 2], atr_period: [7, 14] },
      { short_ma_window: 5, long_ma_window: 15, trend_ma_window: 50 }, { riskPerTrade: 0.01, stopSlippage: true }, ['SOL/USDT', '1h', '2023-02-01', '2023-03-15']],
    // The order parameters vary fastest, so one evaluation chunk holds combinations that differ only in them.
    ['issue-10 orders: ATR trailing, limit/stop entries, time stop, finalize', { atr_period: [7, 14], sl_atr_multiplier: [0, 2], entry_order: ['limit', 'stop'], entry_offset_atr: [0, 0.5], trailing_atr_multiplier: [0, 2] },
      { short_ma_window: 5, long_ma_window: 15, trend_ma_window: 50 }, { maxBarsInTrade: 30, trailingActivation: 0.01, entryExpiryBars: 3, finalizeTrades: true }, ['BTC/USDT', '1h', '2023-02-01', '2023-04-01']],
    // Warm-up (issue 10 item 8): the first 400 bars feed the indicators only; rows cover the rest.
    ['warm-up history: 400 leading bars for the indicators, trading after them', { trend_ma_window: [100, 300], sl_atr_multiplier: [0, 2], trailing_atr_multiplier: [0, 2] },
      { short_ma_window: 10, long_ma_window: 30 }, {}, ['BTC/USDT', '1h', '2023-01-01', '2023-03-01'], 400],
  ];
  for (const [name, ranges, base, pf, frameArgs, warm] of cases) {
    it(name, async () => {
      const space = dmaSpace(ranges, base);
      const portfolio = { ...DEFAULT_PORTFOLIO, ...pf };
      const fast = await run(space, portfolio, false, frameArgs, warm);
      const generic = await run(space, portfolio, true, frameArgs, warm);
      if (warm) expect(fast.frame.warmup).toBe(warm);
      expect(fast.r.completed).toBe(space.size);
      expect(sameBits(fast.r.rows, generic.r.rows)).toBe(true);
      expect(Array.from(fast.r.ranking)).toEqual(Array.from(generic.r.ranking));
      let trades = 0;
      for (let i = 0; i < fast.plan.order.length; i++) {
        const p = paramsAt(space, fast.plan.order[i]);
        const want = singleRow(fast.frame, dmaAtrTrend, p, portfolio);
        const got = fast.r.rows.subarray(i * METRIC_COUNT, (i + 1) * METRIC_COUNT);
        expect(sameBits(got, want), `position ${i} ${JSON.stringify(p)}`).toBe(true);
        trades += want[METRIC_INDEX.total_trades];
      }
      expect(trades).toBeGreaterThan(0);
    });
  }
});
