import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverInterruptedSwaps, swapIn } from './publish-swap.js';
import { discardAllSync, StagedOutput, type Manifest } from './staged-output.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bt-swap-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('swapIn', () => {
  it('replaces the entries, moves the stale ones out, puts run.json last and leaves no trash', () => {
    const dest = folder({ 'run.json': 'old manifest', 'trades.csv': 'old trades', 'BTC-USDT/equity.csv': 'old', 'mine.txt': 'user' });
    const staging = join(dest, '.backtester.partial-1-a');
    mkdirSync(staging);
    writeFileSync(join(staging, 'trades.csv'), 'new trades');
    writeFileSync(join(staging, 'run.json'), 'new manifest');
    swapIn({ staging, dest, entries: ['trades.csv'], stale: ['BTC-USDT'] }, '1-a');
    expect(readdirSync(dest).sort()).toEqual(['mine.txt', 'run.json', 'trades.csv']);
    expect(read(dest, 'trades.csv')).toBe('new trades');
    expect(read(dest, 'run.json')).toBe('new manifest');
  });
});

describe('recoverInterruptedSwaps', () => {
  it('rolls a swap killed half-way back to the previous complete run', () => {
    // The state a kill leaves after the old run.json and a.csv were moved to the trash and the
    // new a.csv moved in, before b.csv (old, still in place) and c.csv (new, no old one).
    const dest = folder({ 'a.csv': 'NEW a', 'b.csv': 'old b', 'keep.txt': 'user' });
    const trash = join(dest, '.backtester.partial-9-x-old');
    mkdirSync(trash);
    writeFileSync(join(trash, '.journal.json'), JSON.stringify({ entries: ['a.csv', 'b.csv', 'c.csv'], replaced: ['a.csv', 'b.csv'] }));
    writeFileSync(join(trash, 'run.json'), 'old manifest');
    writeFileSync(join(trash, 'a.csv'), 'old a');
    const staging = join(dest, '.backtester.partial-9-x');
    mkdirSync(staging);
    writeFileSync(join(staging, 'b.csv'), 'NEW b');
    expect(recoverInterruptedSwaps(dest)).toEqual({ restored: 1, removed: 2 });
    expect(readdirSync(dest).sort()).toEqual(['a.csv', 'b.csv', 'keep.txt', 'run.json']);
    expect([read(dest, 'a.csv'), read(dest, 'b.csv'), read(dest, 'run.json'), read(dest, 'keep.txt')]).toEqual(['old a', 'old b', 'old manifest', 'user']);
  });

  it('only removes the trash when the new run.json was already in place', () => {
    const dest = folder({ 'a.csv': 'NEW a', 'run.json': 'new manifest' });
    const trash = join(dest, '.backtester.partial-9-y-old');
    mkdirSync(trash);
    writeFileSync(join(trash, '.journal.json'), JSON.stringify({ entries: ['a.csv'], replaced: ['a.csv'] }));
    writeFileSync(join(trash, 'a.csv'), 'old a');
    recoverInterruptedSwaps(dest);
    expect(readdirSync(dest).sort()).toEqual(['a.csv', 'run.json']);
    expect(read(dest, 'a.csv')).toBe('NEW a');
  });
});

describe('paths inside a run (a later command adding to it)', () => {
  it('a swap of SYM/montecarlo and SYM/index.html killed half-way is rolled back, the rest of SYM untouched', () => {
    // Killed after SYM/montecarlo (new) was moved in and the old SYM/index.html moved to the trash,
    // before the new index.html was moved in.
    const dest = folder({ 'SYM/montecarlo/a.csv': 'NEW', 'SYM/equity.csv': 'equity', 'keep.txt': 'user' });
    const trash = join(dest, '.backtester.partial-9-z-old');
    mkdirSync(join(trash, 'SYM'), { recursive: true });
    writeFileSync(join(trash, '.journal.json'), JSON.stringify({ entries: ['SYM/montecarlo', 'SYM/index.html'], replaced: ['SYM/index.html'], stale: [] }));
    writeFileSync(join(trash, 'run.json'), 'old manifest');
    writeFileSync(join(trash, 'SYM/index.html'), 'old index');
    expect(recoverInterruptedSwaps(dest)).toEqual({ restored: 1, removed: 1 });
    expect(readdirSync(dest).sort()).toEqual(['SYM', 'keep.txt', 'run.json']);
    expect(readdirSync(join(dest, 'SYM')).sort()).toEqual(['equity.csv', 'index.html']);
    expect([read(dest, 'SYM/index.html'), read(dest, 'SYM/equity.csv'), read(dest, 'run.json')]).toEqual(['old index', 'equity', 'old manifest']);
  });

  it('StagedOutput.addTo publishes into the run: run.json keeps the run and learns the new hashes', async () => {
    const dest = join(folder({}), 'out');
    const run = await StagedOutput.create(dest);
    mkdirSync(join(run.dir, 'SYM'));
    writeFileSync(join(run.dir, 'SYM', 'equity.csv'), 'equity');
    writeFileSync(join(run.dir, 'SYM', 'index.html'), 'index');
    await run.publish({ kind: 'backtest' });
    const before = JSON.parse(read(dest, 'run.json')) as Manifest;
    const add = await StagedOutput.addTo(dest, ['SYM/montecarlo', 'SYM/index.html']);
    mkdirSync(join(add.dir, 'SYM', 'montecarlo'));
    writeFileSync(join(add.dir, 'SYM', 'montecarlo', 'a.csv'), 'mc');
    writeFileSync(join(add.dir, 'SYM', 'index.html'), 'index with link');
    await add.publishAddition();
    const after = JSON.parse(read(dest, 'run.json')) as Manifest;
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    expect(after.kind).toBe('backtest');
    expect(after.entries).toEqual(['SYM']);
    expect(after.files).toEqual({ 'SYM/equity.csv': before.files!['SYM/equity.csv'], 'SYM/index.html': sha('index with link'), 'SYM/montecarlo/a.csv': sha('mc') });
    expect(readdirSync(dest).sort()).toEqual(['SYM', 'run.json']);
    expect(read(dest, 'SYM/index.html')).toBe('index with link');
  });

  it('StagedOutput.addTo refuses a path the run did not write, changing nothing', async () => {
    const dest = join(folder({}), 'out');
    const run = await StagedOutput.create(dest);
    writeFileSync(join(run.dir, 'index.html'), 'index');
    await run.publish({ kind: 'backtest' });
    writeFileSync(join(dest, 'index.html'), 'index, edited');
    await expect(StagedOutput.addTo(dest, ['montecarlo', 'index.html'])).rejects.toThrow(/index\.html would be replaced/);
    expect(readdirSync(dest).sort()).toEqual(['index.html', 'run.json']);
    await expect(StagedOutput.addTo(join(folder({ 'a.txt': 'x' })), ['montecarlo'])).rejects.toThrow(/holds no complete run of backtester/);
  });
});

describe('Ctrl-C while a staging is being opened', () => {
  it('releases the lock taken by an addTo still checking the run (and by a create), leaving the folder as it was', async () => {
    const dest = join(folder({}), 'out');
    const run = await StagedOutput.create(dest);
    writeFileSync(join(run.dir, 'index.html'), 'index');
    await run.publish({ kind: 'backtest' });
    const before = readdirSync(dest).sort();
    // The signal handler runs while addTo awaits its checks: the lock is taken, no StagedOutput exists yet.
    const adding = StagedOutput.addTo(dest, ['montecarlo', 'index.html']);
    const locked = () => existsSync(join(dest, '.backtester.lock'));
    for (let i = 0; i < 1000 && !locked(); i++) await new Promise((r) => setImmediate(r));
    expect(locked()).toBe(true);
    expect(readdirSync(dest).filter((n) => n.startsWith('.backtester.partial-'))).toEqual([]);
    discardAllSync();
    expect(readdirSync(dest).sort()).toEqual(before);
    (await adding).release(true); // in the CLI the process has exited by now
    const fresh = join(folder({}), 'fresh');
    const creating = StagedOutput.create(fresh);
    const freshLocked = () => existsSync(join(fresh, '.backtester.lock'));
    for (let i = 0; i < 1000 && !freshLocked(); i++) await new Promise((r) => setImmediate(r));
    expect(freshLocked()).toBe(true);
    discardAllSync();
    expect(freshLocked()).toBe(false);
    (await creating).release(true);
  });
});

describe('StagedOutput lock', () => {
  it('refuses a second staging of the same folder in this process until the first is released', async () => {
    const dest = join(folder({}), 'out');
    const first = await StagedOutput.create(dest);
    await expect(StagedOutput.create(dest)).rejects.toThrow(/Another backtester run \(process \d+\) is writing into/);
    writeFileSync(join(first.dir, 'trades.csv'), 'x');
    await first.publish({ kind: 'test' });
    const second = await StagedOutput.create(dest);
    await second.discard();
    expect(readdirSync(dest).sort()).toEqual(['run.json', 'trades.csv']);
    expect(existsSync(join(dest, '.backtester.lock'))).toBe(false);
  });
});
