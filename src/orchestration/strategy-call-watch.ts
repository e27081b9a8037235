/**
 * Where an untrusted strategy's current call is published for a watchdog on another thread
 * (issue 8, item 12): three numbers per slot in a SharedArrayBuffer-backed Float64Array.
 * `[0]` the call's start (epoch ms, 0 = no call in progress), `[1]` the phase, `[2]` the
 * position (grid order index) being evaluated, or -1.
 */
export const WATCH_SLOT_SIZE = 3;

/** Phase names as a message shows them (index = phase code). */
export const WATCH_PHASES = ['', 'the constructor', 'initIndicators()', 'generateSignals()'] as const;

export const PHASE_CREATE = 1;
export const PHASE_INIT = 2;
export const PHASE_SIGNALS = 3;

/** A slot of a shared watch array: `watch[offset..offset+2]`. */
export interface CallWatch {
  readonly watch: Float64Array;
  readonly offset: number;
}

export function watchStart(w: CallWatch | null, phase: number, position: number): void {
  if (w === null) return;
  w.watch[w.offset + 1] = phase;
  w.watch[w.offset + 2] = position;
  w.watch[w.offset] = Date.now();
}

export function watchEnd(w: CallWatch | null): void {
  if (w !== null) w.watch[w.offset] = 0;
}
