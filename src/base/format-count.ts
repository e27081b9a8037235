/**
 * `n.toLocaleString('en-US')` (digits grouped by threes: 1,200) without ICU for whole numbers:
 * the first `toLocaleString` of a process loads ICU's number formatting, 12–25 ms of a CLI run
 * that formats only counts. Other values (fractions, -0, beyond 2^53) still go through ICU.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(n < 0 ? -n : n);
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** `v.toLocaleString('en-US', { maximumFractionDigits: 0 })` (halves away from zero) without ICU for whole results. */
export function formatRoundedCount(v: number): string {
  const r = Math.round(Math.abs(v)); // the nearest integer, halves up: away from zero once the sign is back
  if (!(r > 0 && r <= Number.MAX_SAFE_INTEGER)) return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return formatCount(v < 0 ? -r : r);
}
