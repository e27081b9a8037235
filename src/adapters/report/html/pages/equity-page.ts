/** equity.html: cumulative return vs buy-and-hold, rolling Sharpe and volatility, underwater curve, return histogram. */
import { cumulativeReturnChart, rollingSharpeChart, rollingVolatilityChart, underwaterChart } from '../charts/equity-page-charts.js';
import { returnHistogram } from '../charts/return-histogram.js';
import { PageColumns } from '../columns.js';
import type { PageSpec } from '../layout.js';
import type { ReportModel } from '../model.js';
import { resultPage } from './page-base.js';

export function equityPage(m: ReportModel): PageSpec {
  const cols = new PageColumns();
  return resultPage(m, 'equity.html', 'Equity analysis', cols, [
    { blocks: [cumulativeReturnChart(m, cols), rollingSharpeChart(m, cols), rollingVolatilityChart(m, cols), underwaterChart(m, cols), returnHistogram(m)] },
  ]);
}
