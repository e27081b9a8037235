/**
 * `PiscinaPool.strategyOutput`: a strategy file's output for one parameter set computed on a pool
 * thread (the best combination's backtest of an optimization) equals the strategy host thread's,
 * bit for bit; `--strategy-timeout` stops it as it stops a chunk; an interrupt does not abandon it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrategyError } from '../../base/errors.js';
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import type { StrategyOutput } from '../../orchestration/strategy-signals.js';
import { sameBits, sampleFrame } from '../../../test/optimization/fixtures.js';
import { tempDir } from '../../../test/support/run-cli.js';
import { StrategyHost } from '../strategy/strategy-host.js';
import { compiledTypeScriptUrl } from '../strategy/compile-ts.js';
import { setStrategyTimeout, DEFAULT_STRATEGY_TIMEOUT_SECONDS } from '../strategy/strategy-limits.js';
import { PiscinaPool } from './piscina-pool.js';

const EXAMPLE = join(import.meta.dirname, '../../../examples/strategies/rsi-reversion.ts');

/**
 * Empty signals, after `w === 9` loops forever and `w === 5` computes for 300 ms. Plain CommonJS
 * without imports (a class with the strategy's members), so threads run from sources load it as it is.
 */
const SLOW = `module.exports = class Slow {
  static defaults = { w: 1 };
  constructor(frame, params) { this.frame = frame; this.params = params; this.indicators = {}; this.placement = {}; }
  initIndicators() {}
  generateSignals() {
    if (this.params.w === 9) for (;;) { /* forever */ }
    if (this.params.w === 5) { const t = Date.now(); while (Date.now() - t < 300) { /* busy */ } }
    const n = this.frame.length;
    return { longEntries: new Uint8Array(n), longExits: new Uint8Array(n), shortEntries: new Uint8Array(n), shortExits: new Uint8Array(n),
      slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0 };
  }
}
`;

function expectSameOutput(a: StrategyOutput, b: StrategyOutput): void {
  const keys = (o: object) => Object.keys(o).sort();
  expect(keys(a.signals)).toEqual(keys(b.signals));
  for (const k of keys(a.signals)) {
    const x = (a.signals as unknown as Record<string, unknown>)[k];
    const y = (b.signals as unknown as Record<string, unknown>)[k];
    if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) {
      expect(x.constructor, k).toBe(y.constructor);
      expect(sameBits(x as unknown as ArrayLike<number>, y as unknown as ArrayLike<number>), k).toBe(true);
    } else {
      expect(x, k).toEqual(y);
    }
  }
  expect(keys(a.indicators)).toEqual(keys(b.indicators));
  for (const k of keys(a.indicators)) expect(sameBits(a.indicators[k], b.indicators[k]), k).toBe(true);
  expect(a.placement).toEqual(b.placement);
}

describe('PiscinaPool.strategyOutput (a strategy file on a pool thread)', () => {
  let slow: string;
  let frame: OhlcvFrame;
  const pool = new PiscinaPool(2);

  beforeAll(async () => {
    slow = join(await tempDir('bt-output-'), 'slow.cjs');
    await writeFile(slow, SLOW);
    // Warm-up bars at the start, as an optimization's frames have: the output covers every bar.
    frame = { ...(await sampleFrame('BTC/USDT', '4h', '2022-06-01', '2023-06-01')), warmup: 120 };
    // Compiled here first, as on a second run: run from sources, a plain thread cannot compile a
    // .ts file (the compile step imports src/strategy-api.ts to check its names), only load it.
    await compiledTypeScriptUrl(EXAMPLE);
  });

  afterAll(async () => {
    setStrategyTimeout(DEFAULT_STRATEGY_TIMEOUT_SECONDS);
    await pool.close();
  });

  it('equals the strategy host thread\'s output bit for bit, on spot and swap', async () => {
    const host = new StrategyHost(EXAMPLE);
    try {
      for (const market of ['spot', 'swap'] as const) {
        for (const params of [{ rsi_period: 7, oversold: 25, overbought: 70, trend_window: 50, stop_loss: 0.05 }, { rsi_period: 14, oversold: 35, overbought: 65, trend_window: 100, stop_loss: 0 }]) {
          const onPool = await pool.strategyOutput({ frame, strategy: { kind: 'file', path: EXAMPLE }, params, market });
          const onHost = await host.run(frame, params, market);
          expect(onPool.signals.longEntries.length).toBe(frame.length);
          expect(onPool.signals.longEntries.some((v) => v === 1)).toBe(true);
          expectSameOutput(onPool, onHost);
        }
      }
    } finally {
      await host.close();
    }
  });

  it('stops an endless call after --strategy-timeout, naming the file and the call; the pool keeps working', async () => {
    setStrategyTimeout(1);
    const t0 = Date.now();
    const r = pool.strategyOutput({ frame, strategy: { kind: 'file', path: slow }, params: { w: 9 }, market: 'spot' });
    await expect(r).rejects.toBeInstanceOf(StrategyError);
    await expect(r).rejects.toMatchObject({ code: 'STRATEGY_TIMEOUT' });
    await expect(r).rejects.toThrow(/slow\.cjs: generateSignals\(\) on BTC\/USDT ran longer than 1 s \(--strategy-timeout\)/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    setStrategyTimeout(DEFAULT_STRATEGY_TIMEOUT_SECONDS);
    const ok = await pool.strategyOutput({ frame, strategy: { kind: 'file', path: slow }, params: { w: 1 }, market: 'spot' });
    expect(ok.signals.longEntries.length).toBe(frame.length);
  });

  it('is not abandoned by an interrupt (it has no partial result): it finishes', async () => {
    const stop = new AbortController();
    pool.abandonOn(stop.signal, 10);
    const r = pool.strategyOutput({ frame, strategy: { kind: 'file', path: slow }, params: { w: 5 }, market: 'spot' });
    setTimeout(() => stop.abort(), 20);
    const out = await r;
    expect(out.signals.longEntries.length).toBe(frame.length);
  });
});
