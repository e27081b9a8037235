import { describe, expect, it } from 'vitest';
import { addDuration, parseWindowLength, planFolds } from './folds.js';

const H = 3_600_000;
const hourly = (n: number, t0 = Date.UTC(2023, 0, 1)) => Float64Array.from({ length: n }, (_, i) => t0 + i * H);

describe('parseWindowLength', () => {
  it('reads bar counts and durations', () => {
    expect(parseWindowLength('4000')).toEqual({ kind: 'bars', n: 4000 });
    expect(parseWindowLength('6M')).toEqual({ kind: 'duration', n: 6, unit: 'M' });
    expect(parseWindowLength('2w')).toEqual({ kind: 'duration', n: 2, unit: 'w' });
    expect(parseWindowLength('0')).toBeNull();
    expect(parseWindowLength('6 months')).toBeNull();
    expect(parseWindowLength('1.5d')).toBeNull();
  });
  it('adds calendar months and years in UTC', () => {
    expect(addDuration(Date.UTC(2023, 0, 1), { kind: 'duration', n: 6, unit: 'M' })).toBe(Date.UTC(2023, 6, 1));
    expect(addDuration(Date.UTC(2023, 10, 1), { kind: 'duration', n: 1, unit: 'y' })).toBe(Date.UTC(2024, 10, 1));
  });
});

describe('planFolds', () => {
  const bars = (n: number) => ({ kind: 'bars' as const, n });
  it('rolls train and test forward by the test length', () => {
    expect(planFolds(hourly(100), H, { train: bars(40), test: bars(20) })).toEqual([
      { trainStart: 0, trainEnd: 40, testStart: 40, testEnd: 60 },
      { trainStart: 20, trainEnd: 60, testStart: 60, testEnd: 80 },
      { trainStart: 40, trainEnd: 80, testStart: 80, testEnd: 100 },
    ]);
  });
  it('anchors the train start, purges the train end and embargoes the test start', () => {
    expect(planFolds(hourly(100), H, { train: bars(40), test: bars(20), anchored: true, purge: 3, embargo: 2 })).toEqual([
      { trainStart: 0, trainEnd: 37, testStart: 42, testEnd: 62 },
      { trainStart: 0, trainEnd: 57, testStart: 62, testEnd: 82 },
    ]);
  });
  it('uses calendar durations: 6M train, 1M test on a year of hourly bars gives 6 folds on month boundaries', () => {
    const time = hourly(8760);
    const f = planFolds(time, H, { train: { kind: 'duration', n: 6, unit: 'M' }, test: { kind: 'duration', n: 1, unit: 'M' } });
    expect(f.length).toBe(6);
    expect(time[f[0].testStart]).toBe(Date.UTC(2023, 6, 1));
    expect(time[f[1].trainStart]).toBe(Date.UTC(2023, 1, 1));
    expect(f[5].testEnd).toBe(8760);
  });
  it('gives no fold when train + test exceed the data', () => {
    expect(planFolds(hourly(50), H, { train: bars(40), test: bars(20) })).toEqual([]);
  });
});
