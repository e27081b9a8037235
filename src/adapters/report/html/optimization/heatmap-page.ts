/**
 * optimization_heatmap.html: the target metric over each pair of optimized parameters, the other
 * parameters aggregated (best value, or mean, over the combinations in a cell), with selectors for
 * the pair and the aggregation.
 */
import { metricInfo } from '../../../../domain/metrics/catalog.js';
import { chart, empty, type ChartBlock } from '../charts/chart-spec.js';
import { baseOption } from '../charts/common.js';
import { fn, PageColumns } from '../columns.js';
import { escapeHtml } from '../escape.js';
import { metricLabel } from '../format.js';
import type { PageSpec } from '../layout.js';
import { clientUnit, evaluations, pairGrid, valueLabel, type OptimizationReportModel, type PairGrid } from './model.js';
import { optimizationPage } from './page-base.js';

export type Aggregate = 'best' | 'mean';
export const AGGREGATES: readonly Aggregate[] = ['best', 'mean'];

/** DOM id of the heatmap of keys (a, b) aggregated by `agg`. */
export function heatmapId(a: number, b: number, agg: Aggregate): string {
  return `chart-heat-${a}-${b}-${agg}`;
}

/** Largest |value| of the finite cells of a pair grid, or 0 when it has none. */
function maxAbs(g: PairGrid, agg: Aggregate): number {
  let x = 0;
  for (const v of agg === 'best' ? g.best : g.mean) if (Number.isFinite(v)) x = Math.max(x, Math.abs(v));
  return x;
}

/** The half-width of a zero-centred colour scale (a small positive value when every cell is 0). */
function halfWidth(x: number): number {
  return x > 0 ? x : 0.01;
}

/**
 * One heatmap. Its colour scale diverges from zero, symmetric (−s … +s), so the sign of a value is
 * its colour; `shared` is s over every panel of the same aggregation (the default, so panels compare),
 * the panel's own s is kept for the "each panel" switch.
 */
function heatmap(m: OptimizationReportModel, g: PairGrid, agg: Aggregate, shared: number): ChartBlock {
  const ka = m.space.keys[g.a];
  const kb = m.space.keys[g.b];
  const id = heatmapId(g.a, g.b, agg);
  const title = `${metricLabel(m.metric)}: ${ka} × ${kb} (${agg === 'best' ? 'best' : 'mean'} over the other parameters)`;
  const values = agg === 'best' ? g.best : g.mean;
  const xs = m.space.values[g.b].map(valueLabel);
  const ys = m.space.values[g.a].map(valueLabel);
  const data: (number | null)[][] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < ys.length; i++) {
    for (let j = 0; j < xs.length; j++) {
      const v = values[i * xs.length + j];
      const ok = Number.isFinite(v);
      data.push([j, i, ok ? v : null]);
      if (ok) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (lo > hi) return empty(id, title, `No combination in this pair's cells has a finite ${m.metric}.`);
  const s = halfWidth(shared);
  const unit = clientUnit(m.metric);
  const colors = ['#b91c1c', '#fca5a5', '#f9fafb', '#86efac', '#15803d'];
  const option = baseOption({
    tooltip: { trigger: 'item', formatter: fn('cell', { x: xs.map((x) => `${kb} ${x}`), y: ys.map((y) => `${ka} ${y},`), unit }) },
    grid: { left: 72, right: 24, top: 8, bottom: 96 },
    xAxis: { type: 'category', data: xs, name: kb, nameLocation: 'middle', nameGap: 26, splitArea: { show: true } },
    yAxis: { type: 'category', data: ys, name: ka, nameLocation: 'middle', nameGap: 52, splitArea: { show: true } },
    visualMap: {
      type: 'continuous', min: -s, max: s, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 220,
      formatter: fn(unit === 'pct' ? 'pct' : 'num'),
      inRange: { color: metricInfo(m.metric).direction === 'higher' ? colors : [...colors].reverse() },
    },
    series: [{
      type: 'heatmap', name: metricLabel(m.metric), data,
      label: { show: xs.length * ys.length <= 150, fontSize: 10, formatter: fn('cellLabel', { unit }) },
      emphasis: { itemStyle: { borderColor: '#111', borderWidth: 1 } },
    }],
  });
  return chart(id, title, option, Math.min(720, 150 + 34 * ys.length),
    `Each cell: the ${agg === 'best' ? `best ${m.metric} (${metricInfo(m.metric).direction} is better)` : `mean ${m.metric}`} over the combinations tried with those two values; undefined or infinite values are left out, empty cells had none.`);
}

function selectorHtml(m: OptimizationReportModel, pairs: [number, number][], scales: Record<string, [number, number]>): string {
  const k = m.space.keys;
  const opts = pairs.map(([a, b], i) => `<option value="${a}-${b}"${i === 0 ? ' selected' : ''}>${escapeHtml(`${k[a]} × ${k[b]}`)}</option>`).join('');
  return `<style>.opt-offscreen{position:absolute!important;left:-30000px;top:0;width:1100px}</style>
<div class="selectors"><label>Pair of parameters <select id="pair-select">${opts}<option value="all">all pairs</option></select></label>
<label style="margin-left:16px">Other parameters <select id="agg-select"><option value="best" selected>best value</option><option value="mean">mean</option></select></label>
<label style="margin-left:16px">Colour scale <select id="scale-select"><option value="shared" selected>shared by all panels</option><option value="own">each panel its own</option></select></label></div>
<script>(function () {
  var scales = ${JSON.stringify(scales)};
  function rescale() {
    var own = document.getElementById('scale-select').value === 'own';
    Object.keys(scales).forEach(function (id) {
      var el = document.getElementById(id), c = el && window.echarts && echarts.getInstanceByDom(el);
      var s = scales[id][own ? 0 : 1];
      if (c) c.setOption({ visualMap: { min: -s, max: s } });
    });
  }
  document.getElementById('scale-select').addEventListener('change', rescale);
  function apply() {
    var pair = document.getElementById('pair-select').value, agg = document.getElementById('agg-select').value;
    Array.prototype.forEach.call(document.querySelectorAll('[id^="chart-heat-"]'), function (el) {
      var p = el.id.split('-'), fig = el.parentNode;
      var on = (pair === 'all' || p[2] + '-' + p[3] === pair) && p[4] === agg;
      var was = fig.className.indexOf('opt-offscreen') < 0;
      fig.className = on ? fig.className.replace(/ ?opt-offscreen/g, '') : (was ? fig.className + ' opt-offscreen' : fig.className);
      fig.setAttribute('data-shown', on ? 'true' : 'false');
      if (on && !was && window.echarts) { var c = echarts.getInstanceByDom(el); if (c) c.resize(); }
    });
  }
  document.getElementById('pair-select').addEventListener('change', apply);
  document.getElementById('agg-select').addEventListener('change', apply);
  document.addEventListener('DOMContentLoaded', apply);
})();</script>`;
}

export function heatmapPage(m: OptimizationReportModel): PageSpec {
  const n = m.space.keys.length;
  const pairs: [number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b]);
  const cols = new PageColumns();
  const file = 'optimization_heatmap.html';
  if (pairs.length === 0) {
    return optimizationPage(m, file, 'Optimization: heatmaps', cols, [
      { blocks: [empty('chart-heat-none', 'Parameter pairs', `Heatmaps need at least two optimized parameters; this run optimized only ${m.space.keys[0]} (see the distribution page).`)] },
    ]);
  }
  const ev = evaluations(m);
  const grids = pairs.map(([a, b]) => pairGrid(m, ev, a, b));
  const shared = { best: 0, mean: 0 } as Record<Aggregate, number>;
  const scales: Record<string, [number, number]> = {};
  for (const g of grids) for (const agg of AGGREGATES) shared[agg] = Math.max(shared[agg], maxAbs(g, agg));
  const blocks: ChartBlock[] = [];
  for (const g of grids) {
    for (const agg of AGGREGATES) {
      blocks.push(heatmap(m, g, agg, shared[agg]));
      scales[heatmapId(g.a, g.b, agg)] = [halfWidth(maxAbs(g, agg)), halfWidth(shared[agg])];
    }
  }
  return optimizationPage(m, file, 'Optimization: heatmaps', cols, [
    { intro: 'Pick a pair of parameters; the other parameters are aggregated per cell, by their best value (what the pair can reach) or their mean (how robust the pair is).',
      blocks: [{ kind: 'html', html: selectorHtml(m, pairs, scales), wide: true }] },
    { blocks },
  ]);
}
