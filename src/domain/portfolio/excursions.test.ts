import { describe, expect, it } from 'vitest';
import { tradeExcursions } from './excursions.js';
import { allocTrades, EXIT_END_OPEN, EXIT_SIGNAL, EXIT_STOP_LOSS } from '../../kernels/sim/records.js';

// bars 0..5: highs and lows
const frame = {
  high: Float64Array.from([105, 112, 108, 120, 104, 130]),
  low: Float64Array.from([95, 98, 90, 101, 80, 100]),
};

function one(side: 1 | -1, entry: number, exit: number, entryPrice: number, exitPrice: number, reason: number) {
  const t = allocTrades(1);
  t.count = 1;
  t.side[0] = side;
  t.entryIndex[0] = entry;
  t.exitIndex[0] = exit;
  t.entryPrice[0] = entryPrice;
  t.exitPrice[0] = exitPrice;
  t.exitReason[0] = reason;
  return t;
}

describe('tradeExcursions (hand-worked)', () => {
  it('long, next_open: entry bar 1 counts whole, exit at bar 3\'s open does not count bar 3', () => {
    const x = tradeExcursions(one(1, 1, 3, 100, 110, EXIT_SIGNAL), frame, 'next_open');
    // bars 1, 2 → low 90, high 112; with entry 100 and exit 110
    expect(x.mae[0]).toBeCloseTo(90 / 100 - 1, 15);
    expect(x.mfe[0]).toBeCloseTo(112 / 100 - 1, 15);
    expect(x.barsHeld[0]).toBe(2);
  });

  it('long, close mode: entry bar (filled at its close) excluded, signal exit at bar 3\'s close includes bar 3', () => {
    const x = tradeExcursions(one(1, 1, 3, 100, 110, EXIT_SIGNAL), frame, 'close');
    // bars 2, 3 → low 90, high 120
    expect(x.mae[0]).toBeCloseTo(-0.1, 15);
    expect(x.mfe[0]).toBeCloseTo(0.2, 15);
  });

  it('short, stop-loss exit inside bar 4: bar 4 excluded, the stop fill counts', () => {
    const x = tradeExcursions(one(-1, 2, 4, 100, 115, EXIT_STOP_LOSS), frame, 'next_open');
    // bars 2, 3 → high 120, low 90; stop fill 115 < 120
    expect(x.mae[0]).toBeCloseTo(1 - 120 / 100, 15);
    expect(x.mfe[0]).toBeCloseTo(1 - 90 / 100, 15);
  });

  it('open at the end: every bar to the last counts', () => {
    const x = tradeExcursions(one(1, 4, 5, 100, 125, EXIT_END_OPEN), frame, 'next_open');
    expect(x.mae[0]).toBeCloseTo(-0.2, 15); // bar 4 low 80
    expect(x.mfe[0]).toBeCloseTo(0.3, 15); // bar 5 high 130
    expect(x.barsHeld[0]).toBe(1);
  });
});
