import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_INDEX } from '../../../domain/metrics/catalog.js';
import { metricsTable, type SymbolSummary } from './summary-page.js';

const origin = { kind: 'sample', synthetic: true, exchange: 'sample', market: 'spot', description: 'x' } as const;
function entry(symbol: string, fill: number): SymbolSummary {
  const values = new Float64Array(METRIC_COUNT).fill(fill);
  return { symbol, dir: symbol, metrics: { values, reasons: {} }, origin };
}

describe('summary table: "best" marks', () => {
  it('marks the best of rows where more or less is better, not the benchmark, trade counts or fees', () => {
    const html = metricsTable('/tmp', [entry('A', 1), entry('B', 2)]);
    const row = (key: string) => html.split('\n').find((l) => l.includes(`data-metric="${key}"`))!;
    expect(row('total_return')).toContain('class="best"');
    expect(row('max_drawdown')).toContain('class="best"'); // lower is better: A's 1
    for (const k of ['benchmark_return', 'total_trades', 'open_trades', 'total_fees']) expect(row(k), k).not.toContain('class="best"');
    expect(METRIC_INDEX.total_trades).toBeGreaterThan(0);
  });
});
