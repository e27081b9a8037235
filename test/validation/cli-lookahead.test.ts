/** `backtester check-lookahead` end to end: planted look-ahead strategies fail with the series named; DMA-ATR-Trend and the examples pass. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, tempDir } from '../support/run-cli.js';

let root = '';
beforeAll(async () => {
  root = await tempDir('la-cli-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const HEADER = `import { BaseStrategy, sma } from 'backtester';\n`;
/** Buys when the NEXT bar's close is higher: reads close[t+1]. */
const PEEK = `${HEADER}export default class Peek extends BaseStrategy {
  static defaults = { window: 10 };
  initIndicators() { this.indicator('SMA', 'SMA(close,10)', () => sma(this.frame.close, 10), 'price'); }
  generateSignals() {
    const s = this.emptySignals(); const c = this.frame.close;
    for (let t = 0; t < this.frame.length; t++) { if (c[t + 1] > c[t] * 1.002) s.longEntries[t] = 1; else if (c[t + 1] < c[t] * 0.998) s.longExits[t] = 1; }
    return { ...s, slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0 };
  }
}\n`;
/** An oscillator normalised by the maximum of the whole series. */
const NORMALISED = `${HEADER}export default class Normalised extends BaseStrategy {
  static defaults = { level: 0.9 };
  private x!: Float64Array;
  initIndicators() {
    const c = this.frame.close; let max = -Infinity; for (const v of c) max = Math.max(max, v);
    this.x = this.indicator('close/max', 'NORM', () => c.map((v) => v / max));
  }
  generateSignals() {
    const s = this.emptySignals();
    for (let t = 1; t < this.frame.length; t++) { if (this.x[t] > this.params.level && this.x[t - 1] <= this.params.level) s.longEntries[t] = 1; if (this.x[t] < this.params.level - 0.05) s.longExits[t] = 1; }
    return { ...s, slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0 };
  }
}\n`;

const check = (file: string, extra: string[] = []) => runCli(['check-lookahead', '--strategy', file, '--start', '2023-01-01', '--end', '2023-04-01', ...extra]);

describe.skipIf(!existsSync(CLI))('backtester check-lookahead (CLI)', () => {
  it('flags a strategy that reads close[t+1], naming the signal, the bar and both values', async () => {
    const f = join(root, 'peek.ts');
    writeFileSync(f, PEEK);
    const out = join(root, 'peek-out');
    const r = await check(f, ['--output', out]);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(r.stdout).toMatch(/LOOK-AHEAD signal:longEntries: +bar \d+ \(2023-.*\) was 1 with all data, 0 with data ending at bar \d+/);
    expect(r.stderr).toContain('Look-ahead check failed');
    const json = JSON.parse(readFileSync(join(out, 'lookahead.json'), 'utf8'));
    const p = json.problems.find((x: { series: string }) => x.series === 'signal:longEntries');
    expect(p.kind).toBe('lookahead');
    // The changed bar is the last one the truncated data has: it needed the bar after it.
    expect(p.bar).toBe(p.cut);
    expect(json.problems.some((x: { series: string }) => x.series === 'SMA')).toBe(false);
  });

  it('flags an indicator normalised by the whole series\' maximum (look-ahead and start dependence)', async () => {
    const f = join(root, 'norm.ts');
    writeFileSync(f, NORMALISED);
    const r = await check(f);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/LOOK-AHEAD close\/max: +bar \d+/);
  });

  it('passes DMA-ATR-Trend (SMA and EMA, ADX on) and the example strategy', async () => {
    const a = await runCli(['check-lookahead', '--start', '2023-01-01', '--end', '2023-05-01']);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(a.stdout).toContain('Look-ahead check passed');
    const b = await runCli(['check-lookahead', '--start', '2023-01-01', '--end', '2023-05-01', '--param', 'ma_type=EMA', '--param', 'use_adx=true']);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    const c = await runCli(['check-lookahead', '--strategy', 'examples/strategies/rsi-reversion.ts', '--start', '2023-01-01', '--end', '2023-05-01']);
    expect(c.code, c.stdout + c.stderr).toBe(0);
  });
});
