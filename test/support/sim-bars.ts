/**
 * Tiny hand-written markets and signals for simulator tests: bars as [open, high, low, close]
 * rows, signals as lists of bar indices, and a zero-cost portfolio to override per case.
 */
import type { PriceColumns } from '../../src/domain/portfolio/simulate.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from '../../src/domain/portfolio/spec.js';
import type { Signals } from '../../src/domain/strategies/strategy.js';

export type Bar = readonly [open: number, high: number, low: number, close: number];

export function bars(rows: readonly Bar[]): PriceColumns {
  return {
    open: Float64Array.from(rows, (r) => r[0]),
    high: Float64Array.from(rows, (r) => r[1]),
    low: Float64Array.from(rows, (r) => r[2]),
    close: Float64Array.from(rows, (r) => r[3]),
  };
}

export interface SignalSpec {
  readonly le?: readonly number[];
  readonly lx?: readonly number[];
  readonly se?: readonly number[];
  readonly sx?: readonly number[];
  /** Stop distances by bar index (other bars NaN). */
  readonly sl?: Readonly<Record<number, number>>;
  readonly tp?: Readonly<Record<number, number>>;
  readonly slFraction?: number;
  readonly tpFraction?: number;
  /** Trailing-stop distances and limit/stop entry levels by bar index (other bars NaN). */
  readonly trail?: Readonly<Record<number, number>>;
  readonly entry?: Readonly<Record<number, number>>;
  readonly entryOrder?: 'limit' | 'stop';
}

export function signals(n: number, s: SignalSpec): Signals {
  const flags = (idx: readonly number[] = []) => {
    const a = new Uint8Array(n);
    for (const i of idx) a[i] = 1;
    return a;
  };
  const dist = (m?: Readonly<Record<number, number>>) => {
    if (m === undefined) return null;
    const a = new Float64Array(n).fill(NaN);
    for (const [k, v] of Object.entries(m)) a[Number(k)] = v;
    return a;
  };
  const extra: Pick<Signals, 'trailDistance' | 'entryLevel' | 'entryOrder'> = {
    ...(s.trail ? { trailDistance: dist(s.trail) } : {}),
    ...(s.entry ? { entryLevel: dist(s.entry) } : {}),
    ...(s.entryOrder ? { entryOrder: s.entryOrder } : {}),
  };
  return {
    ...extra,
    longEntries: flags(s.le), longExits: flags(s.lx), shortEntries: flags(s.se), shortExits: flags(s.sx),
    slDistance: dist(s.sl), tpDistance: dist(s.tp), slFraction: s.slFraction ?? 0, tpFraction: s.tpFraction ?? 0,
  };
}

/** No fees, no slippage, close execution, spot, all-in: override what a case needs. */
export function portfolio(over: Partial<PortfolioSpec> = {}): PortfolioSpec {
  return { ...DEFAULT_PORTFOLIO, fees: 0, slippage: 0, execution: 'close', market: 'spot', ...over };
}
