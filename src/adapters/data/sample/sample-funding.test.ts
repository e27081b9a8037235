/** The sample market's synthetic funding: every 8h, deterministic, around +0.01 % with regimes. */
import { describe, expect, it } from 'vitest';
import { SampleMarketSource } from '../sample-market.js';
import { sampleFunding, SAMPLE_FUNDING_INTERVAL_MS } from './sample-funding.js';

describe('sample funding', () => {
  const start = Date.UTC(2023, 0, 1);
  const end = Date.UTC(2024, 0, 1);

  it('has one rate every 8h on 00/08/16 UTC, independent of the requested range', () => {
    const a = sampleFunding(42, start, end);
    expect(a.time.length).toBe(365 * 3);
    expect(a.time[0]).toBe(start);
    for (let i = 1; i < a.time.length; i++) expect(a.time[i] - a.time[i - 1]).toBe(SAMPLE_FUNDING_INTERVAL_MS);
    const b = sampleFunding(42, start + 5 * SAMPLE_FUNDING_INTERVAL_MS - 1, start + 20 * SAMPLE_FUNDING_INTERVAL_MS);
    expect(Array.from(b.rate)).toEqual(Array.from(a.rate.subarray(5, 20)));
  });

  it('averages near +0.01 % per 8h over a year, with positive and negative regimes', () => {
    const { rate } = sampleFunding(42, start, end);
    const mean = rate.reduce((s, r) => s + r, 0) / rate.length;
    expect(mean).toBeGreaterThan(0.00002);
    expect(mean).toBeLessThan(0.00025);
    expect(Math.min(...rate)).toBeLessThan(0);
    expect(Math.max(...rate)).toBeGreaterThan(0.00025);
  });

  it('is served by the sample source on swap only', async () => {
    expect(await new SampleMarketSource({ market: 'spot' }).loadFunding('BTC/USDT', start, end)).toBeNull();
    const s = await new SampleMarketSource({ market: 'swap' }).loadFunding('BTC/USDT', start, end);
    const again = await new SampleMarketSource({ market: 'swap' }).loadFunding('BTC/USDT', start, end);
    expect(s!.time.length).toBe(1095);
    expect(Array.from(s!.rate)).toEqual(Array.from(again!.rate));
  });
});
