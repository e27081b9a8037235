import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree } from './manifest.js';

/** The plain re-computation: a sorted walk, each file read whole. */
function plainTree(dir: string, rel: string, out: Record<string, string | null> = {}): Record<string, string | null> {
  const full = join(dir, rel);
  const st = statSync(full, { throwIfNoEntry: true });
  if (st.isDirectory()) for (const n of readdirSync(full).sort()) plainTree(dir, rel ? `${rel}/${n}` : n, out);
  else out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
  return out;
}

describe('hashTree', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-hash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes every file in sorted order (small files read whole, a large one streamed) and lists a symlink as null', async () => {
    mkdirSync(join(dir, 'run', 'b', 'deep'), { recursive: true });
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, 'run', `f${String(i).padStart(2, '0')}.csv`), `row,${i}\n`.repeat(i * 100));
    writeFileSync(join(dir, 'run', 'b', 'deep', 'x.txt'), 'x');
    writeFileSync(join(dir, 'run', 'a-empty.txt'), '');
    const big = Buffer.alloc((16 << 20) + 12_345);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    writeFileSync(join(dir, 'run', 'big.bin'), big);
    const expected = plainTree(dir, 'run');
    symlinkSync(join(dir, 'run', 'b'), join(dir, 'run', 'link'));
    const got = await hashTree(dir, 'run');
    expect(Object.keys(got)).toEqual([...Object.keys(expected), 'run/link'].sort());
    for (const [f, h] of Object.entries(expected)) expect(got[f], f).toBe(h);
    expect(got['run/link']).toBeNull();
    expect(await hashTree(dir, 'run/b/deep/x.txt')).toEqual({ 'run/b/deep/x.txt': createHash('sha256').update('x').digest('hex') });
    await expect(hashTree(dir, 'missing')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
