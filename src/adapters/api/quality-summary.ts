import type { DataQualityReport } from '../../domain/frame/quality-types.js';

const LABEL: Record<string, string> = {
  gap: 'missing candle(s)',
  duplicate_same: 'identical duplicate row(s)',
  duplicate_conflict: 'conflicting duplicate timestamp(s)',
  non_positive_price: 'non-positive price(s)',
  ohlc_inconsistent: 'inconsistent OHLC bar(s)',
  zero_volume: 'zero-volume bar(s)',
  misaligned_time: 'timestamp(s) off the timeframe grid',
  absurd_price: 'absurd price(s)',
};

/** The one-line data-quality summary printed for every load (details go to the log and data_quality.json). */
export function qualitySummary(q: DataQualityReport): { clean: boolean; line: string } {
  const parts = q.findings.filter((f) => f.count > 0).map((f) => {
    const what = `${f.count} ${LABEL[f.check] ?? f.check}`;
    return f.check === 'gap' ? `${what} in ${f.occurrences} gap(s)` : what;
  });
  if (q.droppedBars > 0) parts.push(`${q.droppedBars} bad bar(s) dropped`);
  return parts.length === 0
    ? { clean: true, line: `data quality: ${q.bars} bars, no issues found` }
    : { clean: false, line: `data quality: ${parts.join(', ')} (details in data_quality.json)` };
}
