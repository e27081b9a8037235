/**
 * Price arrays a strategy cannot change for anyone else (issue 8, item 13). Typed arrays cannot
 * be frozen, and a read-only Proxy would slow every indicator loop, so an untrusted strategy gets
 * a private copy of the frame's columns; after its calls the copy is compared with the original,
 * and any change fails the run naming the column and the first changed bar. The original (shared
 * with other combinations and threads) is never handed out.
 */
import { StrategyError } from '../base/errors.js';
import type { OhlcvFrame } from '../domain/frame/frame.js';
import { findBuiltinRuntime } from '../domain/strategies/builtin-runtimes.js';
import type { StrategyRuntime } from '../domain/strategies/strategy.js';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Built-in strategies are the engine's own, trusted code: they get the frame itself (no copy, no check). */
export function isTrustedStrategy(def: Pick<StrategyRuntime<any>, 'id' | 'strategyClass'>): boolean {
  // A replay (adapters/strategy/sandboxed-strategy.ts) hands back output computed and checked elsewhere.
  return findBuiltinRuntime(def.id)?.strategyClass === def.strategyClass || (def.strategyClass as { replay?: unknown }).replay === true;
}

/** The frame with its columns copied (metadata shared). */
export function privateFrame(frame: OhlcvFrame): OhlcvFrame {
  return {
    ...frame,
    time: frame.time.slice(), open: frame.open.slice(), high: frame.high.slice(),
    low: frame.low.slice(), close: frame.close.slice(), volume: frame.volume.slice(),
  };
}

/** The first column and bar where `copy` differs from `original` (NaN equals NaN), or null. */
export function frameChange(original: OhlcvFrame, copy: OhlcvFrame): { column: typeof COLUMNS[number]; bar: number } | null {
  for (const c of COLUMNS) {
    const a = original[c];
    const b = copy[c];
    if (b.length !== a.length) return { column: c, bar: Math.min(a.length, b.length) };
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      if (x !== y && (x === x || y === y)) return { column: c, bar: i };
    }
  }
  return null;
}

/** Throws a StrategyError when the strategy changed its copy of the price arrays. */
export function assertFrameUnchanged(original: OhlcvFrame, copy: OhlcvFrame, strategy: string, during = ''): void {
  const d = frameChange(original, copy);
  if (d === null) return;
  throw new StrategyError('STRATEGY_FAILED', `Strategy ${strategy} changed the price data it was given${during}: this.frame.${d.column}[${d.bar}] (${original.symbol}) was ${original[d.column][d.bar]}, is now ${copy[d.column][d.bar]}.`, {
    hint: 'Price arrays are read-only: copy one before changing it (e.g. this.frame.close.slice()) and compute indicators into new arrays.',
  });
}
