import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareResults, isBetter, rankResults } from './ranking.js';

describe('ranking', () => {
  it('higher is better: ties keep grid order, NaN last', () => {
    const v = [0.1, NaN, 0.3, 0.3, -1, NaN, Infinity];
    const g = [5, 0, 9, 2, 1, 3, 8];
    const r = rankResults(v.length, (i) => v[i], (i) => g[i], 'higher');
    expect(Array.from(r)).toEqual([6, 3, 2, 0, 4, 1, 5]);
  });
  it('lower is better (max_drawdown): smallest first, NaN still last', () => {
    const v = [0.2, NaN, 0.05, 0.05, 0.5];
    const g = [0, 1, 4, 3, 2];
    expect(Array.from(rankResults(v.length, (i) => v[i], (i) => g[i], 'lower'))).toEqual([3, 2, 0, 4, 1]);
  });
  it('isBetter never prefers NaN', () => {
    expect([isBetter(1, NaN, 'higher'), isBetter(NaN, 1, 'higher'), isBetter(NaN, NaN, 'lower'), isBetter(0.1, 0.2, 'lower')]).toEqual([true, false, false, true]);
  });
  it('property: the ranking is a permutation sorted by (value in direction, NaN last, grid index)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(NaN), fc.integer({ min: -3, max: 3 }))), fc.constantFrom<'higher' | 'lower'>('higher', 'lower'), (vals, dir) => {
      const g = vals.map((_, i) => (i * 7) % (vals.length + 1));
      const r = Array.from(rankResults(vals.length, (i) => vals[i], (i) => g[i], dir));
      if ([...r].sort((a, b) => a - b).join() !== vals.map((_, i) => i).join()) return false;
      for (let k = 1; k < r.length; k++) if (compareResults(vals[r[k - 1]], g[r[k - 1]], vals[r[k]], g[r[k]], dir) > 0) return false;
      return true;
    }));
  });
  it('demoted results (--min-trades) rank after all others, +inf first, NaN last among the rest', () => {
    // values, with trades [1, 5, 5, 0, 5, 5]; min trades 3 demotes 0 and 3
    const v = [9, 0.5, Infinity, 7, NaN, 0.7];
    const trades = [1, 5, 5, 0, 5, 5];
    const r = rankResults(v.length, (i) => v[i], (i) => i, 'higher', (i) => trades[i] < 3);
    expect(Array.from(r)).toEqual([2, 5, 1, 4, 0, 3]);
  });
});
