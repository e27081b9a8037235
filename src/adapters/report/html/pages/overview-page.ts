/** overview.html: key-metrics dashboard, equity with drawdown, monthly heatmap, trade distribution, notes. */
import { benchmarkMetrics } from '../analysis/benchmark-metrics.js';
import { equityDrawdownChart } from '../charts/equity-drawdown.js';
import { monthlyHeatmapChart } from '../charts/monthly-heatmap.js';
import { exitReasonChart, tradeReturnHistogram } from '../charts/trade-distribution.js';
import { PageColumns } from '../columns.js';
import { metricsDashboard } from '../components/metrics-dashboard.js';
import { runFacts, runNotes } from '../components/run-notes.js';
import type { PageSpec } from '../layout.js';
import type { ReportModel } from '../model.js';
import { resultPage } from './page-base.js';

export function overviewPage(m: ReportModel): PageSpec {
  const cols = new PageColumns();
  return resultPage(m, 'overview.html', 'Portfolio overview', cols, [
    { title: 'Key metrics', blocks: [{ kind: 'html', html: metricsDashboard(m.result.metrics, benchmarkMetrics(m.result)) }] },
    { blocks: [equityDrawdownChart(m, cols)] },
    { title: 'Returns and trades', columns: 2, blocks: [tradeReturnHistogram(m), exitReasonChart(m), monthlyHeatmapChart(m)] },
    { title: 'Run', columns: 2, blocks: [{ kind: 'html', html: runFacts(m.result) }, { kind: 'html', html: runNotes(m.result), wide: false }] },
  ]);
}
