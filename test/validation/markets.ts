/** Synthetic test markets as CSV folders: a driftless random walk (no edge) and a noisy cycle (a persistent edge). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Prng } from '../../src/domain/params/prng.js';

function gauss(p: Prng): number {
  return Math.sqrt(-2 * Math.log(1 - p.nextFloat())) * Math.cos(2 * Math.PI * p.nextFloat());
}

/** Writes `<dir>/<BASE>-USDT_1h.csv` (hourly from 2023-01-01) from closes; open = previous close. */
export function writeMarket(dir: string, base: string, closes: readonly number[]): string {
  mkdirSync(dir, { recursive: true });
  const t0 = Date.UTC(2023, 0, 1);
  let s = 'timestamp,open,high,low,close,volume\n';
  let prev = closes[0];
  closes.forEach((c, i) => {
    const o = prev;
    s += `${new Date(t0 + i * 3_600_000).toISOString().replace('.000Z', 'Z')},${o},${Math.max(o, c) * 1.001},${Math.min(o, c) * 0.999},${c},1\n`;
    prev = c;
  });
  writeFileSync(join(dir, `${base}-USDT_1h.csv`), s);
  return dir;
}

/** Geometric random walk without drift (1 % hourly volatility), seeded. */
export function randomWalk(n: number, seed: number): number[] {
  const p = new Prng(seed);
  const out: number[] = [];
  let x = 100;
  for (let i = 0; i < n; i++) {
    x *= Math.exp(0.01 * gauss(p));
    out.push(x);
  }
  return out;
}

/** A ±10 % cycle of `period` bars plus a little noise: moving-average crossovers tuned to it win in every block. */
export function cycle(n: number, period: number, seed: number): number[] {
  const p = new Prng(seed);
  return Array.from({ length: n }, (_, i) => 100 * Math.exp(0.1 * Math.sin((2 * Math.PI * i) / period) + 0.002 * gauss(p)));
}

/** A DMA-ATR-Trend config with the given optimization ranges (close execution, no stops). */
export function dmaConfig(dir: string, name: string, ranges: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify({
    strategy: 'dma_atr_trend', technical_parameters: { short_ma_window: 10, long_ma_window: 30, trend_ma_window: 160 },
    risk_management: { sl_atr_multiplier: 0, tp_atr_multiplier: 0 }, portfolio_parameters: { fees: 0.0005, execution: 'close' },
    optimization_ranges: ranges, ...extra,
  }));
  return p;
}
