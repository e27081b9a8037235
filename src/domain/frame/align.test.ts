import { describe, expect, it } from 'vitest';
import { alignForward } from './align.js';

describe('alignForward', () => {
  it('carries the last value at or before each bar forward; NaN before the first', () => {
    // run bars at 0..5, the other series at 1, 2, 4 (no bar at 3 or 5)
    const out = alignForward([0, 1, 2, 3, 4, 5], [1, 2, 4], [10, 20, 40]);
    expect([...out]).toEqual([NaN, 10, 20, 20, 40, 40]);
    expect([...alignForward([], [1], [1])]).toEqual([]);
  });
});
