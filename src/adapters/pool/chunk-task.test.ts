import { describe, expect, it } from 'vitest';
import { BacktesterError, OutputError, StrategyError } from '../../base/errors.js';
import { isStorageFailure } from '../fs/fs-problem.js';
import { reviveError, serializeError } from './chunk-task.js';

/** What a thread's error looks like here: serialized as data, posted (a structured clone), revived. */
const acrossThreads = (e: unknown) => reviveError(structuredClone(serializeError(e)));

const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: 'ENOSPC', errno: -28, syscall: 'write', path: '/out/.staging/optimization_results.csv' });

describe('errors across threads', () => {
  it('an operating system error stays one: code, errno, syscall and path kept (a full disk reads as one)', () => {
    const e = acrossThreads(enospc()) as NodeJS.ErrnoException;
    expect(e.message).toBe('ENOSPC: no space left on device, write');
    expect({ code: e.code, errno: e.errno, syscall: e.syscall, path: e.path }).toEqual({ code: 'ENOSPC', errno: -28, syscall: 'write', path: '/out/.staging/optimization_results.csv' });
    expect(isStorageFailure(e)).toBe(true);
  });

  it("an OutputError keeps its code and its cause's system fields and message", () => {
    const e = acrossThreads(new OutputError('Could not write the optimization reports into /out.', { hint: 'Check the folder.', cause: enospc() }));
    expect(e).toBeInstanceOf(BacktesterError);
    expect((e as BacktesterError).code).toBe('OUTPUT_FAILED');
    expect((e as BacktesterError).hint).toBe('Check the folder.');
    const cause = (e as BacktesterError).cause as NodeJS.ErrnoException;
    expect(cause.message).toBe('ENOSPC: no space left on device, write');
    expect(isStorageFailure(cause)).toBe(true);
  });

  it('other errors: a thread failure naming the message; strategy codes as a StrategyError', () => {
    const plain = acrossThreads(new TypeError('x is not a function'));
    expect(plain.message).toBe('A worker thread failed: x is not a function');
    expect((plain as NodeJS.ErrnoException).code).toBeUndefined();
    const strategy = acrossThreads(new StrategyError('STRATEGY_FAILED', 'k = 3 is not supported', { hint: 'h' }));
    expect(strategy).toBeInstanceOf(StrategyError);
    expect(strategy.message).toBe('k = 3 is not supported');
  });
});
