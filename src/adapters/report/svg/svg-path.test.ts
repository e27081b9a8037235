import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaData, decimate, pathData, px, py, type Plot } from './svg-path.js';

const r = (v: number) => Math.round(v * 10) / 10 + 0; // + 0: no -0

/** The absolute vertices of an `M`/`L`/`l`/`h`/`v`/`V`/`H`/`Z` path, read by a plain tokenizer (not the writer's logic). */
function vertices(d: string): [number, number][] {
  const tokens = d.match(/[MLlhvVHZ]|-?(?:\d+\.?\d*|\.\d+)/g) ?? [];
  const out: [number, number][] = [];
  let cmd = '';
  let x = 0, y = 0;
  for (let i = 0; i < tokens.length;) {
    if (/[A-Za-z]/.test(tokens[i])) { cmd = tokens[i++]; if (cmd === 'Z') continue; }
    const num = () => Number(tokens[i++]);
    if (cmd === 'M' || cmd === 'L') { x = num(); y = num(); }
    else if (cmd === 'l') { x += num(); y += num(); }
    else if (cmd === 'h') x += num();
    else if (cmd === 'v') y += num();
    else if (cmd === 'H') x = num();
    else if (cmd === 'V') y = num();
    else throw new Error(`unexpected ${cmd} in ${d}`);
    out.push([r(x), r(y)]);
  }
  return out;
}


describe('compact SVG paths', () => {
  it('hand-worked: relative moves in tenths, level and vertical stretches as h and v, separators only where needed', () => {
    expect(pathData([[70, 300], [70.4, 296.8], [71, 296.8], [72, 296.8], [72.5, 297.3], [72.5, 299]])).toBe('M70 300l.4-3.2h1.6l.5.5v1.7');
    expect(pathData([[10.04, 5], [10.04, 5], [12, 7]])).toBe('M10 5l2 2'); // a repeated point adds nothing
    expect(areaData([[1, 2], [3, 4]], 10)).toBe('M1 2l2 2V10H1Z');
    expect(pathData([])).toBe('');
  });

  it('property: draws the same polyline as the points rounded to 0.1 px (only repeated points and the inside of level stretches left out)', () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 30 }), fc.oneof(fc.constant(0), fc.double({ min: -200, max: 200, noNaN: true })));
    fc.assert(fc.property(fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), fc.array(point, { minLength: 1, maxLength: 60 }), (x0, y0, steps) => {
      // Ascending x (time order), levels repeated often.
      let x = x0, y = y0;
      const pts: [number, number][] = steps.map(([dx, dy]) => [(x += dx / 10), (y = dy === 0 ? y : y0 + dy)]);
      const want = pts.map(([a, b]) => [r(a), r(b)] as [number, number]);
      const got = vertices(pathData(pts));
      // Every vertex drawn is one of the rounded points, in order; every rounded point left out
      // lies on the drawn line: equal to the vertex before it, or on a level segment through it.
      let j = 0;
      for (let i = 0; i < want.length; i++) {
        const [wx, wy] = want[i];
        if (j < got.length && got[j][0] === wx && got[j][1] === wy) { j++; continue; }
        const before = got[j - 1];
        const after = got[j] ?? before;
        const repeated = before[0] === wx && before[1] === wy;
        const onLevel = before[1] === wy && after[1] === wy && before[0] <= wx && wx <= after[0];
        expect(repeated || onLevel, `point ${i} ${wx},${wy} in ${pathData(pts)}`).toBe(true);
      }
      expect(j).toBe(got.length);
      expect(got[got.length - 1]).toEqual(want[want.length - 1]);
    }), { numRuns: 500 });
  });

  it('property: decimate keeps, per pixel column, the lowest and highest finite point in time order (a plain re-computation)', () => {
    const plot: Plot = { x0: 70, x1: 976, y0: 78, y1: 347, t0: 0, t1: 0, lo: -5, hi: 5 };
    const value = fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant(NaN), fc.constant(Infinity), fc.constant(1));
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), value), { minLength: 1, maxLength: 300 }), (rows) => {
      let t = 0;
      const time = rows.map(([dt]) => (t += dt));
      const v = rows.map(([, x]) => x);
      const p = { ...plot, t1: t };
      // Reference: group the finite points by column, keep the first lowest and first highest of each, in time order.
      const want: [number, number][] = [];
      let i = 0;
      while (i < time.length) {
        const c = Math.floor(px(p, time[i]));
        const idx: number[] = [];
        while (i < time.length && Math.floor(px(p, time[i])) === c) { if (Number.isFinite(v[i])) idx.push(i); i++; }
        if (idx.length === 0) continue;
        const lo = idx.reduce((a, b) => (v[b] < v[a] ? b : a));
        const hi = idx.reduce((a, b) => (v[b] > v[a] ? b : a));
        for (const k of [...new Set([lo, hi])].sort((a, b) => a - b)) want.push([px(p, time[k]), py(p, v[k])]);
      }
      expect(decimate(p, time, v)).toEqual(want);
    }), { numRuns: 300 });
  });
});
