/**
 * The bridge between the synchronous engine (runBacktest, the portfolio and validation code) and
 * strategy files computed in a worker thread: `prepareStrategy` computes the strategy's output on
 * one frame in the file's host thread, then returns a definition whose class hands back exactly
 * that output, so the engine runs unchanged. Built-in strategies and strategy objects of library
 * users are returned as they are (trusted code, in this thread).
 */
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { BaseStrategy, type StrategyClass, type StrategyDefinition } from '../../domain/strategies/strategy.js';
import { afterWarmup, type StrategyOutput } from '../../orchestration/strategy-signals.js';
import { StrategyHost } from './strategy-host.js';

const hosts = new Map<string, StrategyHost>();

/** The host thread of a strategy file (one per file for the process; started on first use). */
export function hostFor(file: string): StrategyHost {
  let h = hosts.get(file);
  if (h === undefined) {
    h = new StrategyHost(file);
    hosts.set(file, h);
  }
  return h;
}

/** Starts the host thread of a strategy file now (it loads the file while the caller loads data); no-op for others. */
export function warmStrategyHost(def: Pick<StrategyDefinition<any>, 'sourceFile'>): void {
  if (isSandboxed(def)) hostFor(def.sourceFile);
}

/** Stops every host thread (a later call starts a new one). */
export async function closeStrategyHosts(): Promise<void> {
  const all = [...hosts.values()];
  hosts.clear();
  await Promise.all(all.map((h) => h.close()));
}

/** Whether `def` is a strategy file's (its calls then go to a host thread). */
export function isSandboxed(def: Pick<StrategyDefinition<any>, 'sourceFile'>): def is { sourceFile: string } {
  return typeof def.sourceFile === 'string';
}

/**
 * The strategy's output on `frame`, computed in its host thread, as `strategySignals` gives it:
 * with warm-up bars (`frame.warmup`) the signals and indicators start after them.
 */
export async function sandboxedSignals(def: StrategyDefinition<any> & { sourceFile: string }, frame: OhlcvFrame, params: object, market: 'spot' | 'swap'): Promise<StrategyOutput> {
  return afterWarmup(await hostFor(def.sourceFile).run(frame, params, market), frame);
}

/** A definition whose class replays `out` (computed for one frame and parameter set). */
export function replayDefinition<P extends object>(def: StrategyDefinition<P>, out: StrategyOutput): StrategyDefinition<P> {
  class Replay extends BaseStrategy<P> {
    static readonly replay = true;
    initIndicators(): void {
      Object.assign(this.indicators, out.indicators);
      Object.assign(this.placement, out.placement);
    }
    generateSignals() {
      return out.signals;
    }
  }
  Object.defineProperty(Replay, 'name', { value: def.className });
  return { ...def, strategyClass: Replay as unknown as StrategyClass<P>, sourceFile: undefined };
}

/**
 * `def` ready for the synchronous engine on `frame` with `params`: a strategy file's output is
 * computed in its host thread first; anything else is returned unchanged.
 */
export async function prepareStrategy<P extends object>(def: StrategyDefinition<P>, frame: OhlcvFrame, params: P, market: 'spot' | 'swap'): Promise<StrategyDefinition<P>> {
  if (!isSandboxed(def)) return def;
  // The replayed class stands in for the strategy inside runBacktest, which cuts the warm-up itself: every bar's output.
  return replayDefinition(def, await hostFor((def as { sourceFile: string }).sourceFile).run(frame, params, market));
}
