import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree } from './manifest.js';

/** The plain re-computation: a walk sorted within each folder, each file read whole, a symlink as null. */
function plainTree(dir: string, rel: string, out: Record<string, string | null> = {}): Record<string, string | null> {
  const full = join(dir, rel);
  const st = lstatSync(full);
  if (st.isDirectory()) for (const n of readdirSync(full).sort()) plainTree(dir, rel ? `${rel}/${n}` : n, out);
  else out[rel] = st.isFile() ? createHash('sha256').update(readFileSync(full)).digest('hex') : null;
  return out;
}

describe('hashTree', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-hash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes every file in sorted order (small files read synchronously, larger ones streamed) and lists a symlink as null', async () => {
    mkdirSync(join(dir, 'run', 'b', 'deep'), { recursive: true });
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, 'run', `f${String(i).padStart(2, '0')}.csv`), `row,${i}\n`.repeat(i * 100));
    writeFileSync(join(dir, 'run', 'b', 'deep', 'x.txt'), 'x');
    writeFileSync(join(dir, 'run', 'a-empty.txt'), '');
    const big = Buffer.alloc((16 << 20) + 12_345);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    writeFileSync(join(dir, 'run', 'big.bin'), big);
    writeFileSync(join(dir, 'run', 'mid.bin'), big.subarray(0, (5 << 20) + 7)); // past the synchronous reads' 4 MB
    // Names whose order differs between a per-folder sort and a sort of whole paths ('a-b' < 'a/…' as paths, 'a' < 'a-b' as names).
    mkdirSync(join(dir, 'run', 'a'));
    writeFileSync(join(dir, 'run', 'a', 'z.txt'), 'z');
    writeFileSync(join(dir, 'run', 'a-b.txt'), 'ab');
    symlinkSync(join(dir, 'run', 'b'), join(dir, 'run', 'link'));
    const expected = plainTree(dir, 'run');
    const got = await hashTree(dir, 'run');
    expect(Object.keys(got)).toEqual(Object.keys(expected));
    expect(Object.keys(got).indexOf('run/a/z.txt')).toBeLessThan(Object.keys(got).indexOf('run/a-b.txt'));
    expect(got).toEqual(expected);
    expect(got['run/link']).toBeNull();
    expect(await hashTree(dir, 'run/b/deep/x.txt')).toEqual({ 'run/b/deep/x.txt': createHash('sha256').update('x').digest('hex') });
    await expect(hashTree(dir, 'missing')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('ours: a file this process hashed and then moved by renaming keeps its hash; one rewritten is hashed anew', async () => {
    mkdirSync(join(dir, 'stage', 'best'), { recursive: true });
    writeFileSync(join(dir, 'stage', 'best', 'equity.csv'), 'a,1\n'.repeat(1000));
    writeFileSync(join(dir, 'stage', 'best', 'small.txt'), 'first');
    const first = await hashTree(dir, 'stage', { ours: true });
    renameSync(join(dir, 'stage', 'best'), join(dir, 'stage', 'moved'));
    // Same bytes after the move (the memo's answer equals a fresh hash) …
    expect(await hashTree(dir, 'stage/moved', { ours: true })).toEqual(plainTree(dir, 'stage/moved'));
    expect((await hashTree(dir, 'stage/moved', { ours: true }))['stage/moved/equity.csv']).toBe(first['stage/best/equity.csv']);
    // … and a file rewritten in place (other size) is hashed anew.
    writeFileSync(join(dir, 'stage', 'moved', 'small.txt'), 'second!');
    expect((await hashTree(dir, 'stage/moved', { ours: true }))['stage/moved/small.txt']).toBe(createHash('sha256').update('second!').digest('hex'));
  });
});
