import type { PackedColumn } from '../../src/adapters/report/html/compact-column.js';

/** A second decoder of packed columns, written from the format's description (compact-column.ts). */
export function unpack(p: PackedColumn): (number | null)[] {
  const [decimals, text] = p.$p;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const out: (number | null)[] = [];
  let k = 0;
  let i = 0;
  while (i < text.length) {
    if (text[i] === '.') { out.push(null); i++; continue; }
    let z = 0;
    let mul = 1;
    for (;;) {
      const c = alphabet.indexOf(text[i++]);
      z += (c % 32) * mul;
      mul *= 32;
      if (c < 32) break;
    }
    k += z % 2 === 1 ? -(z + 1) / 2 : z / 2;
    out.push(decimals >= 0 ? k / 10 ** decimals : k * 10 ** -decimals);
  }
  return out;
}
