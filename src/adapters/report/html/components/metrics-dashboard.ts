/**
 * The key-metrics dashboard: headline tiles graded by the guide's "Performance Evaluation
 * Guidelines", then every catalog metric by group. An undefined metric shows "—" with the reason
 * on hover (title), never 0 (DESIGN.md §5). Each value carries `data-metric="<key>"`.
 */
import { METRIC_INDEX, METRICS, type MetricKey } from '../../../../domain/metrics/catalog.js';
import { STAT_INDEX } from '../../../../domain/metrics/stats-catalog.js';
import type { MetricsReport } from '../../../../domain/metrics/report-types.js';
import { escapeHtml } from '../escape.js';
import { fmtMetric, fmtNumber, fmtPercent, metricLabel, MISSING } from '../format.js';

export type Grade = 'excellent' | 'acceptable' | 'poor';

/** Thresholds from the guide: [excellent, acceptable] and which way is better. */
const GRADES: Partial<Record<MetricKey, { excellent: number; acceptable: number; lower?: boolean }>> = {
  sharpe_ratio: { excellent: 2, acceptable: 1 },
  max_drawdown: { excellent: 0.1, acceptable: 0.2, lower: true },
  win_rate: { excellent: 0.6, acceptable: 0.5 },
  profit_factor: { excellent: 1.5, acceptable: 1.2 },
};

/** Fewest closed trades for an "excellent" grade: fewer are too few to tell skill from luck. */
export const MIN_TRADES_FOR_EXCELLENT = 30;

/**
 * The guide's grade of a headline metric; with `closedTrades` below `MIN_TRADES_FOR_EXCELLENT`
 * an "excellent" value is graded "acceptable" at most.
 */
export function gradeOf(key: MetricKey, v: number, closedTrades = Infinity): Grade | null {
  const g = GRADES[key];
  if (!g || v !== v) return null;
  const grade: Grade = g.lower ? (v < g.excellent ? 'excellent' : v < g.acceptable ? 'acceptable' : 'poor')
    : v > g.excellent ? 'excellent' : v > g.acceptable ? 'acceptable' : 'poor';
  return grade === 'excellent' && closedTrades < MIN_TRADES_FOR_EXCELLENT ? 'acceptable' : grade;
}

const HEADLINE: readonly MetricKey[] = ['total_return', 'sharpe_ratio', 'max_drawdown', 'win_rate', 'profit_factor', 'total_trades', 'benchmark_return', 'final_equity'];

const GROUP_TITLES: Record<string, string> = { returns: 'Returns', risk: 'Risk', trades: 'Trades', benchmark: 'Benchmark', run: 'Run' };

/** The value as HTML: formatted, or "—" with the reason as a tooltip. `attr` names the key (`data-metric` for the strategy). */
export function metricValueHtml(report: MetricsReport, key: MetricKey, index: number, attr = 'data-metric'): string {
  const v = report.values[index];
  if (v !== v) {
    const reason = report.reasons[key] ?? 'not defined for this run';
    return `<span class="undefined" ${attr}="${key}" title="Undefined: ${escapeHtml(reason)}">${MISSING}</span>`;
  }
  const sign = (key.endsWith('return') || key === 'expectancy') && v !== 0 ? (v > 0 ? ' pos' : ' neg') : '';
  return `<span class="metric${sign}" ${attr}="${key}" data-value="${v}">${escapeHtml(fmtMetric(key, v))}</span>`;
}

/** Groups whose metrics apply to the buy-and-hold benchmark too (equity-curve metrics). */
const BENCHMARK_GROUPS = new Set(['returns', 'risk']);

/**
 * The dashboard. With `benchmark` (the buy-and-hold equity's own metrics), the returns and risk
 * tables get a "Buy & hold" column beside the strategy (`data-benchmark-metric="<key>"`).
 */
export function metricsDashboard(report: MetricsReport, benchmark: MetricsReport | null = null): string {
  const index = new Map<string, number>(METRICS.map((m, i) => [m.key, i]));
  const trades = report.values[METRIC_INDEX.total_trades];
  const psr = report.stats?.[STAT_INDEX.probabilistic_sharpe_ratio] ?? NaN;
  // Next to each grade: what it rests on (closed trades, probabilistic Sharpe ratio).
  const basis = `${fmtNumber(trades, 0)} trades${psr === psr ? ` · PSR ${fmtPercent(psr)}` : ''}${trades < MIN_TRADES_FOR_EXCELLENT ? ' (too few for excellent)' : ''}`;
  const tiles = HEADLINE.map((key) => {
    const i = index.get(key) as number;
    const grade = gradeOf(key, report.values[i], trades);
    const info = METRICS[i];
    return `<div class="tile" title="${escapeHtml(info.description)}"><div class="label">${escapeHtml(metricLabel(key))}</div><div class="value">${metricValueHtml(report, key, i)}</div>${grade ? `<div class="grade ${grade}">${grade} <span class="basis" style="color:var(--muted,#6b7280);font-weight:400">${escapeHtml(basis)}</span></div>` : '<div class="grade">&nbsp;</div>'}</div>`;
  }).join('');
  const groups = [...new Set(METRICS.map((m) => m.group))];
  const tableOf = (g: string) => {
    const bench = benchmark && BENCHMARK_GROUPS.has(g) ? benchmark : null;
    const head = bench ? '<thead><tr><th class="text"></th><th>Strategy</th><th title="Buy and hold of the traded symbol from the first close (or --benchmark), measured the same way">Buy &amp; hold</th></tr></thead>' : '';
    const rows = METRICS.map((m, i) => ({ m, i })).filter(({ m }) => m.group === g)
      .map(({ m, i }) => `<tr><td class="text" title="${escapeHtml(m.description)}">${escapeHtml(metricLabel(m.key))}</td><td>${metricValueHtml(report, m.key, i)}</td>${bench ? `<td>${metricValueHtml(bench, m.key, i, 'data-benchmark-metric')}</td>` : ''}</tr>`).join('');
    return `<div><h3>${GROUP_TITLES[g] ?? g}</h3><table class="metrics">${head}${rows}</table></div>`;
  };
  // Two columns of similar height (returns + risk beside trades + benchmark), not a grid row per
  // pair of groups, where the one-row benchmark table sat in a card stretched to the trades table.
  const half = Math.ceil(groups.length / 2);
  const column = (gs: string[]) => `<div class="stack">${gs.map(tableOf).join('')}</div>`;
  return `<div class="tiles t${HEADLINE.length}">${tiles}</div><div class="grid cols-2" style="margin-top:16px">${column(groups.slice(0, half))}${column(groups.slice(half))}</div>`;
}
