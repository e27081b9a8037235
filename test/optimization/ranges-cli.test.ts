/** Ranges without a config file (issue 9 item 11): `--range` flags and a strategy's static optimizationRanges. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvRows, runCli, tempDir } from '../support/run-cli.js';

const SAMPLE = ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '4h', '--start', '2023-01-01', '--end', '2023-07-01', '--workers', '1'];

describe('optimization ranges from the command line and the strategy class', () => {
  it('--range key=a,b and key=start:stop:step replace the config\'s ranges', async () => {
    const out = join(await tempDir('bt-range-'), 'opt');
    const r = await runCli([...SAMPLE, '--optimize', '--range', 'short_ma_window=10,20', '--range', 'long_ma_window=50:60:10', '--output', out]);
    expect(r.code).toBe(0);
    const rows = readCsvRows(join(out, 'optimization_results.csv'));
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((x) => `${x.short_ma_window}/${x.long_ma_window}`))).toEqual(new Set(['10/50', '10/60', '20/50', '20/60']));
    expect(Object.keys(rows[0])).not.toContain('atr_period'); // the config's other ranges are not searched
  }, 120_000);

  it('a strategy file\'s static optimizationRanges, without a config', async () => {
    const out = join(await tempDir('bt-range-'), 'rsi');
    const r = await runCli([...SAMPLE, '--optimize', '--strategy', 'examples/strategies/rsi-reversion.ts', '--output', out]);
    expect(r.code).toBe(0);
    const rows = readCsvRows(join(out, 'optimization_results.csv'));
    expect(new Set(rows.map((x) => `${x.rsi_period}/${x.oversold}`))).toEqual(new Set(['10/25', '10/30', '14/25', '14/30']));
  }, 120_000);
});
