import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_INDEX } from '../../../../domain/metrics/catalog.js';
import { buildParamSpace } from '../../../../domain/params/param-space.js';
import { dmaAtrTrend } from '../../../../domain/strategies/dma-atr-trend.js';
import { convergenceSeries } from './convergence-page.js';
import { isBetter } from '../../../../domain/params/ranking.js';
import { bestSoFar, evaluations, pairGrid, quantile, statsByValue, type OptimizationReportModel } from './model.js';

/** 2 × 3 grid (short × long), target total_return = value by position; position 5 undefined, 4 not done. */
function model(metric: 'total_return' | 'max_drawdown' = 'total_return'): OptimizationReportModel {
  const s = buildParamSpace(dmaAtrTrend, dmaAtrTrend.defaults, { short_ma_window: [5, 10], long_ma_window: [30, 40, 50] }, { method: 'grid' });
  if (!s.ok) throw new Error('space');
  const target = [0.1, -0.2, 0.3, 0.05, 0.9, NaN];
  const rows = new Float64Array(6 * METRIC_COUNT).fill(NaN);
  target.forEach((v, i) => { rows[i * METRIC_COUNT + METRIC_INDEX[metric]] = v; });
  return {
    symbol: 'X/Y', timeframe: '1h', strategyName: 'DMA', origin: { kind: 'csv', synthetic: false, exchange: 'x', market: 'spot', description: '' }, metric,
    method: 'grid', space: s.value, order: [0, 1, 2, 3, 4, 5], rows, ranking: [2, 0, 3, 1, 5], done: Uint8Array.from([1, 1, 1, 1, 0, 1]),
    gridSize: 6, constraintSkips: 0, planned: 6, partial: true, selection: null, hasBestBacktest: false,
  };
}

describe('optimization report model', () => {
  it('statsByValue: box, mean and best of the finite values per value (hand case)', () => {
    const m = model();
    const ev = evaluations(m);
    expect(Array.from(ev.positions)).toEqual([0, 1, 2, 3, 5]);
    const [s5, s10] = statsByValue(m, ev, 0);
    // short 5: positions 0, 1, 2 → [-0.2, 0.1, 0.3]; short 10: position 3 (0.05), position 5 undefined.
    expect(s5.box).toEqual([-0.2, quantile([-0.2, 0.1, 0.3], 0.25), 0.1, quantile([-0.2, 0.1, 0.3], 0.75), 0.3]);
    expect(s5.box[1]).toBeCloseTo(-0.05, 15);
    expect(s5.mean).toBeCloseTo(0.2 / 3, 15);
    expect([s5.best, s10.best, s10.finite, s10.excluded]).toEqual([0.3, 0.05, 1, 1]);
  });
  it('pairGrid: best and mean per cell; empty cells NaN', () => {
    const m = model();
    const g = pairGrid(m, evaluations(m), 0, 1);
    expect(Array.from(g.best)).toEqual([0.1, -0.2, 0.3, 0.05, NaN, NaN]);
    expect(Array.from(g.count)).toEqual([1, 1, 1, 1, 0, 0]);
    const dd = model('max_drawdown');
    const gl = pairGrid(dd, evaluations(dd), 1, 0);
    // Rows are long (30, 40, 50), columns short (5, 10); lower is better.
    expect(Array.from(gl.best)).toEqual([0.1, 0.05, -0.2, NaN, 0.3, NaN]);
  });
  it('bestSoFar and the convergence series in each direction', () => {
    expect(Array.from(bestSoFar([NaN, 0.1, -1, 0.5, 0.2], 'higher'))).toEqual([NaN, 0.1, 0.1, 0.5, 0.5]);
    expect(Array.from(bestSoFar([0.3, NaN, 0.1, 0.2], 'lower'))).toEqual([0.3, 0.3, 0.1, 0.1]);
    const s = convergenceSeries([NaN, 0.1, -1, 0.5, 0.2], [1, 2, 3, 4, 5], 'higher');
    expect(s.bestX).toEqual([2, 4, 5]);
    expect(s.bestY).toEqual([0.1, 0.5, 0.5]);
    expect(s.evalX).toEqual([1, 2, 3, 4, 5]);
  });
  it('convergenceSeries samples large runs but keeps every improvement', () => {
    const n = 50_000;
    const target = Array.from({ length: n }, (_, i) => (i === 33_333 ? 10 : Math.sin(i)));
    const s = convergenceSeries(target, target.map((_, i) => i + 1), 'higher');
    expect(s.evalX.length).toBeLessThanOrEqual(20_000 + s.bestX.length);
    expect(s.evalX).toContain(33_334);
    expect(s.bestY[s.bestY.length - 1]).toBe(10);
  });
  it('statsByValue equals a plain per-value loop (sorted JS arrays) bit for bit, with NaN, ±inf, ±0 and ties', () => {
    const value = fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 0.1, -0.2), fc.double({ noNaN: true, min: -1e3, max: 1e3 }));
    fc.assert(fc.property(fc.array(value, { minLength: 6, maxLength: 6 }), fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }), fc.constantFrom<'total_return' | 'max_drawdown'>('total_return', 'max_drawdown'), (target, skip, metric) => {
      const base = model(metric);
      const rows = new Float64Array(6 * METRIC_COUNT).fill(NaN);
      target.forEach((v, i) => { rows[i * METRIC_COUNT + METRIC_INDEX[metric]] = v; });
      const done = Uint8Array.from({ length: 6 }, (_, i) => (skip.includes(i) ? 0 : 1));
      const m = { ...base, rows, done };
      const ev = evaluations(m);
      for (let k = 0; k < 2; k++) {
        const got = statsByValue(m, ev, k);
        m.space.values[k].forEach((_, vi) => {
          // The former implementation: a JS array per value in evaluation order, sorted with a comparator.
          const xs: number[] = [];
          let excluded = 0;
          let best = NaN;
          for (let e = 0; e < ev.target.length; e++) {
            if (ev.digits[k][e] !== vi) continue;
            const v = ev.target[e];
            if (!Number.isFinite(v)) { excluded++; continue; }
            xs.push(v);
            if (isBetter(v, best, metric === 'max_drawdown' ? 'lower' : 'higher')) best = v;
          }
          xs.sort((a, b) => a - b);
          const mean = xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
          const box = [0, 0.25, 0.5, 0.75, 1].map((q) => quantile(xs, q));
          const g = got[vi];
          expect([g.finite, g.excluded]).toEqual([xs.length, excluded]);
          for (const [a, b] of [[g.mean, mean], [g.best, best], ...g.box.map((x, i) => [x, box[i]])]) expect(Object.is(a, b)).toBe(true);
        });
      }
    }), { numRuns: 300 });
  });
});
