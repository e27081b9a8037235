import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_INDEX } from '../metrics/catalog.js';
import type { ParamSpace } from '../params/param-space.js';
import { selectCombination } from './select.js';

// A 1-D grid a ∈ [1..5]; sharpe by grid index: a lone spike at a=2, a broad plateau at a=4..5.
const space = { keys: ['a'], values: [[1, 2, 3, 4, 5]], size: 5, base: {} } as unknown as ParamSpace<any>;
const sharpe = [0, 3, 0, 1.8, 1.8];
const trades = [10, 10, 10, 10, 2];
const rows = new Float64Array(5 * METRIC_COUNT).fill(NaN);
sharpe.forEach((v, i) => { rows[i * METRIC_COUNT + METRIC_INDEX.sharpe_ratio] = v; rows[i * METRIC_COUNT + METRIC_INDEX.total_trades] = trades[i]; });
const order = [0, 1, 2, 3, 4];

describe('selectCombination', () => {
  it('best takes the spike', () => {
    expect(selectCombination({ space, order, rows, metric: 'sharpe_ratio' }, 'best')).toEqual({ position: 1, score: 3 });
  });
  it('robust takes the best neighbourhood mean: a=1 → 1.5, a=2 → 1, a=3 → (3+0+1.8)/3 = 1.6, a=4 → 1.2, a=5 → (1.8+1.8)/2 = 1.8', () => {
    const s = selectCombination({ space, order, rows, metric: 'sharpe_ratio' }, 'robust')!;
    expect(s.position).toBe(4);
    expect(s.score).toBeCloseTo(1.8, 15);
  });
  it('--min-trades makes a=5 ineligible (and drops it from neighbourhoods)', () => {
    const s = selectCombination({ space, order, rows, metric: 'sharpe_ratio', minTrades: 5 }, 'robust')!;
    // a=1: 1.5, a=2: 1, a=3: (3+0+1.8)/3 = 1.6, a=4: (0+1.8)/2 = 0.9 → a=3.
    expect(s.position).toBe(2);
    expect(s.score).toBeCloseTo(1.6, 15);
    expect(selectCombination({ space, order, rows, metric: 'sharpe_ratio', minTrades: 11 }, 'best')).toBeNull();
  });
});
