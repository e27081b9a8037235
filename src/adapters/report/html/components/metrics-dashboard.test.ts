import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_INDEX } from '../../../../domain/metrics/catalog.js';
import { gradeOf, metricsDashboard, metricValueHtml } from './metrics-dashboard.js';
import { STAT_COUNT, STAT_INDEX } from '../../../../domain/metrics/stats-catalog.js';

describe('metrics dashboard', () => {
  const values = new Float64Array(METRIC_COUNT).fill(0.5);
  values[METRIC_INDEX.win_rate] = NaN;
  values[METRIC_INDEX.total_trades] = 0;
  const report = { values, reasons: { win_rate: 'no closed trades' } };

  it('shows an undefined metric as "—" with the reason on hover, and a real 0 as 0', () => {
    const html = metricValueHtml(report, 'win_rate', METRIC_INDEX.win_rate);
    expect(html).toContain('>—<');
    expect(html).toContain('title="Undefined: no closed trades"');
    expect(html).not.toMatch(/>0/);
    expect(metricValueHtml(report, 'total_trades', METRIC_INDEX.total_trades)).toContain('>0<');
    const page = metricsDashboard(report);
    expect(page.match(/data-metric="win_rate"/g)).toHaveLength(2);
    expect(page).not.toContain('NaN');
  });

  it('grades headline metrics by the guide\'s thresholds', () => {
    expect(gradeOf('sharpe_ratio', 2.1)).toBe('excellent');
    expect(gradeOf('sharpe_ratio', 1.5)).toBe('acceptable');
    expect(gradeOf('sharpe_ratio', 0.4)).toBe('poor');
    expect(gradeOf('max_drawdown', 0.08)).toBe('excellent');
    expect(gradeOf('max_drawdown', 0.15)).toBe('acceptable');
    expect(gradeOf('max_drawdown', 0.35)).toBe('poor');
    expect(gradeOf('win_rate', 0.62)).toBe('excellent');
    expect(gradeOf('profit_factor', 1.3)).toBe('acceptable');
    expect(gradeOf('profit_factor', NaN)).toBeNull();
    expect(gradeOf('total_return', 0.5)).toBeNull();
  });

  it('no "excellent" on fewer than 30 closed trades; the grade shows the trade count and the probabilistic Sharpe', () => {
    expect(gradeOf('sharpe_ratio', 2.5, 29)).toBe('acceptable');
    expect(gradeOf('sharpe_ratio', 2.5, 30)).toBe('excellent');
    expect(gradeOf('sharpe_ratio', 0.5, 3)).toBe('poor');
    const v = new Float64Array(METRIC_COUNT).fill(0.5);
    v[METRIC_INDEX.sharpe_ratio] = 3;
    v[METRIC_INDEX.total_trades] = 12;
    const stats = new Float64Array(STAT_COUNT).fill(NaN);
    stats[STAT_INDEX.probabilistic_sharpe_ratio] = 0.9734;
    const html = metricsDashboard({ values: v, stats, reasons: {} });
    expect(html).not.toContain('grade excellent');
    expect(html).toContain('12 trades · PSR 97.34% (too few for excellent)');
  });
});
