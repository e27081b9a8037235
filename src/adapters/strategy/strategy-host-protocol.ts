/** Messages between the main thread and a strategy host thread (strategy-host.ts). */
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import type { IndicatorPlacement, Signals } from '../../domain/strategies/strategy.js';
import type { SerializedError } from '../pool/chunk-task.js';

export interface HostInit {
  readonly file: string;
  /** A 3-slot watch (strategy-call-watch.ts) on shared memory. */
  readonly watch: Float64Array;
}

export interface HostRequest {
  readonly id: number;
  readonly frame: OhlcvFrame;
  readonly params: Record<string, unknown>;
  readonly market: 'spot' | 'swap';
}

export type HostReply =
  | { readonly id: number; readonly ok: true; readonly name: string; readonly signals: Signals;
    readonly indicators: Record<string, Float64Array>; readonly placement: Record<string, IndicatorPlacement> }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };

/** Phase code of loading the strategy file (its top-level code runs then). */
export const PHASE_LOAD = 4;
