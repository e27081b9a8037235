import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_INDEX } from '../../domain/metrics/catalog.js';
import type { Objective } from '../../domain/params/objective.js';
import type { ParamSpace } from '../../domain/params/param-space.js';
import { objectiveScores } from './objective-scores.js';
import { rankDone } from './optimize-symbol.js';

// Three combinations of one parameter a ∈ {1, 2, 3}; position p holds grid index order[p].
const space: ParamSpace<{ a: number }> = { keys: ['a'], values: [[1, 2, 3]], size: 3, base: { a: 1 } };
const order = new Float64Array([2, 0, 1]);
function rowsOf(sharpe: number[], dd: number[], trades: number[]): Float64Array {
  const rows = new Float64Array(3 * METRIC_COUNT).fill(NaN);
  for (let p = 0; p < 3; p++) {
    rows[p * METRIC_COUNT + METRIC_INDEX.sharpe_ratio] = sharpe[p];
    rows[p * METRIC_COUNT + METRIC_INDEX.max_drawdown] = dd[p];
    rows[p * METRIC_COUNT + METRIC_INDEX.total_trades] = trades[p];
  }
  return rows;
}
const penalised: Objective = { name: 'pen', direction: 'higher', score: (s) => s.sharpe_ratio - 2 * s.max_drawdown };

describe('objectiveScores and the ranking by an objective', () => {
  it('scores every done position from its row and ranks by the score (hand-worked)', () => {
    // sharpe − 2·dd: p0 = 2 − 0.8 = 1.2, p1 = 1.5 − 0.1 = 1.4, p2 = 1.0 − 0.1 = 0.8
    const rows = rowsOf([2, 1.5, 1], [0.4, 0.05, 0.05], [10, 10, 10]);
    const done = new Uint8Array([1, 1, 1]);
    const s = objectiveScores(penalised, space, order, rows, done);
    expect(Array.from(s)).toEqual([2 - 0.8, 1.5 - 0.1, 1 - 0.1]);
    expect(Array.from(rankDone(rows, order, done, 'sharpe_ratio', 0, { values: s, direction: 'higher' }))).toEqual([1, 0, 2]);
    // by the metric alone the order is p0, p1, p2
    expect(Array.from(rankDone(rows, order, done, 'sharpe_ratio'))).toEqual([0, 1, 2]);
    expect(Array.from(rankDone(rows, order, done, 'sharpe_ratio', 0, { values: s, direction: 'lower' }))).toEqual([2, 0, 1]);
  });

  it('passes the parameter values; NaN ranks last; positions not done are not scored', () => {
    const rows = rowsOf([1, 1, 1], [0, 0, 0], [1, 1, 1]);
    const seen: number[] = [];
    const byParam: Objective = { name: 'p', direction: 'higher', score: (_s, p) => { seen.push(p.a as number); return p.a === 3 ? NaN : (p.a as number); } };
    const done = new Uint8Array([1, 1, 0]);
    const s = objectiveScores(byParam, space, order, rows, done);
    expect(seen).toEqual([3, 1]); // grid index 2 → a = 3, grid index 0 → a = 1
    expect(Number.isNaN(s[0]) && s[1] === 1 && Number.isNaN(s[2])).toBe(true);
    expect(Array.from(rankDone(rows, order, done, 'sharpe_ratio', 0, { values: s, direction: 'higher' }))).toEqual([1, 0]);
  });

  it('min-trades still demotes under an objective', () => {
    const rows = rowsOf([2, 1.5, 1], [0.4, 0.05, 0.05], [10, 3, 10]);
    const done = new Uint8Array([1, 1, 1]);
    const s = objectiveScores(penalised, space, order, rows, done);
    expect(Array.from(rankDone(rows, order, done, 'sharpe_ratio', 5, { values: s, direction: 'higher' }))).toEqual([0, 2, 1]);
  });

  it('a throw or a result that is not a number is a strategy error naming the combination', () => {
    const rows = rowsOf([1, 1, 1], [0, 0, 0], [1, 1, 1]);
    const done = new Uint8Array([1, 1, 1]);
    const thrower: Objective = { name: 'boom.mjs', direction: 'higher', score: () => { throw new Error('kaput'); } };
    expect(() => objectiveScores(thrower, space, order, rows, done)).toThrow(/boom\.mjs threw for a=3: kaput/);
    const text = { name: 't.mjs', direction: 'higher', score: () => 'x' } as unknown as Objective;
    expect(() => objectiveScores(text, space, order, rows, done)).toThrow(/returned "x" for a=3, not a number/);
  });
});
