/**
 * A bounded, seeded fuzz test of the CSV reader and the config loader (issue 8): a few hundred
 * mutations of a valid file each. Every outcome must be a clean error of the right family (a
 * DataError for data, exit 3; a ConfigError for config, exit 2) with a short message, or a
 * success whose quality report names the anomaly; never another exception (exit 1) or a hang.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/adapters/config/load-config.js';
import { parseOhlcvCsv } from '../src/adapters/data/csv/parse-ohlcv-csv.js';
import { ConfigError, DataError } from '../src/base/errors.js';
import { checkFrame } from '../src/domain/frame/quality.js';
import { applyQualityPolicy, qualityPolicyFromFlag } from '../src/domain/frame/quality-policy.js';
import { tempDir } from './support/run-cli.js';

const CSV = ['timestamp,open,high,low,close,volume',
  ...Array.from({ length: 40 }, (_, i) => `${new Date(Date.UTC(2023, 0, 1, i)).toISOString()},${100 + i},${102 + i},${99 + i},${101 + i},${10 + i}`)].join('\n') + '\n';
const CONFIG = JSON.stringify({
  strategy: 'dma_atr_trend',
  technical_parameters: { short_ma_window: 20, long_ma_window: 50, trend_ma_window: 200, atr_period: 14 },
  risk_management: { sl_atr_multiplier: 2, tp_atr_multiplier: 4 },
  portfolio_parameters: { init_cash: 100000, fees: 0.001, slippage: 0.0005 },
  optimization_ranges: { short_ma_window: [10, 20] },
}, null, 2);

const NASTY = ['\r', '\n', '\r\n', ',', ';', '"', '\uFEFF', '\u0000', '-', 'e', '.', '1e308', '5e-324', 'NaN', '-1', '0', '9'.repeat(25),
  '1700000000000000', '"__proto__"', '{', '}', '[', ']', ':', 'ß', '\t', ' ', '0x10', 'Infinity', 'null'];

/** One mutation: delete, insert a nasty token, duplicate, swap two slices, or truncate. */
const mutation = fc.tuple(fc.nat({ max: 4 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: NASTY.length - 1 }));
type Mutation = [number, number, number, number];

function mutate(text: string, ms: readonly Mutation[]): string {
  let s = text;
  for (const [kind, a, b, k] of ms) {
    const i = Math.floor(a * s.length);
    const j = Math.min(s.length, i + 1 + Math.floor(b * 40));
    if (kind === 0) s = s.slice(0, i) + s.slice(j);
    else if (kind === 1) s = s.slice(0, i) + NASTY[k] + s.slice(i);
    else if (kind === 2) s = s.slice(0, j) + s.slice(i, j) + s.slice(j);
    else if (kind === 3) s = s.slice(0, i) + s.slice(j) + s.slice(i, j);
    else s = s.slice(0, j);
  }
  return s;
}

/** A clean error: our class, the right code family, one short paragraph. */
function expectClean(e: unknown, kind: typeof DataError | typeof ConfigError): void {
  expect(e, String((e as Error)?.stack)).toBeInstanceOf(kind);
  const text = (e as DataError).userMessage();
  expect(text.length).toBeLessThan(3000);
}

describe('fuzz: the CSV reader', () => {
  it('400 seeded mutations: a DataError, or bars whose anomalies are named in the quality report', () => {
    let errors = 0;
    let successes = 0;
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
      const text = mutate(CSV, ms as Mutation[]);
      let parsed;
      try {
        parsed = parseOhlcvCsv(text, 'FUZZ-USDT_1h.csv');
      } catch (e) {
        expectClean(e, DataError);
        errors++;
        return;
      }
      const report = checkFrame(parsed.cols, '1h', 'FUZZ/USDT');
      const stop = applyQualityPolicy(parsed.cols, report, qualityPolicyFromFlag('stop'));
      const warn = applyQualityPolicy(parsed.cols, report, qualityPolicyFromFlag('warn'));
      if (!stop.ok) expect(report.findings.length).toBeGreaterThan(0); // stopped only for a named finding
      // Whatever gets through has finite, positive, in-range prices and times, or is named in the report.
      if (warn.ok) {
        const { cols } = warn.value;
        for (let i = 0; i < cols.time.length; i++) {
          expect(cols.time[i] >= 0 && cols.time[i] <= 253_402_300_799_999).toBe(true);
          const bad = !(cols.high[i] > 0 && cols.high[i] <= 1e12 && cols.low[i] >= 1e-12);
          if (bad) expect(report.findings.map((f) => f.check)).toEqual(expect.arrayContaining([expect.stringMatching(/price|ohlc/)]));
        }
      }
      if (parsed.warnings.length > 0) expect(text.endsWith('\n')).toBe(false);
      successes++;
    }), { seed: 8, numRuns: 400 });
    expect(errors).toBeGreaterThan(0);
    expect(successes).toBeGreaterThan(0);
  });
});

describe('fuzz: the config loader', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('bt-fuzz-config-');
  });

  it('300 seeded mutations: a ConfigError naming the file, or a valid config', async () => {
    let errors = 0;
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
      const path = join(dir, 'c.json');
      await writeFile(path, mutate(CONFIG, ms as Mutation[]));
      try {
        const c = await loadConfigFile(path);
        expect(typeof c).toBe('object');
        expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
      } catch (e) {
        expectClean(e, ConfigError);
        expect((e as Error).message).toContain(path);
        errors++;
      }
    }), { seed: 8, numRuns: 300 });
    expect(errors).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
