import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { MemoIndicatorCache, type Signals, type StrategyRuntime } from '../../domain/strategies/strategy.js';
import { normalizeSignals } from '../normalize-signals.js';
import { frameRange } from './window-backtest.js';

export interface LookaheadSpec<P extends object> {
  readonly frame: OhlcvFrame;
  readonly def: StrategyRuntime<P>;
  readonly params: P;
  readonly market: 'spot' | 'swap';
  /** Bars without a signal also truncated at, evenly spaced (default 50). */
  readonly sample?: number;
  /** Start shifts (bars) for the warm-up check (default [100]). */
  readonly shifts?: readonly number[];
  /** Relative tolerance of "the same value" in the truncation check (default 1e-9). */
  readonly tolerance?: number;
  /**
   * Relative tolerance of the start-shift check (default 1e-6): recursive indicators (EMA, Wilder's
   * ATR) keep a fading memory of their first bars, which is not a problem once it is this small.
   */
  readonly warmupTolerance?: number;
}

/** One series whose values were found to change. */
export interface LookaheadProblem {
  /** `lookahead`: a past value changed when later bars were removed; `warmup`: a value depends on where the data starts. */
  readonly kind: 'lookahead' | 'warmup';
  /** Indicator name or signal array (`signal:longEntries`). */
  readonly series: string;
  /** First bar (index into the full data) where it differed. */
  readonly bar: number;
  readonly full: number;
  readonly changed: number;
  /** The data ended at bar `cut` (inclusive) / started at bar `shift`. */
  readonly cut?: number;
  readonly shift?: number;
  /** How many checks found this series changed. */
  readonly count: number;
}

export interface LookaheadReport {
  readonly problems: LookaheadProblem[];
  /** Truncation points checked, and how many of them were signal bars. */
  readonly cuts: number;
  readonly signalCuts: number;
  readonly shifts: readonly number[];
  readonly series: readonly string[];
}

const SIGNAL_KEYS = ['longEntries', 'longExits', 'shortEntries', 'shortExits', 'slDistance', 'tpDistance'] as const;

/** Every named series of a strategy run on `frame`: its indicators and its signal arrays. */
function seriesOf<P extends object>(spec: LookaheadSpec<P>, frame: OhlcvFrame): Map<string, ArrayLike<number>> {
  const s = new spec.def.strategyClass(frame, spec.params, { market: spec.market, cache: new MemoIndicatorCache() });
  s.initIndicators();
  const signals: Signals = normalizeSignals(s.generateSignals(), frame.length, spec.market, spec.def.name);
  const out = new Map<string, ArrayLike<number>>();
  for (const [k, v] of Object.entries(s.indicators)) out.set(k, v);
  for (const k of SIGNAL_KEYS) { const v = signals[k]; if (v) out.set(`signal:${k}`, v); }
  return out;
}

function same(a: number, b: number, tol: number): boolean {
  if (a !== a || b !== b) return a !== a && b !== b;
  return a === b || Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Look-ahead and warm-up check of any strategy. (1) Truncation: the strategy is rerun on the data
 * ending at every signal bar t (bars [0, t]) and at `sample` other bars; any indicator or signal
 * whose value at a bar ≤ t differs from the full run used later data (look-ahead). (2) Start
 * shift: rerun on the data from bar k; any value in the second half of the data that differs from
 * the full run depends on where the data starts (warm-up too short, or a cumulative/whole-series
 * computation). Each problem names the series, the first differing bar and both values.
 */
export function checkLookahead<P extends object>(spec: LookaheadSpec<P>): LookaheadReport {
  const n = spec.frame.length;
  const tol = spec.tolerance ?? 1e-9;
  const wtol = spec.warmupTolerance ?? 1e-6;
  const full = seriesOf(spec, spec.frame);
  const problems = new Map<string, LookaheadProblem>();
  const note = (p: Omit<LookaheadProblem, 'count'>) => {
    const key = `${p.kind}|${p.series}`;
    const prev = problems.get(key);
    problems.set(key, prev ? { ...prev, count: prev.count + 1 } : { ...p, count: 1 });
  };
  const cuts = new Set<number>();
  const sig = ['signal:longEntries', 'signal:longExits', 'signal:shortEntries', 'signal:shortExits'].map((k) => full.get(k)).filter((x) => x !== undefined);
  for (let t = 0; t < n - 1; t++) if (sig.some((a) => a[t] !== 0)) cuts.add(t);
  const signalCuts = cuts.size;
  const sample = spec.sample ?? 50;
  for (let i = 1; i <= sample; i++) cuts.add(Math.min(n - 2, Math.floor((i * n) / (sample + 1))));
  for (const t of [...cuts].sort((a, b) => a - b)) {
    if (t < 1) continue;
    const part = seriesOf(spec, frameRange(spec.frame, 0, t + 1));
    for (const [name, a] of full) {
      const b = part.get(name);
      if (!b) continue;
      for (let i = 0; i <= t; i++) {
        if (!same(a[i], b[i], tol)) { note({ kind: 'lookahead', series: name, bar: i, full: a[i], changed: b[i], cut: t }); break; }
      }
    }
  }
  const shifts = (spec.shifts ?? [100]).filter((k) => k > 0 && k < n / 2);
  for (const k of shifts) {
    const part = seriesOf(spec, frameRange(spec.frame, k, n));
    for (const [name, a] of full) {
      const b = part.get(name);
      if (!b) continue;
      for (let i = Math.floor(n / 2); i < n; i++) {
        if (!same(a[i], b[i - k], wtol)) { note({ kind: 'warmup', series: name, bar: i, full: a[i], changed: b[i - k], shift: k }); break; }
      }
    }
  }
  const order = [...problems.values()].sort((x, y) => (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : x.series < y.series ? -1 : x.series > y.series ? 1 : 0));
  return { problems: order, cuts: cuts.size, signalCuts, shifts, series: [...full.keys()] };
}
