import { createHash } from 'node:crypto';
import type { OhlcvFrame } from '../../../domain/frame/frame.js';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** The columns a frame carries: the six bars' columns, then the funding rates of a swap market that has them. */
function columnsOf(f: OhlcvFrame): Float64Array[] {
  const cols: Float64Array[] = COLUMNS.map((c) => f[c]);
  if (f.funding !== undefined) cols.push(f.funding);
  return cols;
}

/** Other symbols' frames (`this.informative(tf, symbol)`), by symbol in a fixed order. */
function informativeOf(f: OhlcvFrame): [string, OhlcvFrame][] {
  return Object.entries(f.informative ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * sha256 of a frame's identity and bars (every column's bytes), its funding rates and its other
 * symbols' frames (by their addresses): its address in Redis.
 */
export function frameAddress(f: OhlcvFrame): string {
  // Warm-up, funding and other symbols (issues 10, 11) are part of what a worker evaluates; frames without them keep their old address.
  const others = informativeOf(f).map(([s, g]) => `${s}=${frameAddress(g)}`).join(',');
  const h = createHash('sha256').update(`${f.symbol}|${f.timeframe}|${f.length}|${JSON.stringify(f.origin)}|${f.warmup ? `warmup=${f.warmup}|` : ''}${f.funding ? 'funding|' : ''}${others ? `informative=${others}|` : ''}`);
  for (const c of columnsOf(f)) h.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  return h.digest('hex');
}

interface FrameHeader extends Pick<OhlcvFrame, 'symbol' | 'timeframe' | 'length' | 'origin' | 'warmup'> {
  /** The funding column follows the six bar columns. */
  readonly funding?: true;
  /** Other symbols' frames follow the columns, each encoded like this one, with its length in bytes. */
  readonly informative?: readonly { readonly symbol: string; readonly bytes: number }[];
}

/**
 * A frame as bytes: a 4-byte header length, the header (JSON metadata, padded to 8 bytes), the six
 * columns as float64 (then the funding rates when the frame has them), then each other symbol's
 * frame encoded the same way. Bit-exact, so a worker evaluates the very bars the coordinator has.
 */
export function encodeFrame(f: OhlcvFrame): Buffer {
  const others = informativeOf(f).map(([symbol, g]) => ({ symbol, buf: encodeFrame(g) }));
  const header: FrameHeader = {
    symbol: f.symbol, timeframe: f.timeframe, length: f.length, origin: f.origin, ...(f.warmup ? { warmup: f.warmup } : {}),
    ...(f.funding ? { funding: true } : {}), ...(others.length > 0 ? { informative: others.map((o) => ({ symbol: o.symbol, bytes: o.buf.length })) } : {}),
  };
  const meta = Buffer.from(JSON.stringify(header));
  const headLen = Math.ceil((4 + meta.length) / 8) * 8;
  const cols = columnsOf(f);
  const colBytes = cols.length * f.length * 8;
  const out = Buffer.alloc(headLen + colBytes + others.reduce((s, o) => s + o.buf.length, 0));
  out.writeUInt32LE(meta.length, 0);
  meta.copy(out, 4);
  cols.forEach((col, k) => {
    Buffer.from(col.buffer, col.byteOffset, col.byteLength).copy(out, headLen + k * f.length * 8);
  });
  let at = headLen + colBytes;
  for (const o of others) {
    o.buf.copy(out, at);
    at += o.buf.length;
  }
  return out;
}

/** The frame `encodeFrame` wrote (columns copied into fresh arrays). */
export function decodeFrame(buf: Buffer): OhlcvFrame {
  const metaLen = buf.readUInt32LE(0);
  const { funding, informative, ...meta } = JSON.parse(buf.subarray(4, 4 + metaLen).toString('utf8')) as FrameHeader;
  const headLen = Math.ceil((4 + metaLen) / 8) * 8;
  const n = meta.length;
  const names: readonly string[] = funding ? [...COLUMNS, 'funding'] : COLUMNS;
  const colEnd = headLen + names.length * n * 8;
  const othersBytes = (informative ?? []).reduce((s, o) => s + o.bytes, 0);
  if (buf.length !== colEnd + othersBytes) throw new Error(`frame of ${buf.length} bytes does not hold ${n} bars`);
  const cols = Object.fromEntries(names.map((c, k) => [c, toFloat64(buf.subarray(headLen + k * n * 8, headLen + (k + 1) * n * 8))]));
  let at = colEnd;
  const others: Record<string, OhlcvFrame> = {};
  for (const o of informative ?? []) {
    others[o.symbol] = decodeFrame(buf.subarray(at, at + o.bytes));
    at += o.bytes;
  }
  return { ...meta, ...(cols as Pick<OhlcvFrame, (typeof COLUMNS)[number]>), ...(informative ? { informative: others } : {}) };
}

/** A copy of the bytes as float64 (Buffers from Redis are not 8-byte aligned). */
export function toFloat64(b: Buffer): Float64Array {
  const out = new Float64Array(b.length / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}
