import type { OhlcvFrame } from './frame.js';

/** Warm-up bars at the start of `frame` (0 when it has none); never more than its length. */
export function warmupOf(frame: OhlcvFrame): number {
  const w = frame.warmup ?? 0;
  return w > 0 ? Math.min(Math.floor(w), frame.length) : 0;
}

/**
 * The bars a run trades and measures: `frame` after its warm-up bars, as views, with no warm-up of
 * its own. A frame without warm-up is returned as it is.
 */
export function tradingFrame(frame: OhlcvFrame): OhlcvFrame {
  const w = warmupOf(frame);
  if (w === 0) return frame.warmup === undefined ? frame : { ...frame, warmup: 0 };
  const cut = (c: Float64Array) => c.subarray(w);
  return {
    ...frame, warmup: 0,
    time: cut(frame.time), open: cut(frame.open), high: cut(frame.high), low: cut(frame.low), close: cut(frame.close), volume: cut(frame.volume),
    ...(frame.funding !== undefined && { funding: cut(frame.funding) }),
    length: frame.length - w,
  };
}

/** `frame` with its first `bars` bars marked as warm-up history (views, nothing copied). */
export function withWarmup(frame: OhlcvFrame, bars: number): OhlcvFrame {
  return { ...frame, warmup: Math.max(0, Math.min(Math.floor(bars), frame.length)) };
}
