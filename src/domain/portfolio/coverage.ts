/** Whether the symbols of a portfolio share any period (DESIGN.md §3b: one account needs overlapping data). */

export interface Coverage {
  /** Latest first bar and earliest last bar over the symbols; `overlapStart > overlapEnd` = no common period. */
  readonly overlapStart: number;
  readonly overlapEnd: number;
  readonly disjoint: boolean;
  /** Symbols whose data starts after the earliest start or ends before the latest end. */
  readonly partial: readonly string[];
}

export function coverage(series: readonly { readonly symbol: string; readonly time: Float64Array }[]): Coverage {
  const firsts = series.map((s) => (s.time.length ? s.time[0] : NaN));
  const lasts = series.map((s) => (s.time.length ? s.time[s.time.length - 1] : NaN));
  const overlapStart = Math.max(...firsts);
  const overlapEnd = Math.min(...lasts);
  const lo = Math.min(...firsts);
  const hi = Math.max(...lasts);
  const partial = series.filter((_, i) => firsts[i] !== lo || lasts[i] !== hi).map((s) => s.symbol);
  return { overlapStart, overlapEnd, disjoint: !(overlapStart <= overlapEnd), partial };
}
