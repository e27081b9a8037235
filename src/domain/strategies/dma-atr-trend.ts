// A namespace import, not `import { z }`: the bundle then keeps only the zod it uses (test/cli-bundle.e2e.test.ts).
import * as z from 'zod';
import { zodIssues } from '../config/config-file.js';
import type { StrategyDefinition } from './strategy.js';
import { dmaAtrTrendWarmup } from './dma-atr-trend-warmup.js';
import { DMAATRTrendStrategy, dmaAtrTrendConstraints, dmaAtrTrendRuntime } from './dma-atr-trend-strategy.js';

export { DMAATRTrendStrategy, dmaAtrTrendConstraints };

const window = (d: number) => z.number().int('must be a whole number of bars').min(1, 'must be at least 1 bar').default(d);
const multiplier = (d: number) => z.number().min(0, 'must be 0 (off) or positive').finite().default(d);

export const dmaAtrTrendSchema = z.strictObject({
  short_ma_window: window(20),
  long_ma_window: window(50),
  trend_ma_window: window(200),
  atr_period: window(14),
  ma_type: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['SMA', 'EMA', 'WMA'])).default('SMA'),
  sl_atr_multiplier: multiplier(2),
  tp_atr_multiplier: multiplier(4),
  sl_stop: z.number().min(0, 'must be 0 (off) or positive').lt(1, 'is a fraction of the entry price, below 1').default(0),
  tp_stop: z.number().min(0, 'must be 0 (off) or positive').default(0),
  use_adx: z.boolean().default(false),
  adx_period: window(14),
  adx_threshold: z.number().min(0).max(100, 'ADX lies in [0, 100]').default(25),
  clean_signals: z.boolean().default(false),
  min_signal_gap: z.number().int().min(0, 'must be 0 (off) or a positive number of bars').default(0),
  signal_confirmation_bars: z.number().int().min(0, 'must be 0 (off) or a positive number of bars').default(0),
  // Order inputs (issue 10); optional without defaults, so plain parameter sets keep their shape.
  /** Trailing stop `multiplier × ATR` under the best price since entry; 0 = off. */
  trailing_atr_multiplier: z.number().min(0, 'must be 0 (off) or positive').finite().optional(),
  /** Entries as limit (or stop) orders `offset × ATR` from the signal close; 0 = market entries. */
  entry_offset_atr: z.number().min(0, 'must be 0 (off) or positive').finite().optional(),
  entry_order: z.enum(['limit', 'stop']).optional(),
});

export type DmaAtrTrendParams = z.output<typeof dmaAtrTrendSchema>;

export const dmaAtrTrend: StrategyDefinition<DmaAtrTrendParams> = {
  ...dmaAtrTrendRuntime,
  description: 'Short/long moving-average cross in the direction of a trend MA, with ATR stop-loss and take-profit and an optional ADX filter.',
  defaults: dmaAtrTrendSchema.parse({}),
  aliases: { use_adx_filter: 'use_adx' },
  parseParams(raw) {
    const r = dmaAtrTrendSchema.safeParse(raw);
    return r.success ? { ok: true, value: r.data } : { ok: false, issues: zodIssues(r.error) };
  },
  constraints: dmaAtrTrendConstraints,
  warmupBars: dmaAtrTrendWarmup,
};
