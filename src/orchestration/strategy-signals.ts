/** Running a strategy up to its signals (the first half of `runBacktest`), for portfolio runs. */
import { StrategyError } from '../base/errors.js';
import type { OhlcvFrame } from '../domain/frame/frame.js';
import {
  MemoIndicatorCache, type BaseStrategy, type IndicatorCache, type IndicatorPlacement, type Signals, type StrategyRuntime,
} from '../domain/strategies/strategy.js';
import { warmupOf } from '../domain/frame/warmup.js';
import { indicatorsFrom, signalsRange } from '../domain/strategies/signals-range.js';
import { normalizeSignals } from './normalize-signals.js';

export interface StrategyOutput {
  readonly signals: Signals;
  readonly indicators: Readonly<Record<string, Float64Array>>;
  readonly placement: Readonly<Record<string, IndicatorPlacement>>;
}

/**
 * Indicators and checked signals of `def` on `frame`; a throwing strategy becomes a StrategyError
 * naming the step. With warm-up bars (`frame.warmup`) the strategy sees every bar and the output
 * starts after the warm-up (it lines up with `tradingFrame(frame)`).
 */
export function strategySignals<P extends object>(frame: OhlcvFrame, def: StrategyRuntime<P>, params: P, market: 'spot' | 'swap',
  cache: IndicatorCache = new MemoIndicatorCache()): StrategyOutput {
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
  const s: BaseStrategy<P> = guard('creating the strategy', () => new def.strategyClass(frame, params, { market, cache }));
  guard('computing indicators (initIndicators)', () => s.initIndicators());
  const raw = guard('generating signals (generateSignals)', () => s.generateSignals());
  const signals = normalizeSignals(raw, frame.length, market, def.name);
  const w = warmupOf(frame);
  if (w === 0) return { signals, indicators: s.indicators, placement: s.placement };
  return { signals: signalsRange(signals, w, frame.length), indicators: indicatorsFrom(s.indicators, w), placement: s.placement };
}
