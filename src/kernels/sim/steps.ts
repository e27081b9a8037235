/**
 * Cash and position as steps: the fill loop's cash and units change only on the bars where
 * something filled (or funding was paid), so instead of writing both on every bar a run can record
 * `(bar, cash, units)` where they changed and expand the two bar-long columns only when someone
 * reads them (domain/portfolio/simulate.ts). The expansion holds exactly the values the per-bar
 * writes would hold.
 */

/** `(bar, cash, units)` from that bar on, in bar order; `count` rows used. */
export interface SimSteps {
  count: number;
  /** Set when a change found no free row: the steps are incomplete (the caller reruns with columns). */
  overflow: boolean;
  readonly bar: Int32Array;
  readonly cash: Float64Array;
  readonly units: Float64Array;
}

export function allocSteps(capacity: number): SimSteps {
  const cap = Math.max(1, capacity);
  return { count: 0, overflow: false, bar: new Int32Array(cap), cash: new Float64Array(cap), units: new Float64Array(cap) };
}

/**
 * Records the values held after bar t when they differ from the last row (bit for bit: `Object.is`,
 * so a change between 0 and -0 is kept and a NaN is not a change from NaN). A later row for the same
 * bar replaces the earlier one.
 */
export function recordStep(s: SimSteps, t: number, cash: number, units: number): void {
  const k = s.count;
  if (k > 0 && Object.is(s.cash[k - 1], cash) && Object.is(s.units[k - 1], units)) return;
  if (k > 0 && s.bar[k - 1] === t) {
    s.cash[k - 1] = cash;
    s.units[k - 1] = units;
    return;
  }
  if (k === s.bar.length) {
    s.overflow = true;
    return;
  }
  s.bar[k] = t;
  s.cash[k] = cash;
  s.units[k] = units;
  s.count = k + 1;
}

/** The per-bar cash and position columns of `n` bars from the steps (the first row is bar 0). */
export function expandSteps(s: SimSteps, n: number): { cash: Float64Array; position: Float64Array } {
  const cash = new Float64Array(n);
  const position = new Float64Array(n);
  for (let k = 0; k < s.count; k++) {
    const from = s.bar[k];
    const to = k + 1 < s.count ? s.bar[k + 1] : n;
    cash.fill(s.cash[k], from, to);
    position.fill(s.units[k], from, to);
  }
  return { cash, position };
}
