/**
 * The number of bars with an entry signal, `#{t < n : longEntries[t] | shortEntries[t] ≠ 0}`: the
 * bound on a run's trade rows (every trade opens on a distinct entry-signal bar). Asked twice per
 * run (sizing the records, then checking them), so it reads four bars at a time: entries are
 * sparse, and a zero word skips four bars with one test.
 */
export function countEntryBars(le: Uint8Array, se: Uint8Array, n: number): number {
  const m = Math.min(n, le.length, se.length);
  // Word reads are for byte arrays only: anything else a JavaScript caller passes is counted bar by bar.
  if (!(le instanceof Uint8Array && se instanceof Uint8Array)) {
    let k = 0;
    for (let i = 0; i < m; i++) k += le[i] !== 0 || se[i] !== 0 ? 1 : 0;
    return k;
  }
  // Word reads need both arrays at the same offset modulo 4; otherwise (rare: subarrays) byte by byte.
  const head = (le.byteOffset & 3) === (se.byteOffset & 3) ? Math.min(m, (4 - (le.byteOffset & 3)) & 3) : m;
  let k = 0;
  for (let i = 0; i < head; i++) k += (le[i] | se[i]) !== 0 ? 1 : 0;
  const words = (m - head) >>> 2;
  if (words > 0) {
    const lw = new Uint32Array(le.buffer, le.byteOffset + head, words);
    const sw = new Uint32Array(se.buffer, se.byteOffset + head, words);
    for (let i = 0; i < words; i++) {
      const w = lw[i] | sw[i];
      if (w === 0) continue;
      // High bit of each byte set when that byte is nonzero, then the four bits summed.
      const nz = ((((w & 0x7f7f7f7f) + 0x7f7f7f7f) | w) & 0x80808080) >>> 7;
      k += Math.imul(nz, 0x01010101) >>> 24;
    }
  }
  for (let i = head + words * 4; i < m; i++) k += (le[i] | se[i]) !== 0 ? 1 : 0;
  return k;
}
