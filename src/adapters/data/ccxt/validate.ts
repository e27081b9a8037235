import { formatIssues } from '../../../base/result.js';
import { canResample } from '../../../domain/frame/resample.js';
import { parseSymbol } from '../../../domain/frame/symbols.js';
import { TIMEFRAMES, type Timeframe } from '../../../domain/frame/timeframe.js';
import { closestSymbols } from './closest.js';
import type { MarketList } from './market-type.js';

export interface SymbolCheck {
  valid: string[];
  invalid: { symbol: string; reason: string }[];
}

/**
 * The timeframe to download to get `tf` bars: `tf` itself when the exchange has it, else (with
 * resampling allowed) the largest listed timeframe that divides it; undefined when neither.
 */
export function sourceTimeframe(tf: Timeframe, exchangeTimeframes: readonly string[], preferResampling: boolean): Timeframe | undefined {
  if (exchangeTimeframes.includes(tf)) return tf;
  if (!preferResampling) return undefined;
  const lower = TIMEFRAMES.filter((l) => l !== tf && canResample(l, tf) && exchangeTimeframes.includes(l));
  return lower[lower.length - 1];
}

/**
 * Checks symbols against an exchange's market list: unknown ones get the closest listed symbols,
 * listed-but-inactive ones and a timeframe the exchange lacks (when resampling cannot help) are
 * reported too. Symbols are normalised first (`btc-usdt` → `BTC/USDT`).
 */
export function validateAgainstList(symbols: readonly string[], tf: Timeframe, list: MarketList, preferResampling: boolean): SymbolCheck {
  const where = `${list.exchange} ${list.market}`;
  const out: SymbolCheck = { valid: [], invalid: [] };
  const bySymbol = new Map(list.markets.map((m) => [m.symbol, m]));
  const src = sourceTimeframe(tf, list.timeframes, preferResampling);
  const listed = list.markets.filter((m) => m.active).map((m) => m.symbol);
  for (const input of symbols) {
    const parsed = parseSymbol(input);
    if (!parsed.ok) {
      out.invalid.push({ symbol: input, reason: formatIssues(parsed.issues) });
      continue;
    }
    const symbol = parsed.value.split(':')[0];
    const m = bySymbol.get(symbol);
    if (!m) {
      const near = closestSymbols(symbol, listed, 3);
      out.invalid.push({ symbol: input, reason: `not listed on ${where}${near.length ? `; closest listed: ${near.join(', ')}` : ''}` });
    } else if (!m.active) {
      out.invalid.push({ symbol: input, reason: `listed on ${where} but inactive (not trading)` });
    } else if (src === undefined) {
      const why = preferResampling ? 'and no smaller timeframe to resample from' : '(resampling is off)';
      out.invalid.push({ symbol: input, reason: `${list.exchange} has no ${tf} candles ${why}; it lists ${list.timeframes.join(', ')}` });
    } else {
      out.valid.push(input);
    }
  }
  return out;
}
