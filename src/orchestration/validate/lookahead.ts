import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { MemoIndicatorCache, type Signals, type StrategyRuntime } from '../../domain/strategies/strategy.js';
import { normalizeSignals } from '../normalize-signals.js';
import { frameRange } from './window-backtest.js';
import { assertFrameUnchanged, isTrustedStrategy, privateFrame } from '../frame-guard.js';

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
function seriesOf<P extends object>(spec: LookaheadSpec<P>, view: OhlcvFrame): Map<string, ArrayLike<number>> {
  const frame = isTrustedStrategy(spec.def) ? view : privateFrame(view);
  const s = new spec.def.strategyClass(frame, spec.params, { market: spec.market, cache: new MemoIndicatorCache() });
  s.initIndicators();
  const out = outputSeries(s.indicators, normalizeSignals(s.generateSignals(), frame.length, spec.market, spec.def.name));
  if (frame !== view) assertFrameUnchanged(view, frame, spec.def.name);
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
  const c = new Checker(spec, seriesOf(spec, spec.frame));
  for (const t of c.cuts) c.compareCut(t, seriesOf(spec, frameRange(spec.frame, 0, t + 1)));
  for (const k of c.shifts) c.compareShift(k, seriesOf(spec, frameRange(spec.frame, k, spec.frame.length)));
  return c.report();
}

/** The strategy's named series (indicators and signals) of one run, as `seriesOf` returns them. */
export function outputSeries(indicators: Readonly<Record<string, ArrayLike<number>>>, signals: Signals): Map<string, ArrayLike<number>> {
  const out = new Map<string, ArrayLike<number>>();
  for (const [k, v] of Object.entries(indicators)) out.set(k, v);
  for (const k of SIGNAL_KEYS) { const v = signals[k]; if (v) out.set(`signal:${k}`, v); }
  return out;
}

/** `checkLookahead` with the strategy run elsewhere (the CLI computes strategy files in a worker thread). */
export async function checkLookaheadWith<P extends object>(spec: LookaheadSpec<P>,
  run: (frame: OhlcvFrame) => Promise<Map<string, ArrayLike<number>>>): Promise<LookaheadReport> {
  const c = new Checker(spec, await run(spec.frame));
  for (const t of c.cuts) c.compareCut(t, await run(frameRange(spec.frame, 0, t + 1)));
  for (const k of c.shifts) c.compareShift(k, await run(frameRange(spec.frame, k, spec.frame.length)));
  return c.report();
}

/** The checks' plan (truncation points, shifts) from the full run, and the comparisons. */
class Checker<P extends object> {
  readonly cuts: number[];
  readonly shifts: readonly number[];
  private readonly signalCuts: number;
  private readonly cutCount: number;
  private readonly problems = new Map<string, LookaheadProblem>();
  private readonly tol: number;
  private readonly wtol: number;

  constructor(private readonly spec: LookaheadSpec<P>, private readonly full: Map<string, ArrayLike<number>>) {
    const n = spec.frame.length;
    this.tol = spec.tolerance ?? 1e-9;
    this.wtol = spec.warmupTolerance ?? 1e-6;
    const cuts = new Set<number>();
    const sig = ['signal:longEntries', 'signal:longExits', 'signal:shortEntries', 'signal:shortExits'].map((k) => full.get(k)).filter((x) => x !== undefined);
    for (let t = 0; t < n - 1; t++) if (sig.some((a) => a[t] !== 0)) cuts.add(t);
    this.signalCuts = cuts.size;
    const sample = spec.sample ?? 50;
    for (let i = 1; i <= sample; i++) cuts.add(Math.min(n - 2, Math.floor((i * n) / (sample + 1))));
    this.cutCount = cuts.size;
    this.cuts = [...cuts].sort((a, b) => a - b).filter((t) => t >= 1);
    this.shifts = (spec.shifts ?? [100]).filter((k) => k > 0 && k < n / 2);
  }

  private note(p: Omit<LookaheadProblem, 'count'>): void {
    const key = `${p.kind}|${p.series}`;
    const prev = this.problems.get(key);
    this.problems.set(key, prev ? { ...prev, count: prev.count + 1 } : { ...p, count: 1 });
  }

  compareCut(t: number, part: Map<string, ArrayLike<number>>): void {
    for (const [name, a] of this.full) {
      const b = part.get(name);
      if (!b) continue;
      for (let i = 0; i <= t; i++) {
        if (!same(a[i], b[i], this.tol)) { this.note({ kind: 'lookahead', series: name, bar: i, full: a[i], changed: b[i], cut: t }); break; }
      }
    }
  }

  compareShift(k: number, part: Map<string, ArrayLike<number>>): void {
    const n = this.spec.frame.length;
    for (const [name, a] of this.full) {
      const b = part.get(name);
      if (!b) continue;
      for (let i = Math.floor(n / 2); i < n; i++) {
        if (!same(a[i], b[i - k], this.wtol)) { this.note({ kind: 'warmup', series: name, bar: i, full: a[i], changed: b[i - k], shift: k }); break; }
      }
    }
  }

  report(): LookaheadReport {
    const order = [...this.problems.values()].sort((x, y) => (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : x.series < y.series ? -1 : x.series > y.series ? 1 : 0));
    return { problems: order, cuts: this.cutCount, signalCuts: this.signalCuts, shifts: this.shifts, series: [...this.full.keys()] };
  }
}
