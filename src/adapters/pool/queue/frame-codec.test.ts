import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeFrame } from '../../../domain/frame/frame.js';
import { decodeFrame, encodeFrame, frameAddress, toFloat64 } from './frame-codec.js';

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
    const bytes = Buffer.concat([Buffer.from([9]), Buffer.from(rows.buffer)]).subarray(1);
    expect(Array.from(toFloat64(bytes), (v, i) => Object.is(v, rows[i]))).toEqual([true, true, true, true, true]);
  });

  const bits = (a: Float64Array, b: Float64Array) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));
  const cols = (n: number, k: number) => ({
    time: col(Array.from({ length: n }, (_, i) => i * 3_600_000)), open: col(Array.from({ length: n }, (_, i) => k + i)),
    high: col(Array.from({ length: n }, (_, i) => k + i + 0.5)), low: col(Array.from({ length: n }, (_, i) => k + i - 0.5)),
    close: col(Array.from({ length: n }, (_, i) => k + i + 0.25)), volume: col(Array.from({ length: n }, (_, i) => i % 3)),
  });

  it('carries a swap frame\'s funding rates (issue 11): before, a queue worker got the bars without them', () => {
    const plain = makeFrame('BTC/USDT:USDT', '1h', cols(4, 100), { ...origin, market: 'swap' });
    const swap = { ...plain, funding: col([0, 1e-4, NaN, -2e-4]) };
    const g = decodeFrame(encodeFrame(swap));
    expect(bits(g.funding!, swap.funding)).toBe(true);
    expect(bits(g.close, swap.close)).toBe(true);
    expect(decodeFrame(encodeFrame(plain)).funding).toBeUndefined();
    expect(frameAddress(swap)).not.toBe(frameAddress(plain));
    expect(frameAddress({ ...swap, funding: col([0, 1e-4, NaN, -3e-4]) })).not.toBe(frameAddress(swap));
  });

  it('carries the other symbols\' frames a strategy reads with informative() (issue 10 item 9), bit for bit, whatever their lengths', () => {
    const eth = { ...makeFrame('ETH/USDT', '1h', cols(5, 10), origin), warmup: 2 };
    const btc = makeFrame('BTC/USDT', '1h', cols(7, 1000), origin);
    const sol = { ...makeFrame('SOL/USDT', '1h', cols(3, 50), origin), funding: col([1, 2, 3]) };
    const f = { ...eth, informative: { 'SOL/USDT': sol, 'BTC/USDT': btc } };
    const g = decodeFrame(encodeFrame(f));
    expect(g.warmup).toBe(2);
    expect(Object.keys(g.informative!).sort()).toEqual(['BTC/USDT', 'SOL/USDT']);
    for (const [s, want] of [['BTC/USDT', btc], ['SOL/USDT', sol]] as const) {
      const got = g.informative![s];
      expect({ symbol: got.symbol, length: got.length }).toEqual({ symbol: s, length: want.length });
      for (const c of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(bits(got[c], want[c]), `${s} ${c}`).toBe(true);
    }
    expect(bits(g.informative!['SOL/USDT'].funding!, sol.funding)).toBe(true);
    expect(frameAddress(g)).toBe(frameAddress(f));
    // The order the symbols were attached in does not matter; one bar of another symbol does.
    expect(frameAddress({ ...eth, informative: { 'BTC/USDT': btc, 'SOL/USDT': sol } })).toBe(frameAddress(f));
    const btc2 = { ...btc, close: col([...btc.close.slice(0, 6), 1e9]) };
    expect(frameAddress({ ...eth, informative: { 'SOL/USDT': sol, 'BTC/USDT': btc2 } })).not.toBe(frameAddress(f));
    expect(frameAddress(eth)).not.toBe(frameAddress(f));
    expect(decodeFrame(encodeFrame(eth)).informative).toBeUndefined();
  });
});
