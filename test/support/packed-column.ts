import type { PackedColumn } from '../../src/adapters/report/html/compact-column.js';

/**
 * A second decoder of packed columns, written from the format's description (compact-column.ts).
 * A column packed next to another one (`$p[3]`) needs that column's decoded values as `next`.
 */
export function unpack(p: PackedColumn, next?: readonly (number | null)[]): (number | null)[] {
  const [decimals, text] = p.$p;
  const order = p.$p.length >= 3 ? p.$p[2] as number : 1;
  if (p.$p.length === 4 && next === undefined) throw new Error(`packed next to ${p.$p[3]}: pass its values`);
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
  // Order 0: k is the item. Order 1: k is the running sum of the items. Order 2: the first item is k itself; after it the items sum to the steps.
  const ks: (number | null)[] = [];
  let k = 0;
  let step = 0;
  let seen = false;
  for (const item of list) {
    if (item === null) { ks.push(null); continue; }
    if (order === 0) k = item;
    else if (order === 1) k += item;
    else if (!seen) k = item;
    else { step += item; k += step; }
    seen = true;
    ks.push(k);
  }
  // Next to another column: plus that column's value one bar earlier in this column's unit.
  const unit = (v: number) => (decimals >= 0 ? Math.round(v * 10 ** decimals) : Math.round(v / 10 ** -decimals));
  const all = ks.map((x, i) => (x === null || next === undefined ? x : x + (i > 0 && next[i - 1] !== null ? unit(next[i - 1] as number) : 0)));
  return all.map((x) => (x === null ? null : decimals >= 0 ? x / 10 ** decimals : x * 10 ** -decimals));
}
