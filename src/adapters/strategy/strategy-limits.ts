/**
 * How long one call into a user strategy (its constructor, initIndicators() or generateSignals(),
 * or loading its file in a thread) may run before the thread is stopped: `--strategy-timeout`.
 * Process-wide, set once by the CLI; light (the CLI imports it before --help).
 */
export const DEFAULT_STRATEGY_TIMEOUT_SECONDS = 60;

let timeoutMs = DEFAULT_STRATEGY_TIMEOUT_SECONDS * 1000;

/** Seconds per strategy call; 0 turns the limit off. */
export function setStrategyTimeout(seconds: number): void {
  timeoutMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** The limit in milliseconds (0 = none). */
export function strategyTimeoutMs(): number {
  return timeoutMs;
}

/** How often a watchdog looks at a running call: a quarter of the limit, between 20 ms and 250 ms. */
export function watchdogPeriodMs(): number {
  return Math.min(250, Math.max(20, Math.floor(timeoutMs / 4)));
}
