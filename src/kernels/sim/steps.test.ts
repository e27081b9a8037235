/** Steps of cash and units: a change is a change of bits, one row per bar, rows past capacity flagged. */
import { describe, expect, it } from 'vitest';
import { allocSteps, expandSteps, recordStep } from './steps.js';

describe('recordStep / expandSteps', () => {
  it('keeps 0 → -0 and number → NaN as changes, NaN → NaN as none, and the last row of a bar', () => {
    const s = allocSteps(8);
    recordStep(s, 0, 100, 0);
    recordStep(s, 2, 100, 0); // no change
    recordStep(s, 3, 90, 1);
    recordStep(s, 3, 80, 2); // same bar: replaces
    recordStep(s, 5, 80, -0);
    recordStep(s, 6, NaN, -0);
    recordStep(s, 7, NaN, -0); // NaN → NaN: no change
    expect(s.count).toBe(4);
    const { cash, position } = expandSteps(s, 9);
    expect(Array.from(cash)).toEqual([100, 100, 100, 80, 80, 80, NaN, NaN, NaN]);
    expect(Array.from(position).map((x) => (Object.is(x, -0) ? '-0' : x))).toEqual([0, 0, 0, 2, 2, '-0', '-0', '-0', '-0']);
    expect(s.overflow).toBe(false);
  });

  it('flags a change that finds no free row', () => {
    const s = allocSteps(2);
    recordStep(s, 0, 1, 0);
    recordStep(s, 1, 2, 0);
    recordStep(s, 2, 3, 0);
    expect(s.count).toBe(2);
    expect(s.overflow).toBe(true);
  });
});
