import { createHash } from 'node:crypto';
import type { OhlcvFrame } from '../../../domain/frame/frame.js';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** sha256 of a frame's identity and bars (every column's bytes): its address in Redis. */
export function frameAddress(f: OhlcvFrame): string {
  // The warm-up count (issue 10) is part of what a worker evaluates; frames without one keep their old address.
  const h = createHash('sha256').update(`${f.symbol}|${f.timeframe}|${f.length}|${JSON.stringify(f.origin)}|${f.warmup ? `warmup=${f.warmup}|` : ''}`);
  for (const c of COLUMNS) h.update(new Uint8Array(f[c].buffer, f[c].byteOffset, f[c].byteLength));
  return h.digest('hex');
}

/**
 * A frame as bytes: a 4-byte header length, the header (JSON metadata, padded to 8 bytes), then
 * the six columns as float64. Bit-exact, so a worker evaluates the very bars the coordinator has.
 */
export function encodeFrame(f: OhlcvFrame): Buffer {
  const meta = Buffer.from(JSON.stringify({ symbol: f.symbol, timeframe: f.timeframe, length: f.length, origin: f.origin, ...(f.warmup ? { warmup: f.warmup } : {}) }));
  const headLen = Math.ceil((4 + meta.length) / 8) * 8;
  const out = Buffer.alloc(headLen + COLUMNS.length * f.length * 8);
  out.writeUInt32LE(meta.length, 0);
  meta.copy(out, 4);
  COLUMNS.forEach((c, k) => {
    const col = f[c];
    Buffer.from(col.buffer, col.byteOffset, col.byteLength).copy(out, headLen + k * f.length * 8);
  });
  return out;
}

/** The frame `encodeFrame` wrote (columns copied into fresh arrays). */
export function decodeFrame(buf: Buffer): OhlcvFrame {
  const metaLen = buf.readUInt32LE(0);
  const meta = JSON.parse(buf.subarray(4, 4 + metaLen).toString('utf8')) as Pick<OhlcvFrame, 'symbol' | 'timeframe' | 'length' | 'origin' | 'warmup'>;
  const headLen = Math.ceil((4 + metaLen) / 8) * 8;
  const n = meta.length;
  if (buf.length !== headLen + COLUMNS.length * n * 8) throw new Error(`frame of ${buf.length} bytes does not hold ${n} bars`);
  const cols = Object.fromEntries(COLUMNS.map((c, k) => [c, toFloat64(buf.subarray(headLen + k * n * 8, headLen + (k + 1) * n * 8))]));
  return { ...meta, ...(cols as Pick<OhlcvFrame, (typeof COLUMNS)[number]>) };
}

/** Metrics rows as bytes (float64, little-endian, as every platform Node runs on). */
export function rowsToBuffer(rows: Float64Array): Buffer {
  return Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
}

/** A copy of the bytes as float64 (Buffers from Redis are not 8-byte aligned). */
export function toFloat64(b: Buffer): Float64Array {
  const out = new Float64Array(b.length / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}
