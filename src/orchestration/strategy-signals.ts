/** Running a strategy up to its signals (the first half of `runBacktest`), for portfolio runs. */
import { StrategyError } from '../base/errors.js';
import type { OhlcvFrame } from '../domain/frame/frame.js';
import {
  MemoIndicatorCache, type BaseStrategy, type IndicatorCache, type IndicatorPlacement, type Signals, type StrategyRuntime,
} from '../domain/strategies/strategy.js';
import { warmupOf } from '../domain/frame/warmup.js';
import { indicatorsFrom, signalsRange } from '../domain/strategies/signals-range.js';
import { normalizeSignals } from './normalize-signals.js';
import { assertFrameUnchanged, isTrustedStrategy, privateFrame } from './frame-guard.js';
import { PHASE_CREATE, PHASE_INIT, PHASE_SIGNALS, watchEnd, watchStart, type CallWatch } from './strategy-call-watch.js';

export interface StrategyOutput {
  readonly signals: Signals;
  readonly indicators: Readonly<Record<string, Float64Array>>;
  readonly placement: Readonly<Record<string, IndicatorPlacement>>;
}

/**
 * Indicators and checked signals of `def` on `frame`; a throwing strategy becomes a StrategyError
 * naming the step. An untrusted (non built-in) strategy works on a private copy of the frame and
 * fails the run if it changed it; with `watch`, each call publishes its start for a watchdog. With
 * warm-up bars (`frame.warmup`) the strategy sees every bar and the output starts after the
 * warm-up (it lines up with `tradingFrame(frame)`).
 */
export function strategySignals<P extends object>(original: OhlcvFrame, def: StrategyRuntime<P>, params: P, market: 'spot' | 'swap',
  cache: IndicatorCache = new MemoIndicatorCache(), w: { watch: CallWatch | null; position: number } = { watch: null, position: -1 }): StrategyOutput {
  const frame = isTrustedStrategy(def) ? original : privateFrame(original);
  const guard = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof StrategyError) throw e;
      throw new StrategyError('STRATEGY_FAILED', `Strategy ${def.name} threw on ${frame.symbol} while ${what}: ${(e as Error)?.message ?? String(e)}.`, {
        hint: 'Fix the strategy code or its parameters; run with --debug to see the stack trace.', cause: e,
      });
    }
  };
  let raw: Signals;
  let s: BaseStrategy<P>;
  try {
    watchStart(w.watch, PHASE_CREATE, w.position);
    s = guard('creating the strategy', () => new def.strategyClass(frame, params, { market, cache }));
    watchStart(w.watch, PHASE_INIT, w.position);
    guard('computing indicators (initIndicators)', () => s.initIndicators());
    watchStart(w.watch, PHASE_SIGNALS, w.position);
    raw = guard('generating signals (generateSignals)', () => s.generateSignals());
  } finally {
    watchEnd(w.watch);
  }
  if (frame !== original) assertFrameUnchanged(original, frame, def.name);
  const signals = normalizeSignals(raw, frame.length, market, def.name);
  return afterWarmup({ signals, indicators: s.indicators, placement: s.placement }, frame);
}

/** A strategy's output over every bar of `frame`, cut to the bars after its warm-up (`frame.warmup`). */
export function afterWarmup(out: StrategyOutput, frame: OhlcvFrame): StrategyOutput {
  const warm = warmupOf(frame);
  if (warm === 0) return out;
  return { signals: signalsRange(out.signals, warm, frame.length), indicators: indicatorsFrom(out.indicators, warm), placement: out.placement };
}
