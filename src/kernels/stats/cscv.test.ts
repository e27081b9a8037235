import { describe, expect, it } from 'vitest';
import { blockBounds, blockReturnSums } from './block-sums.js';
import { binomial, cscv, splitMasks } from './cscv.js';
import { summarizeCscv } from './cscv-summary.js';

/** Equity (initial cash 1) of per-bar returns; block b of each combination is (m_b + 0.01, m_b - 0.01). */
function equityOf(blockMeans: number[]): Float64Array {
  const r = blockMeans.flatMap((m) => [m + 0.01, m - 0.01]);
  const e = new Float64Array(r.length);
  let v = 1;
  r.forEach((x, t) => { v *= 1 + x; e[t] = v; });
  return e;
}

describe('blockBounds / blockReturnSums', () => {
  it('cuts n bars into S contiguous blocks, remainder spread', () => {
    expect(Array.from(blockBounds(10, 4))).toEqual([0, 2, 5, 7, 10]);
  });
  it('sums r_0 = e_0/init - 1 and r_t = e_t/e_{t-1} - 1 per block', () => {
    const out = new Float64Array(4);
    blockReturnSums([110, 99, 99, 108.9], 100, [0, 2, 4], out);
    // returns 0.1, -0.1, 0, 0.1
    expect(out[0]).toBeCloseTo(0, 14);
    expect(out[1]).toBeCloseTo(0.02, 14);
    expect(out[2]).toBeCloseTo(0.1, 14);
    expect(out[3]).toBeCloseTo(0.01, 14);
  });
});

describe('splitMasks', () => {
  it('lists the C(S, S/2) in-sample sets in lexicographic order', () => {
    expect(Array.from(splitMasks(4))).toEqual([0b0011, 0b0101, 0b1001, 0b0110, 0b1010, 0b1100]);
    expect(splitMasks(16).length).toBe(12_870);
    expect(binomial(16, 8)).toBe(12_870);
    expect(new Set(splitMasks(16)).size).toBe(12_870);
  });
});

describe('cscv: hand-worked S = 4, 3 combinations', () => {
  // Block means (each block is 2 bars: m + 0.01, m - 0.01):
  //   combination 0: [ .03,  .03, -.01, -.01]  (good early, bad late)
  //   combination 1: [ .01,  .01,  .01,  .01]  (steady)
  //   combination 2: [-.01, -.01,  .03,  .03]  (bad early, good late)
  // Over 4 bars from two blocks with means a, b: mean = (a+b)/2, var(ddof 1) = ((a-b)² + 4·0.01²)/3.
  //   a = b = m: Sharpe = m·√3/0.02 → .03: 2.598, .01: 0.866, -.01: -0.866;  {.03, -.01}: 0.01/√(0.002/3) = 0.387.
  // Split (IS blocks) | IS Sharpe 0 / 1 / 2       | best | OOS Sharpe 0 / 1 / 2     | rank | ω   | λ
  // {0,1}            | 2.598 / 0.866 / -0.866   | 0    | -0.866 / 0.866 / 2.598   | 1    | 1/4 | ln(1/3)
  // {0,2}            | 0.387 / 0.866 / 0.387    | 1    | 0.387 / 0.866 / 0.387    | 3    | 3/4 | ln 3
  // {0,3}            | 0.387 / 0.866 / 0.387    | 1    | 0.387 / 0.866 / 0.387    | 3    | 3/4 | ln 3
  // {1,2}            | 0.387 / 0.866 / 0.387    | 1    | 0.387 / 0.866 / 0.387    | 3    | 3/4 | ln 3
  // {1,3}            | 0.387 / 0.866 / 0.387    | 1    | 0.387 / 0.866 / 0.387    | 3    | 3/4 | ln 3
  // {2,3}            | -0.866 / 0.866 / 2.598   | 2    | 2.598 / 0.866 / -0.866   | 1    | 1/4 | ln(1/3)
  // PBO = 2/6; probability of loss = 2/6; OOS vs IS slope: points (2.598, -0.866) ×2 and (0.866, 0.866) ×4 → -1.
  const bounds = blockBounds(8, 4);
  const sums = new Float64Array(3 * 4 * 2);
  [[0.03, 0.03, -0.01, -0.01], [0.01, 0.01, 0.01, 0.01], [-0.01, -0.01, 0.03, 0.03]].forEach((m, n) => blockReturnSums(equityOf(m), 1, bounds, sums, n * 8));
  const r = cscv(3, [2, 2, 2, 2], sums);
  const s3 = Math.sqrt(3);

  it('selects, ranks and scores every split as worked by hand', () => {
    expect(Array.from(r.best)).toEqual([0, 1, 1, 1, 1, 2]);
    expect(Array.from(r.rank)).toEqual([1, 3, 3, 3, 3, 1]);
    expect(Array.from(r.omega)).toEqual([0.25, 0.75, 0.75, 0.75, 0.75, 0.25]);
    const l = Math.log(3);
    [-l, l, l, l, l, -l].forEach((x, i) => expect(r.logit[i]).toBeCloseTo(x, 12));
    const is = [0.03 * s3 / 0.02, 0.01 * s3 / 0.02, 0.01 * s3 / 0.02, 0.01 * s3 / 0.02, 0.01 * s3 / 0.02, 0.03 * s3 / 0.02];
    is.forEach((x, i) => expect(r.isSharpe[i]).toBeCloseTo(x, 9));
    [-0.01 * s3 / 0.02, 0.01 * s3 / 0.02, 0.01 * s3 / 0.02, 0.01 * s3 / 0.02, 0.01 * s3 / 0.02, -0.01 * s3 / 0.02].forEach((x, i) => expect(r.oosSharpe[i]).toBeCloseTo(x, 9));
  });

  it('summarises PBO, probability of loss and degradation', () => {
    const s = summarizeCscv(r);
    expect(s.splits).toBe(6);
    expect(s.pbo).toBeCloseTo(1 / 3, 15);
    expect(s.probLoss).toBeCloseTo(1 / 3, 15);
    expect(s.slope).toBeCloseTo(-1, 9);
  });

  it('ranks an undefined OOS Sharpe as the worst and skips splits without any IS Sharpe', () => {
    const flat = new Float64Array(2 * 4 * 2); // both combinations flat: no variance anywhere
    const z = cscv(2, [2, 2, 2, 2], flat);
    expect(Array.from(z.best)).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(summarizeCscv(z).splits).toBe(0);
  });
});

describe('cscv: subset-sum tables vs direct sums', () => {
  it('give the same splits on random block sums (S = 10, 25 combinations)', () => {
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
    const S = 10;
    const N = 25;
    const sums = new Float64Array(N * S * 2);
    for (let i = 0; i < N * S; i++) { sums[2 * i] = rnd() - 0.48; sums[2 * i + 1] = 0.5 + rnd(); }
    const bars = new Array(S).fill(30);
    const a = cscv(N, bars, sums);
    const b = cscv(N, bars, sums, 0);
    expect(Array.from(a.best)).toEqual(Array.from(b.best));
    for (let k = 0; k < a.logit.length; k++) {
      expect(a.logit[k]).toBeCloseTo(b.logit[k], 12);
      expect(a.oosSharpe[k]).toBeCloseTo(b.oosSharpe[k], 12);
    }
  });
});
