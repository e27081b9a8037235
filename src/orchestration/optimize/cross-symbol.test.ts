import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_INDEX } from '../../domain/metrics/catalog.js';
import { rankAcrossSymbols } from './cross-symbol.js';
import type { SymbolOptimization } from './optimize-symbol.js';

function sym(symbol: string, values: number[], done = values.map(() => 1)): SymbolOptimization {
  const rows = new Float64Array(values.length * METRIC_COUNT).fill(NaN);
  values.forEach((v, i) => { rows[i * METRIC_COUNT + METRIC_INDEX.total_return] = v; rows[i * METRIC_COUNT + METRIC_INDEX.max_drawdown] = Math.abs(v); });
  return { symbol, order: Float64Array.from(values, (_, i) => 10 + i), rows, done: Uint8Array.from(done), completed: 0, interrupted: false, ranking: new Int32Array(), sharedIndicators: 0 };
}

describe('rankAcrossSymbols', () => {
  it('hand case: mean and worst per combination, ranked (ties by grid index, NaN last), only positions done everywhere', () => {
    const a = sym('A', [0.1, 0.3, -0.2, 0.05, NaN]);
    const b = sym('B', [0.3, 0.1, 0.4, 0.25, 0.2], [1, 1, 1, 0, 1]);
    const x = rankAcrossSymbols([a, b], 'total_return');
    expect(Array.from(x.positions)).toEqual([0, 1, 2, 4]);
    // (0.1 + 0.3) / 2, (0.3 + 0.1) / 2, (-0.2 + 0.4) / 2; position 4 is undefined on A.
    expect(Array.from(x.mean)).toEqual([0.2, 0.2, 0.1, NaN]);
    expect(Array.from(x.worst)).toEqual([0.1, 0.1, -0.2, NaN]);
    // Positions 0 and 1 tie on the mean (0.2) and the worst (0.1): grid order decides.
    expect(Array.from(x.byMean)).toEqual([0, 1, 2, 3]);
    expect(Array.from(x.byWorst)).toEqual([0, 1, 2, 3]);
    expect(Array.from(x.values.subarray(0, 2))).toEqual([0.1, 0.3]);
  });
  it('lower-is-better metric: worst is the largest drawdown', () => {
    const x = rankAcrossSymbols([sym('A', [0.1, 0.3]), sym('B', [0.2, 0.05])], 'max_drawdown');
    expect(Array.from(x.worst)).toEqual([0.2, 0.3]);
    expect(Array.from(x.byWorst)).toEqual([0, 1]);
    expect(Array.from(x.byMean)).toEqual([0, 1]);
  });
  it('min-trades: a combination with too few closed trades on any symbol ranks after all others', () => {
    const a = sym('A', [0.5, 0.2, 0.1]);
    const b = sym('B', [0.5, 0.2, 0.1]);
    // position 0 is the best by mean but traded twice on B; position 1 traded 3 times everywhere
    [a, b].forEach((r) => [5, 3, 9].forEach((n, p) => { r.rows[p * METRIC_COUNT + METRIC_INDEX.total_trades] = n; }));
    b.rows[0 * METRIC_COUNT + METRIC_INDEX.total_trades] = 2;
    expect(Array.from(rankAcrossSymbols([a, b], 'total_return').byMean)).toEqual([0, 1, 2]);
    expect(Array.from(rankAcrossSymbols([a, b], 'total_return', undefined, 3).byMean)).toEqual([1, 2, 0]);
    expect(Array.from(rankAcrossSymbols([a, b], 'total_return', undefined, 4).byMean)).toEqual([2, 0, 1]);
    expect(Array.from(rankAcrossSymbols([a, b], 'total_return', undefined, 4).byWorst)).toEqual([2, 0, 1]);
  });
});
