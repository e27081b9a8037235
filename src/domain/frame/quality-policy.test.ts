import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowsToColumns, type Row } from '../../../test/support/ohlcv-rows.js';
import type { OhlcvColumns } from './frame.js';
import { checkFrame, checkFrameRows, scanRows } from './quality.js';
import { applyQualityPolicy, DEFAULT_QUALITY_POLICY, describeFinding, qualityPolicyFromFlag, type QualityPolicy } from './quality-policy.js';

const ok = (t: string, p = 100, v = 10): Row => [t, p, p + 2, p - 2, p + 1, v];
const apply = (c: OhlcvColumns, policy: QualityPolicy = DEFAULT_QUALITY_POLICY) =>
  applyQualityPolicy(c, checkFrame(c, '1h', 'X/USDT'), policy);
const hours = (c: OhlcvColumns) => Array.from(c.time, (t) => new Date(t).toISOString().slice(11, 16));

describe('the default policy', () => {
  it('returns clean columns untouched', () => {
    const c = rowsToColumns([ok('00:00'), ok('01:00')]);
    const r = apply(c);
    expect(r.ok && r.value).toEqual({ cols: c, dropped: 0, notes: [] });
    expect(r.ok && r.value.cols).toBe(c);
  });

  it('only reports gaps and zero volume', () => {
    const c = rowsToColumns([ok('00:00'), ok('01:00', 100, 0), ok('03:00')]);
    const r = apply(c);
    expect(r.ok && r.value.cols).toBe(c);
    expect(r.ok && r.value.dropped).toBe(0);
  });

  it('drops identical duplicates and counts them', () => {
    const r = apply(rowsToColumns([ok('00:00'), ok('01:00'), ok('01:00'), ok('02:00')]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.dropped).toBe(1);
    expect(r.value.notes).toEqual(['dropped 1 identical duplicate row']);
    expect(hours(r.value.cols)).toEqual(['00:00', '01:00', '02:00']);
  });

  it('stops on bad data, naming the check, count, examples and how to allow it', () => {
    const r = apply(rowsToColumns([ok('00:00'), ok('01:00'), ['01:00', 100, 103, 98, 101, 9], ['02:00', 100, 99, 98, 101, 1]]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.code)).toEqual(['duplicate_conflict', 'ohlc_inconsistent']);
    expect(r.issues[0].message).toBe('duplicate_conflict: 2 rows sharing a timestamp with different values, e.g. '
      + '2023-01-02T01:00:00Z: 2 rows with different values. Bad data is never repaired silently: fix the file, or rerun '
      + 'with --on-bad-data drop to drop every row of those timestamps.');
    expect(r.issues[1].message).toContain('1 bar with high < max(open, close)');
    expect(r.issues[1].message).toContain('2023-01-02T02:00:00Z: high 99 < close 101');
    expect(r.issues[1].path).toBe('X/USDT 1h');
  });

  it('stops on rows out of order (never sorts silently)', () => {
    const r = apply(rowsToColumns([ok('01:00'), ok('00:00')]));
    expect(!r.ok && r.issues[0].message).toContain('--on-bad-data warn to sort the rows');
  });
});

describe('--on-bad-data drop | warn', () => {
  it('maps the flag onto the checks that stop by default', () => {
    expect(qualityPolicyFromFlag('stop')).toEqual(DEFAULT_QUALITY_POLICY);
    expect(qualityPolicyFromFlag('drop')).toEqual({ ...DEFAULT_QUALITY_POLICY, out_of_order: 'drop', duplicate_conflict: 'drop',
      misaligned_time: 'drop', non_positive_price: 'drop', absurd_price: 'drop', ohlc_inconsistent: 'drop', negative_volume: 'drop' });
    expect(qualityPolicyFromFlag('warn').gap).toBe('warn');
    expect(qualityPolicyFromFlag('warn').duplicate_same).toBe('drop');
  });

  it('drop removes bad bars and says how many and why', () => {
    const c = rowsToColumns([ok('00:00'), ['01:00', 0, 102, 98, 101, 1], ok('02:00'), ['03:00', 100, 99, 98, 101, 1],
      ok('04:00'), ok('04:00', 105), ok('05:00')]);
    const r = apply(c, qualityPolicyFromFlag('drop'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(hours(r.value.cols)).toEqual(['00:00', '02:00', '05:00']);
    expect(Array.from(r.value.cols.close)).toEqual([101, 101, 101]);
    expect(r.value.dropped).toBe(4);
    expect(r.value.notes).toEqual(['dropped 1 bar with a zero, negative or missing price',
      'dropped 1 bar with high < max(open, close), low > min(open, close) or high < low',
      'dropped 2 rows sharing a timestamp with different values']);
  });

  it('warn keeps bad bars, sorts rows out of order, and still drops what a frame cannot hold', () => {
    const c = rowsToColumns([ok('02:00'), ['00:00', 100, 99, 98, 101, 1], ok('01:00'), ok('01:00', 105), ok('03:00')]);
    const r = apply(c, qualityPolicyFromFlag('warn'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(hours(r.value.cols)).toEqual(['00:00', '02:00', '03:00']);
    expect(r.value.cols.high[0]).toBe(99);
    expect(r.value.notes).toEqual(['dropped 2 rows sharing a timestamp with different values', 'sorted the rows by time (they were out of order)']);
  });

  it('drop on rows out of order drops the rows that go back in time', () => {
    const r = apply(rowsToColumns([ok('00:00'), ok('02:00'), ok('01:00'), ok('03:00')]), qualityPolicyFromFlag('drop'));
    expect(r.ok && hours(r.value.cols)).toEqual(['00:00', '02:00', '03:00']);
  });

  it('always yields strictly increasing times with no bad bars left (property)', () => {
    const row = fc.record({ slot: fc.integer({ min: 0, max: 12 }), off: fc.constantFrom(0, 0, 0, 0, 1_800_000),
      o: fc.constantFrom(100, 0, -1), h: fc.constantFrom(102, 99), v: fc.constantFrom(5, 0, -2), alt: fc.boolean() });
    fc.assert(fc.property(fc.array(row, { maxLength: 30 }), fc.constantFrom('drop' as const, 'warn' as const), (rows, flag) => {
      const c = rowsToColumns(rows.map((x): Row => [new Date(Date.UTC(2023, 0, 2, x.slot) + x.off).toISOString(),
        x.o, x.h, 98, x.alt ? 101 : 100, x.v]));
      const r = apply(c, qualityPolicyFromFlag(flag));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const t = r.value.cols.time;
      for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
      expect(r.value.dropped).toBe(c.time.length - t.length);
      const left = new Set(checkFrame(r.value.cols, '1h', 'X/USDT').findings.map((f) => f.check));
      for (const k of ['out_of_order', 'duplicate_same', 'duplicate_conflict'] as const) expect(left.has(k)).toBe(false);
      if (flag === 'drop') {
        for (const k of ['misaligned_time', 'non_positive_price', 'ohlc_inconsistent', 'negative_volume'] as const) expect(left.has(k)).toBe(false);
      }
    }));
  });
});

describe('one row scan per data load (checkFrameRows)', () => {
  it('gives the report checkFrame gives, and the policy the same rows, drops and notes as a policy that scans again (property)', () => {
    const row = fc.record({ slot: fc.integer({ min: 0, max: 12 }), off: fc.constantFrom(0, 0, 0, 0, 1_800_000),
      o: fc.constantFrom(100, 0, -1), h: fc.constantFrom(102, 99), v: fc.constantFrom(5, 0, -2), alt: fc.boolean() });
    const action = fc.constantFrom('stop' as const, 'drop' as const, 'warn' as const);
    fc.assert(fc.property(fc.array(row, { maxLength: 30 }), fc.constantFrom('drop' as const, 'warn' as const, 'stop' as const), action, (rows, flag, zeroVolume) => {
      const c = rowsToColumns(rows.map((x): Row => [new Date(Date.UTC(2023, 0, 2, x.slot) + x.off).toISOString(),
        x.o, x.h, 98, x.alt ? 101 : 100, x.v]));
      const policy = { ...qualityPolicyFromFlag(flag), zero_volume: zeroVolume };
      const checked = checkFrameRows(c, '1h', 'X/USDT');
      expect(checked.report).toEqual(checkFrame(c, '1h', 'X/USDT'));
      expect(checked.rows).toEqual(scanRows(c, '1h'));
      expect(applyQualityPolicy(c, checked.report, policy, checked.rows)).toEqual(applyQualityPolicy(c, checked.report, policy));
    }));
  });

  it('drops by the flags it is given (the scan of the checked columns), without scanning again', () => {
    // A zero-volume bar and a gap, as in the real BTC/USDT file; zero volume dropped by the policy.
    const c = rowsToColumns([ok('00:00'), ok('01:00', 100, 0), ok('03:00')]);
    const { report, rows } = checkFrameRows(c, '1h', 'X/USDT');
    const policy = { ...DEFAULT_QUALITY_POLICY, zero_volume: 'drop' as const };
    const r = applyQualityPolicy(c, report, policy, rows);
    expect(r.ok && r.value.notes).toEqual(['dropped 1 bar with zero volume']);
    expect(r.ok && hours(r.value.cols)).toEqual(['00:00', '03:00']);
    // Flags that say otherwise are what it follows: here the first row's zero-volume bit instead.
    const other = new Uint16Array(rows.flags.length);
    other[0] = rows.flags[1];
    const moved = applyQualityPolicy(c, report, policy, { flags: other, order: null });
    expect(moved.ok && hours(moved.value.cols)).toEqual(['01:00', '03:00']);
  });
});

describe('describeFinding', () => {
  it('writes one line with counts and examples', () => {
    const r = checkFrame(rowsToColumns([ok('00:00'), ok('02:00'), ok('05:00')]), '1h', 'X/USDT');
    expect(describeFinding(r.findings[0])).toBe('gap: 3 missing candles in 2 gaps, e.g. 2023-01-02T01:00:00Z: 1 candle missing; '
      + '2023-01-02T03:00:00Z: 2 candles missing, up to 2023-01-02T04:00:00Z');
  });
});

describe('absurd_price', () => {
  const cols = (highs: number[]) => rowsToColumns(highs.map((h, i) => [`${String(i).padStart(2, '0')}:00`, 100, h, 99, 100, 1] as never));
  it('flags a high of 1e308, a denormal low, and a bar over 1,000× both neighbours, not a 10× jump', () => {
    const flagged = (c: ReturnType<typeof rowsToColumns>) => checkFrame(c, '1h', 'X/Y').findings.find((f) => f.check === 'absurd_price');
    expect(flagged(cols([101, 1e308, 101]))?.count).toBe(1);
    expect(flagged(cols([101, 100_001, 101]))?.examples[0].note).toBe('high 100001 / low 99 against a neighbouring close of 100 (over 1000× apart)');
    expect(flagged(cols([101, 1001, 101]))).toBeUndefined();
    const denormal = rowsToColumns([['00:00', 100, 101, 99, 100, 1], ['01:00', 5e-324, 101, 5e-324, 100, 1]] as never);
    expect(flagged(denormal)?.examples[0].note).toBe('open 5e-324');
  });
});
