import { METRIC_COUNT, METRIC_INDEX, metricInfo, type MetricKey } from '../../domain/metrics/catalog.js';
import type { ParamValue } from '../../domain/params/param-space.js';
import type { SelectionBias } from '../../orchestration/optimize/selection-bias.js';
import { formatCount } from '../../base/format-count.js';

const HEADLINE: MetricKey[] = ['total_return', 'sharpe_ratio', 'max_drawdown', 'win_rate', 'total_trades'];

/** `sharpe_ratio` → `Sharpe Ratio` (the guide's console labels). */
export function titleLabel(key: string): string {
  return key.split('_').map((w) => (w === 'var' ? 'VaR' : w === 'cvar' ? 'CVaR' : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');
}

/** A metric for the console: fractions as %, counts whole, ratios and currency with 2 decimals; undefined as n/a. */
export function consoleValue(key: MetricKey, x: number): string {
  if (x !== x) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  const u = metricInfo(key).unit;
  if (u === 'fraction') return `${(x * 100).toFixed(2)}%`;
  if (u === 'count') return String(Math.round(x));
  return x.toFixed(2);
}

const int = formatCount;

/** "🏆 Best Parameters" rows: each optimized parameter and its best value. */
export function bestParamRows(keys: readonly string[], values: readonly ParamValue[]): [string, string][] {
  return keys.map((k, i) => [k, String(values[i])]);
}

export interface PerformanceFacts {
  readonly metric: MetricKey;
  /** The best combination's metrics row. */
  readonly row: Float64Array;
  readonly tried: number;
  readonly planned: number;
  readonly constraintSkips: number;
  readonly selection: SelectionBias | null;
  /** `--objective`: its name and the best's score, shown first. */
  readonly objective?: { readonly name: string; readonly score: number };
}

/** "📊 Best Performance" rows: the target first (marked), the headline metrics, the trial count and the deflated Sharpe ratio. */
export function bestPerformanceRows(f: PerformanceFacts): [string, string][] {
  const v = (k: MetricKey) => consoleValue(k, f.row[METRIC_INDEX[k]]);
  const rows: [string, string][] = f.objective
    ? [['Objective', `${Number.isNaN(f.objective.score) ? 'n/a' : String(Number(f.objective.score.toPrecision(6)))} (${f.objective.name}, the target)`]]
    : [[titleLabel(f.metric), `${v(f.metric)} (target metric)`]];
  for (const k of HEADLINE) if (f.objective || k !== f.metric) rows.push([titleLabel(k), v(k)]);
  rows.push(['Combinations Tried', `${int(f.tried)}${f.tried < f.planned ? ` of ${int(f.planned)} (partial)` : ''}; ${int(f.constraintSkips)} skipped (break a constraint)`]);
  const s = f.selection;
  if (s) {
    rows.push(['Deflated Sharpe', Number.isFinite(s.dsr)
      ? `${(s.dsr * 100).toFixed(1)}% (probability the Sharpe ratio ${s.sharpe.toFixed(2)} beats ${s.expectedMaxSharpe.toFixed(2)}, the best of ${int(s.trials)} luck-only trials)`
      : 'n/a (needs a defined Sharpe ratio and returns that vary)']);
  }
  return rows;
}

/** The row of position `p` as its own array. */
export function rowAt(rows: Float64Array, p: number): Float64Array {
  return rows.slice(p * METRIC_COUNT, (p + 1) * METRIC_COUNT);
}
