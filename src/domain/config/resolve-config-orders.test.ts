/** Config keys of the issue-10 order features: file, `--portfolio` overrides, strategy parameters, messages. */
import { describe, expect, it } from 'vitest';
import { dmaAtrTrend } from '../strategies/dma-atr-trend.js';
import { parseConfigFile } from './config-file.js';
import { resolveConfig, type RunOverrides } from './resolve-config.js';

function resolve(json: unknown, overrides: RunOverrides = {}) {
  const f = parseConfigFile(json);
  if (!f.ok) return f;
  return resolveConfig(f.value, dmaAtrTrend, overrides);
}

describe('order feature keys', () => {
  it('map portfolio_parameters onto the portfolio spec, command line winning, and leave plain configs unchanged', () => {
    const r = resolve({
      portfolio_parameters: { trailing_stop: 0.05, trailing_activation: 0.02, max_bars_in_trade: 48, entry_order: 'stop', entry_expiry_bars: 3, finalize_trades: true },
      risk_management: { trailing_atr_multiplier: 3, entry_offset_atr: 0.5, entry_order: 'limit' },
    }, { portfolio: { max_bars_in_trade: 24 } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.portfolio).toMatchObject({ trailingStop: 0.05, trailingActivation: 0.02, maxBarsInTrade: 24, entryOrder: 'stop', entryExpiryBars: 3, finalizeTrades: true });
    expect(r.value.params).toMatchObject({ trailing_atr_multiplier: 3, entry_offset_atr: 0.5, entry_order: 'limit' });
    const plain = resolve({});
    if (!plain.ok) throw new Error('plain');
    expect(Object.keys(plain.value.portfolio).filter((k) => /trail|Bars|entry|finalize/.test(k))).toEqual([]);
    expect('trailing_atr_multiplier' in plain.value.params).toBe(false);
  });

  it('name the offending key, the file path or the --portfolio override', () => {
    const bad = resolve({ portfolio_parameters: { entry_expiry_bars: 0, trailing_stop: 1.5 } });
    if (bad.ok) throw new Error('expected issues');
    expect(bad.issues.map((i) => i.path).sort()).toEqual(['portfolio_parameters.entry_expiry_bars', 'portfolio_parameters.trailing_stop']);
    const flag = resolve({}, { portfolio: { max_bars_in_trade: 2.5 } });
    expect(!flag.ok && flag.issues.map((i) => i.path)).toEqual(['--portfolio max_bars_in_trade']);
    const fees = resolve({}, { portfolio: { fees: 2 } });
    expect(!fees.ok && fees.issues[0].path).toBe('--fees');
  });
});
