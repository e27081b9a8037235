/**
 * The optimizer ranging over `leverage` on a swap run with funding (docs/futures.md): the fast
 * path, the generic path and a single backtest at that leverage agree bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_INDEX } from '../../domain/metrics/catalog.js';
import { planEvaluations } from '../../domain/params/evaluation-plan.js';
import { paramsAt, splitLeverage } from '../../domain/params/param-space.js';
import { withFunding } from '../../domain/frame/funding.js';
import { DEFAULT_PORTFOLIO } from '../../domain/portfolio/spec.js';
import { dmaAtrTrend } from '../../domain/strategies/dma-atr-trend.js';
import { sampleFunding } from '../../adapters/data/sample/sample-funding.js';
import { dmaSpace, sameBits, sampleFrame, singleRow } from '../../../test/optimization/fixtures.js';
import { InProcessPool } from './in-process-pool.js';
import { optimizeSymbol } from './optimize-symbol.js';

const source = { kind: 'builtin', id: 'dma_atr_trend' } as const;

describe('optimizing leverage on a swap run with funding', () => {
  it('fast path = generic path = runBacktest at each leverage, and leverage changes the results', async () => {
    const raw = await sampleFrame('BTC/USDT', '1h', '2023-01-01', '2023-04-01', 'swap');
    const frame = withFunding(raw, sampleFunding(7, raw.time[0], raw.time[raw.length - 1] + 3_600_000));
    const space = dmaSpace({ short_ma_window: [5, 10], sl_atr_multiplier: [0, 2], leverage: [1, 5, 20] }, { long_ma_window: 30, trend_ma_window: 60 });
    const portfolio = { ...DEFAULT_PORTFOLIO, market: 'swap' as const, liquidationFee: 0.005 };
    const plan = planEvaluations(space, dmaAtrTrend, { method: 'grid' });
    const run = (generic: boolean) => optimizeSymbol({ jobId: `lev-${generic}`, frame, def: dmaAtrTrend, source, space, plan, portfolio, metric: 'sharpe_ratio', generic }, new InProcessPool());
    const fast = await run(false);
    const generic = await run(true);
    expect(fast.completed).toBe(12);
    expect(sameBits(fast.rows, generic.rows)).toBe(true);
    const returns = new Set<number>();
    for (let i = 0; i < plan.order.length; i++) {
      const { params, leverage } = splitLeverage(paramsAt(space, plan.order[i]));
      expect(params).not.toHaveProperty('leverage');
      const want = singleRow(frame, dmaAtrTrend, params, { ...portfolio, leverage });
      const got = fast.rows.subarray(i * METRIC_COUNT, (i + 1) * METRIC_COUNT);
      expect(sameBits(got, want), `position ${i}`).toBe(true);
      returns.add(got[METRIC_INDEX.total_return]);
    }
    expect(returns.size).toBe(12);
  });

  it('refuses leverage values outside 1..125', () => {
    expect(() => dmaSpace({ leverage: [0.5, 200] })).toThrow(/leverage must be a number from 1 to 125/);
  });
});
