import { makeFrame } from '../../domain/frame/frame.js';
import { METRIC_COUNT } from '../../domain/metrics/catalog.js';
import { computeMetricsInto } from '../../domain/metrics/compute-metrics-into.js';
import { createMetricsScratch } from '../../domain/metrics/metrics-input.js';
import { toSimInputs, toSimSpec } from '../../domain/portfolio/simulate.js';
import { DEFAULT_PORTFOLIO } from '../../domain/portfolio/spec.js';
import type { DmaAtrTrendParams } from '../../domain/strategies/dma-atr-trend.js';
import { DMAATRTrendStrategy } from '../../domain/strategies/dma-atr-trend-strategy.js';
import { MemoIndicatorCache } from '../../domain/strategies/strategy.js';
import { allocSimBuffers } from '../../kernels/sim/buffers.js';
import { fillLoop } from '../../kernels/sim/fill-loop.js';

// V8 optimizes a function after enough calls; a few long calls only get on-stack replacement
// inside each call. So: many calls on a short series.
const WARM_BARS = 300;
const WARM_CALLS = 25;

/**
 * Runs the hot code of an evaluation (indicators, signals, the fill loop in both modes, the
 * metrics) on a small private synthetic market, so that V8 has optimized it before the first
 * real chunk arrives. A worker thread does this once at start-up, while the main thread is still
 * loading data; nothing shared is touched and every result is discarded.
 */
export function warmUpKernels(): void {
  const n = WARM_BARS;
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
    time[t] = t * 3_600_000;
    open[t] = p;
    p *= 1 + step;
    close[t] = p;
    high[t] = Math.max(open[t], p) * 1.002;
    low[t] = Math.min(open[t], p) * 0.998;
  }
  const frame = makeFrame('WARM/UP', '1h', { time, open, high, low, close, volume: new Float64Array(n).fill(1) },
    { kind: 'sample', synthetic: true, exchange: 'sample', market: 'swap', description: 'warm-up' });
  const params: DmaAtrTrendParams = {
    short_ma_window: 10, long_ma_window: 20, trend_ma_window: 40, atr_period: 14, ma_type: 'SMA', sl_atr_multiplier: 2,
    tp_atr_multiplier: 4, sl_stop: 0, tp_stop: 0, use_adx: false, adx_period: 14, adx_threshold: 25, clean_signals: false,
    min_signal_gap: 0, signal_confirmation_bars: 0,
  };
  const buffers = allocSimBuffers(n, { cash: false, position: false, orders: false });
  const scratch = createMetricsScratch(n);
  const out = new Float64Array(METRIC_COUNT);
  // Every branch a real job can take (both markets, both execution modes, stops on and off), so
  // the optimized code does not deoptimize on the first real chunk.
  const variants: { inputs: ReturnType<typeof toSimInputs>; spec: ReturnType<typeof toSimSpec> }[] = [];
  let i = 0;
  for (const market of ['spot', 'swap'] as const) {
    for (const execution of ['next_open', 'close'] as const) {
      for (const stops of [0, 2]) {
        const p = { ...params, short_ma_window: 5 + (i++ % 5), sl_atr_multiplier: stops, tp_atr_multiplier: 2 * stops };
        const s = new DMAATRTrendStrategy(frame, p, { market, cache: new MemoIndicatorCache() });
        s.initIndicators();
        const signals = s.generateSignals();
        variants.push({ inputs: toSimInputs(frame, signals), spec: toSimSpec({ ...DEFAULT_PORTFOLIO, market, execution }, signals) });
      }
    }
  }
  const input = { equity: buffers.equity, time, benchmark: close, trades: buffers.trades, initCash: DEFAULT_PORTFOLIO.initCash, barsPerYear: 8760 };
  for (let call = 0; call < WARM_CALLS; call++) {
    for (const v of variants) {
      fillLoop(v.inputs, v.spec, buffers);
      computeMetricsInto(input, out, scratch);
    }
  }
}
