import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../base/errors.js';
import { exitCodeFor } from '../cli/errors.js';
import { withFileLock } from './file-lock.js';

describe('withFileLock', () => {
  it('a lock another live run holds past the wait: a data error (exit 3) naming the file and the holder, fn never runs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bt-lock-'));
    const lock = path.join(dir, 'BTC-USDT_1h.arrow.lock');
    writeFileSync(lock, '4242 2026-01-01T00:00:00.000Z\n'); // fresh: not stale
    let ran = false;
    const p = withFileLock(lock, async () => { ran = true; }, 100);
    await expect(p).rejects.toBeInstanceOf(DataError);
    const e = await p.catch((x: unknown) => x);
    expect(exitCodeFor(e)).toBe(3);
    expect((e as Error).message).toBe(`The candle cache file is locked by another run (process 4242): waited 0 s for ${lock}.`);
    expect(ran).toBe(false);
  });

  it('runs fn under the lock and removes it afterwards', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bt-lock-'));
    const lock = path.join(dir, 'x.lock');
    expect(await withFileLock(lock, async () => 7)).toBe(7);
    expect(await withFileLock(lock, async () => 8, 100)).toBe(8); // free again
  });
});
