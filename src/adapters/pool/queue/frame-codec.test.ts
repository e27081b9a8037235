import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeFrame } from '../../../domain/frame/frame.js';
import { decodeFrame, encodeFrame, frameAddress, rowsToBuffer, toFloat64 } from './frame-codec.js';

const origin = { kind: 'csv', synthetic: false, exchange: 'csv', market: 'spot', description: 'BTC-USDT_1h.csv' } as const;
const col = (xs: number[]) => Float64Array.from(xs);

describe('frame codec', () => {
  it('round-trips any bars bit for bit (NaN, -0, subnormals included), metadata too', () => {
    fc.assert(fc.property(fc.array(fc.double(), { maxLength: 40 }), fc.string({ maxLength: 12 }), (xs, symbol) => {
      const f = makeFrame(symbol, '1h', { time: col(xs.map((_, i) => i * 3_600_000)), open: col(xs), high: col(xs.map((x) => x * 2)), low: col(xs.map((x) => -x)), close: col(xs.slice().reverse()), volume: col(xs.map(() => 0)) }, origin);
      const g = decodeFrame(encodeFrame(f));
      expect({ symbol: g.symbol, timeframe: g.timeframe, length: g.length, origin: g.origin }).toEqual({ symbol, timeframe: '1h', length: xs.length, origin });
      for (const c of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
        expect(Array.from(g[c], (v, i) => Object.is(v, f[c][i])).every(Boolean), c).toBe(true);
      }
      expect(frameAddress(g)).toBe(frameAddress(f));
    }), { numRuns: 60 });
  });

  it('addresses differ when one bar or the symbol differs', () => {
    const base = { time: col([0, 1]), open: col([1, 2]), high: col([1, 2]), low: col([1, 2]), close: col([1, 2]), volume: col([0, 0]) };
    const a = makeFrame('BTC/USDT', '1h', base, origin);
    expect(frameAddress(makeFrame('BTC/USDT', '1h', { ...base, close: col([1, 2.0000000001]) }, origin))).not.toBe(frameAddress(a));
    expect(frameAddress(makeFrame('ETH/USDT', '1h', base, origin))).not.toBe(frameAddress(a));
  });

  it('carries the warm-up count (issue 10): a queue worker trades from the same bar as a local run', () => {
    const base = { time: col([0, 1, 2]), open: col([1, 2, 3]), high: col([1, 2, 3]), low: col([1, 2, 3]), close: col([1, 2, 3]), volume: col([0, 0, 0]) };
    const plain = makeFrame('BTC/USDT', '1h', base, origin);
    const warm = { ...plain, warmup: 2 };
    expect(decodeFrame(encodeFrame(warm)).warmup).toBe(2);
    expect(decodeFrame(encodeFrame(plain)).warmup).toBeUndefined();
    expect(frameAddress(warm)).not.toBe(frameAddress(plain));
  });

  it('rows survive the bytes from Redis at any alignment', () => {
    const rows = col([1.5, NaN, -0, Infinity, 5e-324]);
    const bytes = Buffer.concat([Buffer.from([9]), rowsToBuffer(rows)]).subarray(1);
    expect(Array.from(toFloat64(bytes), (v, i) => Object.is(v, rows[i]))).toEqual([true, true, true, true, true]);
  });
});
