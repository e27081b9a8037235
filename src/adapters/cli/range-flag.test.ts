import { describe, expect, it } from 'vitest';
import { collectRange, parseRangeFlag } from './range-flag.js';

describe('--range', () => {
  it('lists and start:stop:step ranges', () => {
    expect(parseRangeFlag('short_ma_window=10,20,30')).toEqual(['short_ma_window', [10, 20, 30]]);
    expect(parseRangeFlag('atr_period=10:20:2')).toEqual(['atr_period', [10, 12, 14, 16, 18, 20]]);
    expect(parseRangeFlag('sl_atr_multiplier=0.1:0.3:0.1')).toEqual(['sl_atr_multiplier', [0.1, 0.2, 0.3]]);
    expect(parseRangeFlag('ma_type=SMA,EMA')).toEqual(['ma_type', ['SMA', 'EMA']]);
    expect(parseRangeFlag('use_adx=true,false')).toEqual(['use_adx', [true, false]]);
    expect(collectRange('b=1:2:1', collectRange('a=1'))).toEqual({ a: [1], b: [1, 2] });
  });
  it('rejects malformed ranges with a message', () => {
    expect(() => parseRangeFlag('short_ma_window')).toThrow(/key=a,b,c/);
    expect(() => parseRangeFlag('x=20:10:2')).toThrow(/stop >= start/);
    expect(() => parseRangeFlag('x=1:5:0')).toThrow(/step > 0/);
  });
});
