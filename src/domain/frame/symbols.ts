import { fail, ok, type Result } from '../../base/result.js';

/**
 * Market symbols, ccxt style (DESIGN.md §2): `BASE/QUOTE` for spot, `BASE/QUOTE:SETTLE` for swaps.
 * Currency codes are upper-cased letters and digits (`1INCH`, `1000SATS`).
 */

const CODE = /^[A-Z0-9]{1,24}$/;

/** A non-ASCII letter whose upper case is longer or plain ASCII (`ß` → `SS`, `ı` → `I`), as "ß → SS"; else null. */
function caseMappingChange(s: string): string | null {
  for (const c of s) {
    if (c.charCodeAt(0) < 128) continue;
    const up = c.toUpperCase();
    if (up.length !== c.length || /^[\x00-\x7f]+$/.test(up)) return `${c} → ${up}`;
  }
  return null;
}

/**
 * Normalises a user-typed symbol: trims, upper-cases, and accepts `-` or `_` as the separator when
 * there is no `/` (`btc-usdt` → `BTC/USDT`). A symbol without a quote currency is refused with a
 * hint, because the quote fixes the price unit.
 */
export function parseSymbol(input: string): Result<string> {
  const raw = input.trim().toUpperCase();
  const shown = input.length > 40 ? `${input.slice(0, 40)}… (${input.length} characters)` : input;
  const bad = (message: string) => fail<string>([{ code: 'invalid_symbol', path: shown, message }]);
  if (raw === '') return bad('empty symbol; write it as BASE/QUOTE, e.g. BTC/USDT');
  const changed = caseMappingChange(input.trim());
  if (changed) return bad(`'${shown}' changes when upper-cased (${changed}); type the symbol as the exchange lists it, in plain letters`);
  const [pair, settle, ...more] = raw.split(':');
  if (more.length > 0) return bad(`'${shown}' has more than one ':'; write it as BASE/QUOTE or BASE/QUOTE:SETTLE`);
  let parts = pair.split('/');
  if (parts.length === 1) {
    const seps = pair.match(/[-_]/g) ?? [];
    if (seps.length === 1) parts = pair.split(/[-_]/);
  }
  if (parts.length !== 2) {
    return bad(`'${shown}' is not BASE/QUOTE; write it like BTC/USDT (or GOOG/USD for a stock priced in USD)`);
  }
  const [base, quote] = parts;
  for (const code of settle === undefined ? [base, quote] : [base, quote, settle]) {
    if (!CODE.test(code)) return bad(`'${shown}': '${code.slice(0, 40)}' is not a currency code (letters and digits only)`);
  }
  return ok(settle === undefined ? `${base}/${quote}` : `${base}/${quote}:${settle}`);
}

/** The parts of a normalised symbol. */
export function splitSymbol(symbol: string): { base: string; quote: string; settle: string | undefined } {
  const [pair, settle] = symbol.split(':');
  const [base, quote] = pair.split('/');
  return { base, quote: quote ?? '', settle };
}

/** File-name stem of a normalised symbol: `BTC/USDT` → `BTC-USDT`, `BTC/USDT:USDT` → `BTC-USDT-USDT`. */
export function symbolToFileStem(symbol: string): string {
  return symbol.replace('/', '-').replace(':', '-');
}

/** Output folder name of a normalised symbol (same as the file stem: `BTC-USDT`). */
export function symbolToDirName(symbol: string): string {
  return symbolToFileStem(symbol);
}
