import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METRIC_COUNT } from '../../domain/metrics/catalog.js';
import type { SymbolOptimization } from '../../orchestration/optimize/optimize-symbol.js';
import { fingerprintOf, frameFingerprint, readSymbolState, STATE_ROWS_FILE, writeSymbolState } from './optimization-state.js';
import { frameFrom } from '../../../test/support/make-frame.js';

const dirs: string[] = [];
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

describe('resume state', () => {
  it('round-trips the finished rows bit for bit (NaN, -0, ±∞ included) and only those', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opt-state-'));
    dirs.push(dir);
    const n = 7;
    const rows = new Float64Array(n * METRIC_COUNT).map((_, i) => [NaN, -0, Infinity, -Infinity, 0.1 * i, 1e-300][i % 6]);
    const done = Uint8Array.from([1, 0, 1, 1, 0, 0, 1]);
    const opt = { done, rows, completed: 4 } as unknown as SymbolOptimization;
    await writeSymbolState(dir, opt);
    const back = await readSymbolState(dir, n);
    expect(back).not.toBeNull();
    expect(Array.from(back!.done)).toEqual(Array.from(done));
    for (let p = 0; p < n; p++) {
      for (let m = 0; m < METRIC_COUNT; m++) {
        const want = done[p] ? rows[p * METRIC_COUNT + m] : NaN;
        expect(Object.is(back!.rows[p * METRIC_COUNT + m], want)).toBe(true);
      }
    }
    expect(await readSymbolState(dir, n + 1)).toBeNull();
    await writeFile(join(dir, STATE_ROWS_FILE), 'garbage!');
    expect(await readSymbolState(dir, n)).toBeNull();
    expect(await readSymbolState(join(dir, 'missing'), n)).toBeNull();
  });
  it('fingerprints ignore key order but see every value and every bar', () => {
    expect(fingerprintOf({ a: 1, b: [1, 2] })).toBe(fingerprintOf({ b: [1, 2], a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
    expect(fingerprintOf({ a: NaN })).not.toBe(fingerprintOf({ a: null }));
    const f = frameFrom([1, 2, 3, 4]);
    const g = frameFrom([1, 2, 3, 4.000000001]);
    expect(frameFingerprint(f)).toBe(frameFingerprint(frameFrom([1, 2, 3, 4])));
    expect(frameFingerprint(f)).not.toBe(frameFingerprint(g));
  });

  it('frame fingerprints see the funding rates and the other symbols\' bars a strategy reads (a resume on changed ones is refused)', () => {
    const f = frameFrom([1, 2, 3, 4]);
    const btc = { ...frameFrom([10, 20, 30, 40]), symbol: 'BTC/USDT' };
    const withBtc = { ...f, informative: { 'BTC/USDT': btc } };
    expect(frameFingerprint(withBtc)).not.toBe(frameFingerprint(f));
    expect(frameFingerprint(withBtc)).toBe(frameFingerprint({ ...f, informative: { 'BTC/USDT': { ...frameFrom([10, 20, 30, 40]), symbol: 'BTC/USDT' } } }));
    expect(frameFingerprint(withBtc)).not.toBe(frameFingerprint({ ...f, informative: { 'BTC/USDT': { ...frameFrom([10, 20, 30, 41]), symbol: 'BTC/USDT' } } }));
    const funded = { ...f, funding: Float64Array.from([0, 1e-4, 0, 0]) };
    expect(frameFingerprint(funded)).not.toBe(frameFingerprint(f));
    expect(frameFingerprint(funded)).not.toBe(frameFingerprint({ ...f, funding: Float64Array.from([0, 2e-4, 0, 0]) }));
  });
});
