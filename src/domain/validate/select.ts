import { METRIC_COUNT, METRIC_INDEX, metricInfo, type MetricKey } from '../metrics/catalog.js';
import { gridDigits, type ParamSpace } from '../params/param-space.js';
import { rankResults } from '../params/ranking.js';

export interface SelectionInput {
  readonly space: ParamSpace<any>;
  /** Grid index by position. */
  readonly order: ArrayLike<number>;
  /** Metrics rows by position (`METRIC_COUNT` each). */
  readonly rows: Float64Array;
  readonly metric: MetricKey;
  /** Combinations with fewer closed trades are not eligible (default 0). */
  readonly minTrades?: number;
}

/** The chosen position and the score it was chosen by (the metric, or its neighbourhood mean). */
export interface Selection {
  readonly position: number;
  readonly score: number;
}

function eligible(s: SelectionInput, p: number): boolean {
  const v = s.rows[p * METRIC_COUNT + METRIC_INDEX[s.metric]];
  return v === v && s.rows[p * METRIC_COUNT + METRIC_INDEX.total_trades] >= (s.minTrades ?? 0);
}

/**
 * `best`: the eligible combination ranked first by the metric (DESIGN.md §6: its direction, ties
 * by grid index). `robust`: the eligible combination with the best mean of the metric over itself
 * and its grid neighbours (one step up or down in one parameter's list, those evaluated and
 * eligible), ties by grid index. Null when no combination is eligible.
 */
export function selectCombination(s: SelectionInput, mode: 'best' | 'robust'): Selection | null {
  const m = METRIC_INDEX[s.metric];
  const cand: number[] = [];
  for (let p = 0; p < s.order.length; p++) if (eligible(s, p)) cand.push(p);
  if (cand.length === 0) return null;
  const value = (p: number) => s.rows[p * METRIC_COUNT + m];
  let score = value;
  if (mode === 'robust') {
    const byGrid = new Map<number, number>();
    for (const p of cand) byGrid.set(s.order[p], p);
    const K = s.space.keys.length;
    const digits = new Int32Array(K);
    const strides = new Array<number>(K);
    let acc = 1;
    for (let k = K - 1; k >= 0; k--) { strides[k] = acc; acc *= s.space.values[k].length; }
    const mean = new Map<number, number>();
    for (const p of cand) {
      const g = s.order[p];
      gridDigits(s.space, g, digits);
      let sum = value(p);
      let count = 1;
      for (let k = 0; k < K; k++) {
        for (const d of [-1, 1]) {
          const x = digits[k] + d;
          if (x < 0 || x >= s.space.values[k].length) continue;
          const q = byGrid.get(g + d * strides[k]);
          if (q !== undefined && Number.isFinite(value(q))) { sum += value(q); count++; }
        }
      }
      mean.set(p, sum / count);
    }
    score = (p: number) => mean.get(p)!;
  }
  const r = rankResults(cand.length, (k) => score(cand[k]), (k) => s.order[cand[k]], metricInfo(s.metric).direction);
  const position = cand[r[0]];
  return { position, score: score(position) };
}
