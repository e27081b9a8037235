/** optimization_convergence.html: each combination's target value and the best so far, against the number of evaluations. */
import { metricInfo } from '../../../../domain/metrics/catalog.js';
import { chart, empty, type ChartBlock } from '../charts/chart-spec.js';
import { axisTooltip, baseOption, COLORS, valueAxis, zoom } from '../charts/common.js';
import { PageColumns } from '../columns.js';
import { metricLabel } from '../format.js';
import type { PageSpec } from '../layout.js';
import { bestSoFar, clientUnit, evaluations, type OptimizationReportModel } from './model.js';
import { optimizationPage, summaryHtml } from './page-base.js';

/** Most evaluation points drawn; beyond, every k-th is drawn (plus every one that improved the best). */
export const MAX_POINTS = 20_000;

export interface ConvergenceSeries {
  /** Evaluation number (1-based) and value of the drawn points. */
  readonly evalX: number[];
  readonly evalY: number[];
  /** The best-so-far curve at its change points and at the last evaluation. */
  readonly bestX: number[];
  readonly bestY: number[];
}

export function convergenceSeries(target: ArrayLike<number>, evalNumber: ArrayLike<number>, direction: 'higher' | 'lower'): ConvergenceSeries {
  const n = target.length;
  const best = bestSoFar(target, direction);
  const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
  const s: ConvergenceSeries = { evalX: [], evalY: [], bestX: [], bestY: [] };
  for (let e = 0; e < n; e++) {
    const improved = best[e] === best[e] && (e === 0 || !Object.is(best[e], best[e - 1]));
    if (e % stride === 0 || improved) {
      s.evalX.push(evalNumber[e]);
      s.evalY.push(target[e]);
    }
    if (improved || (e === n - 1 && best[e] === best[e])) {
      s.bestX.push(evalNumber[e]);
      s.bestY.push(best[e]);
    }
  }
  return s;
}

function convergenceChart(m: OptimizationReportModel, cols: PageColumns): ChartBlock {
  const id = 'chart-opt-convergence';
  const title = `Best ${m.metric} so far`;
  const ev = evaluations(m);
  if (ev.target.length === 0) return empty(id, title, 'No combination was evaluated.');
  const dir = metricInfo(m.metric).direction;
  const evalNumber = Float64Array.from(ev.positions, (p) => p + 1);
  const s = convergenceSeries(ev.target, evalNumber, dir);
  if (s.bestX.length === 0) return empty(id, title, `No combination has a defined ${m.metric}.`);
  cols.put('eval', s.evalX);
  cols.put('value', s.evalY);
  cols.put('best_eval', s.bestX);
  cols.put('best_value', s.bestY);
  const unit = clientUnit(m.metric);
  const label = metricLabel(m.metric);
  const option = baseOption({
    tooltip: axisTooltip(unit === 'pct' ? 'pct' : unit === 'count' ? 'count' : 'num'),
    legend: { top: 0 },
    grid: { left: 64, right: 24, top: 32, bottom: 72 },
    xAxis: { type: 'value', name: 'Evaluation', nameLocation: 'middle', nameGap: 26, min: 1, max: m.planned || undefined, minInterval: 1 },
    yAxis: valueAxis(0, unit === 'pct' ? 'pct' : 'num', { name: label }),
    dataZoom: zoom([0]),
    series: [
      { type: 'scatter', name: 'Combination', data: cols.rows('eval', 'value'), symbolSize: 4, color: COLORS.benchmark, large: s.evalX.length > 5000 },
      { type: 'line', name: 'Best so far', data: cols.rows('best_eval', 'best_value'), step: 'end', showSymbol: true, symbolSize: 5, color: COLORS.win, lineStyle: { width: 2 } },
    ],
  });
  const order = m.method === 'grid'
    ? 'Grid search tries combinations in grid order (the last parameter varies fastest), so the curve shows where in the grid the best values lie rather than search progress.'
    : 'Random search tries combinations in the order they were drawn: a curve that flattens early suggests more draws would add little.';
  const sampled = ev.target.length > s.evalX.length ? ` ${s.evalX.length} of ${ev.target.length} evaluations drawn (every ${Math.ceil(ev.target.length / MAX_POINTS)}th, plus every improvement).` : '';
  return chart(id, title, option, 420, `${order}${sampled} Undefined values are not drawn.`);
}

export function convergencePage(m: OptimizationReportModel): PageSpec {
  const cols = new PageColumns();
  return optimizationPage(m, 'optimization_convergence.html', 'Optimization: convergence', cols, [
    { blocks: [convergenceChart(m, cols)] },
    { title: 'Summary', blocks: [{ kind: 'html', html: summaryHtml(m) }] },
  ]);
}
