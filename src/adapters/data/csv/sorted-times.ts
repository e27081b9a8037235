import type { FileHandle } from 'node:fs/promises';

const CHUNK = 8 * 1024 * 1024;

/**
 * Whether the rows of a CSV file are sorted by their first cell, checked over every row without
 * decoding text or parsing a number: the cells of ISO-8601 (or epoch-ms) timestamps written in
 * one format sort as bytes the way their times do. False (read the file whole) when a cell's
 * length differs from the others (mixed formats), a line is longer than a read, or a row goes back.
 */
export async function sortedByFirstCell(fh: FileHandle, size: number, bodyStart: number, sep: number, chunk = CHUNK): Promise<boolean> {
  const buf = Buffer.alloc(chunk);
  const prev = Buffer.alloc(64);
  let prevLen = -1;
  let pb = prev;
  let po = 0;
  let pos = bodyStart;
  let carry = 0;
  while (pos < size) {
    const { bytesRead } = await fh.read(buf, carry, chunk - carry, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    const end = carry + bytesRead;
    const last = pos >= size;
    let ls = 0;
    for (;;) {
      let nl = buf.indexOf(10, ls);
      if (nl < 0 || nl >= end) {
        if (!last) break;
        nl = end;
      }
      let ce = ls;
      while (ce < nl && buf[ce] !== sep) ce++;
      if (ce > ls && buf[ce - 1] === 13) ce--;
      const len = ce - ls;
      if (len > 0 && !(len === 1 && buf[ls] === 32)) {
        if (len > prev.length || (prevLen >= 0 && len !== prevLen)) return false;
        if (prevLen >= 0) {
          for (let i = 0; i < len; i++) {
            const d = buf[ls + i] - pb[po + i];
            if (d > 0) break;
            if (d < 0) return false;
          }
        }
        pb = buf; // the previous cell, where it lies (copied aside only when the buffer is refilled)
        po = ls;
        prevLen = len;
      }
      ls = nl + 1;
      if (ls >= end) break;
    }
    if (pb === buf && prevLen >= 0) { buf.copy(prev, 0, po, po + prevLen); pb = prev; po = 0; }
    carry = Math.max(0, end - ls);
    if (carry >= chunk) return false;
    if (carry > 0) buf.copy(buf, 0, ls, end);
  }
  return true;
}
