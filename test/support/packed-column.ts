import type { PackedColumn } from '../../src/adapters/report/html/compact-column.js';

/** A second decoder of packed columns, written from the format's description (compact-column.ts). */
export function unpack(p: PackedColumn): (number | null)[] {
  const [decimals, text] = p.$p;
  const order = p.$p.length === 3 ? p.$p[2] : 1;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let i = 0;
  const number = (): number => {
    let z = 0;
    let mul = 1;
    for (;;) {
      const c = alphabet.indexOf(text[i++]);
      if (c < 0) throw new Error(`not a digit at ${i - 1} of ${text}`);
      z += (c % 32) * mul;
      mul *= 32;
      if (c < 32) return z;
    }
  };
  // The items in order (null: missing), repeats written out.
  const list: (number | null)[] = [];
  while (i < text.length) {
    if (text[i] === '.') { list.push(null); i++; continue; }
    if (text[i] === '~') {
      i++;
      if (list.length === 0) throw new Error('a repeat with no item before it');
      const n = number();
      const last = list[list.length - 1];
      for (let r = 0; r < n; r++) list.push(last);
      continue;
    }
    const z = number();
    list.push(z % 2 === 1 ? -(z + 1) / 2 : z / 2);
  }
  // Order 1: k is the running sum of the items. Order 2: the first item is k itself; after it the items sum to the steps.
  const ks: (number | null)[] = [];
  let k = 0;
  let step = 0;
  let seen = false;
  for (const item of list) {
    if (item === null) { ks.push(null); continue; }
    if (order === 1) k += item;
    else if (!seen) k = item;
    else { step += item; k += step; }
    seen = true;
    ks.push(k);
  }
  return ks.map((x) => (x === null ? null : decimals >= 0 ? x / 10 ** decimals : x * 10 ** -decimals));
}
