import { allocCscvSplits, splitMasks } from '../../../kernels/stats/cscv.js';
import type { PathStats } from '../../../domain/validate/path-stats.js';
import { sharedBytes, type ValidationUnit } from '../../../orchestration/validate/units.js';
import { toFloat64 } from './frame-codec.js';

/**
 * A validation unit on the queue (protocol 3). Its inputs (kind, parameters, arrays) are stored
 * once, content-addressed, as bytes: a 4-byte header length, the JSON header padded to 8 bytes,
 * then float64 arrays (CSCV: bars per block, then the block sums; Monte Carlo: the returns). A
 * `unit` job names the input and a range [first, end); the worker writes the range's results
 * (float64, little-endian) to the run's results hash, and the coordinator copies them into place
 * by position, so the results are the bits a local run computes, whatever worker ran what.
 */
export type UnitHeader =
  | { readonly kind: 'cscv'; readonly combos: number; readonly blocks: number }
  | { readonly kind: 'reshuffle' | 'bootstrap'; readonly seed: number; readonly blockLength: number; readonly annualization: number; readonly fanSteps: readonly number[] };

/** The decoded inputs of a unit: `make(first, end)` gives a unit whose results land in arrays of its own range (shared memory). */
export interface UnitInput {
  readonly header: UnitHeader;
  make(first: number, end: number): ValidationUnit;
}

/** The header and arrays of a unit's inputs (what `encodeUnitInput` stores). */
function parts(u: ValidationUnit): { header: UnitHeader; arrays: Float64Array[] } {
  if (u.kind === 'cscv') return { header: { kind: 'cscv', combos: u.combos, blocks: u.bars.length }, arrays: [u.bars, u.sums] };
  return {
    header: { kind: u.kind, seed: u.seed, blockLength: u.blockLength, annualization: u.annualization, fanSteps: Array.from(u.out.fanSteps) },
    arrays: [u.returns],
  };
}

export function encodeUnitInput(u: ValidationUnit): Buffer {
  const { header, arrays } = parts(u);
  const meta = Buffer.from(JSON.stringify(header));
  const headLen = Math.ceil((4 + meta.length) / 8) * 8;
  const out = Buffer.alloc(headLen + arrays.reduce((s, a) => s + a.byteLength, 0));
  out.writeUInt32LE(meta.length, 0);
  meta.copy(out, 4);
  let at = headLen;
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += a.byteLength;
  }
  return out;
}

/** The inputs `encodeUnitInput` wrote, in shared memory (a worker's threads read them without copies). */
export function decodeUnitInput(buf: Buffer): UnitInput {
  const metaLen = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + metaLen).toString('utf8')) as UnitHeader;
  const all = toFloat64(buf.subarray(Math.ceil((4 + metaLen) / 8) * 8));
  const shared = (a: Float64Array): Float64Array => {
    const s = new Float64Array(sharedBytes(a.byteLength));
    s.set(a);
    return s;
  };
  if (header.kind === 'cscv') {
    const S = header.blocks;
    if (all.length !== S + header.combos * S * 2) throw new Error(`CSCV unit input of ${all.length} values does not hold ${header.combos} combinations × ${S} blocks`);
    const bars = shared(all.subarray(0, S));
    const sums = shared(all.subarray(S));
    const masks = splitMasks(S);
    return {
      header,
      make: (first, end) => {
        const mask = new Int32Array(sharedBytes((end - first) * 4));
        mask.set(masks.subarray(first, end));
        return { kind: 'cscv', combos: header.combos, bars, sums, out: allocCscvSplits(mask, sharedBytes), first, end, outStart: first };
      },
    };
  }
  const returns = shared(all);
  const steps = Int32Array.from(header.fanSteps);
  return {
    header,
    make: (first, end) => ({
      kind: header.kind, returns, seed: header.seed, blockLength: header.blockLength, annualization: header.annualization,
      out: sharedPaths(end - first, steps), first, end, outStart: first,
    }),
  };
}

function sharedPaths(paths: number, steps: Int32Array): PathStats {
  const f = (n: number): Float64Array => new Float64Array(sharedBytes(n * 8));
  return { finalReturn: f(paths), maxDrawdown: f(paths), sharpe: f(paths), fanSteps: steps, fan: f(paths * steps.length) };
}

/** The result arrays of a unit and the values each holds per split or path. */
function resultArrays(u: ValidationUnit): { arrays: (Float64Array | Int32Array)[]; per: number[] } {
  if (u.kind === 'cscv') return { arrays: [u.out.best, u.out.isSharpe, u.out.oosSharpe, u.out.rank, u.out.omega, u.out.logit], per: [1, 1, 1, 1, 1, 1] };
  return { arrays: [u.out.finalReturn, u.out.maxDrawdown, u.out.sharpe, u.out.fan], per: [1, 1, 1, u.out.fanSteps.length] };
}

/** Bytes of the results of a unit's range. */
function unitResultBytes(u: ValidationUnit): number {
  return (u.end - u.first) * resultArrays(u).per.reduce((s, k) => s + k, 0) * 8;
}

/** The results of the unit's range [first, end) as float64 bytes (CSCV's best combination as a float64: exact). */
export function packUnitResult(u: ValidationUnit): Buffer {
  const n = u.end - u.first;
  const at = u.first - (u.outStart ?? 0);
  const { arrays, per } = resultArrays(u);
  const out = new Float64Array(unitResultBytes(u) / 8);
  let o = 0;
  arrays.forEach((a, k) => {
    const part = a.subarray(at * per[k], (at + n) * per[k]);
    out.set(part, o);
    o += part.length;
  });
  return Buffer.from(out.buffer);
}

/** Copies a stored result of the unit's range into its arrays, by position. */
export function unpackUnitResult(u: ValidationUnit, buf: Buffer): void {
  if (buf.length !== unitResultBytes(u)) throw new Error(`stored results of ${unitLabel(u)} have ${buf.length} bytes, not ${unitResultBytes(u)}`);
  const n = u.end - u.first;
  const at = u.first - (u.outStart ?? 0);
  const all = toFloat64(buf);
  const { arrays, per } = resultArrays(u);
  let o = 0;
  arrays.forEach((a, k) => {
    a.set(all.subarray(o, o + n * per[k]), at * per[k]);
    o += n * per[k];
  });
}

/** What a unit is, for logs and dashboards. */
export function unitLabel(u: Pick<ValidationUnit, 'kind' | 'first' | 'end'>): string {
  const what = u.kind === 'cscv' ? 'CSCV splits' : u.kind === 'reshuffle' ? 'Monte Carlo reshuffle paths' : 'Monte Carlo bootstrap paths';
  return `${what} ${u.first}–${u.end}`;
}
