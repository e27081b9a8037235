import { makeFrame, type OhlcvFrame } from '../../domain/frame/frame.js';
import { METRIC_COUNT } from '../../domain/metrics/catalog.js';
import type { ParamSpace } from '../../domain/params/param-space.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { DmaAtrTrendParams } from '../../domain/strategies/dma-atr-trend.js';
import { dmaAtrTrendRuntime } from '../../domain/strategies/dma-atr-trend-strategy.js';
import { SymbolEvaluator } from './evaluator.js';
import { ThreadIndicatorCache } from './evaluator-store.js';
import { sharedFrame } from './job.js';
import { precomputeIndicators } from './precompute.js';

// V8 optimizes a function after enough calls; a few long calls only get on-stack replacement
// inside each call. So: many calls on a short series.
// (Lengths not multiples of 4: the signal checks read 4 bytes at a time, then the rest one by one.)
const WARM_BARS = 303;
/** Longer than the metrics' threshold for their long-series paths (kernels/stats/percentile.ts, 4,096). */
const LONG_BARS = 4_503;
/** Warm-up bars at the start of the synthetic frame (the indicators' history, not traded). */
const WARM_LEAD = 40;
/** Passes over the small grid per market and execution mode. */
const WARM_CALLS = 2;

/**
 * Runs the hot code of an evaluation the way a real job does (a `SymbolEvaluator` on the fast path
 * over a frame in shared memory with warm-up bars: indicators, signals, stop distances, the fill
 * loop in both markets and execution modes, the metrics) on a small private synthetic market, so
 * that V8 has optimized it, with the type feedback of a real job, before the first real chunk
 * arrives: with only the kernels warmed, the first chunk of each thread still ran several times
 * slower than the next ones. A worker thread does this once at start-up, while the main thread is
 * still loading data, in small steps (a few evaluations each) so that it can stop as soon as real
 * work arrives; nothing shared is touched and every result is discarded.
 */
export function* warmUpSteps(): Generator<void, void, void> {
  const base: DmaAtrTrendParams = {
    short_ma_window: 10, long_ma_window: 20, trend_ma_window: 40, atr_period: 14, ma_type: 'SMA', sl_atr_multiplier: 2,
    tp_atr_multiplier: 4, sl_stop: 0, tp_stop: 0, use_adx: false, adx_period: 14, adx_threshold: 25, clean_signals: false,
    min_signal_gap: 0, signal_confirmation_bars: 0,
  };
  // Stop multipliers as a config gives them (fractional, and 0 = no stop), so the stop branches see their real types.
  const values = [[5, 8], [12, 20], [7, 10], [0, 1.5, 2], [0, 3, 4.5]];
  const space: ParamSpace<DmaAtrTrendParams> = {
    keys: ['short_ma_window', 'long_ma_window', 'atr_period', 'sl_atr_multiplier', 'tp_atr_multiplier'],
    values, size: values.reduce((s, v) => s * v.length, 1), base,
  };
  // Many calls on a short series; then a few on a long one, whose metrics take the paths of long series.
  yield* evaluateGrid(syntheticFrame(WARM_BARS), space, WARM_CALLS, 2, VARIANTS);
  yield* evaluateGrid(syntheticFrame(LONG_BARS), space, 1, 31, VARIANTS.slice(0, 1));
}

/** Every branch a real job can take (both markets, both execution modes; the grid has stops on and off). */
const VARIANTS = (['spot', 'swap'] as const).flatMap((market) => (['next_open', 'close'] as const).map((execution) => ({ ...DEFAULT_PORTFOLIO, market, execution })));

/** `calls` passes over every `stride`-th position of `space` with each portfolio, chunk by chunk as a real job. */
function* evaluateGrid(frame: OhlcvFrame, space: ParamSpace<DmaAtrTrendParams>, calls: number, stride: number, portfolios: readonly PortfolioSpec[]): Generator<void, void, void> {
  const order = new Float64Array(Math.ceil(space.size / stride)).map((_, i) => i * stride);
  const rows = new Float64Array(order.length * METRIC_COUNT);
  for (const portfolio of portfolios) {
    const cache = new ThreadIndicatorCache(precomputeIndicators(frame, dmaAtrTrendRuntime, space, portfolio.market));
    for (let call = 0; call < calls; call++) {
      // A new evaluator each time, as each job gets one.
      const e = new SymbolEvaluator({ frame, def: dmaAtrTrendRuntime, space, portfolio, cache });
      for (let i = 0; i < order.length; i += 12) {
        e.evaluate(order, i, Math.min(order.length, i + 12), rows);
        yield;
      }
    }
  }
}

/**
 * A random walk of `n` bars in shared memory with warm-up bars, as a real job's frame (sharedFrame,
 * loadWithWarmup); now and then a gap and a wide bar (both stops touched in one bar): branches real data takes.
 */
function syntheticFrame(n: number): OhlcvFrame {
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let seed = 7;
  let p = 100;
  for (let t = 0; t < n; t++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const step = (seed / 4294967296 - 0.5) * 0.02;
    const shock = t % 23 === 11 ? (t % 2 === 0 ? 1.04 : 0.96) : 1;
    const wide = t % 29 === 7 ? 0.05 : 0.002;
    time[t] = t * 3_600_000;
    open[t] = p * shock;
    p = open[t] * (1 + step);
    close[t] = p;
    high[t] = Math.max(open[t], p) * (1 + wide);
    low[t] = Math.min(open[t], p) * (1 - wide);
  }
  return sharedFrame({
    ...makeFrame('WARM/UP', '1h', { time, open, high, low, close, volume: new Float64Array(n).fill(1) },
      { kind: 'sample', synthetic: true, exchange: 'sample', market: 'swap', description: 'warm-up' }),
    warmup: WARM_LEAD,
  });
}
