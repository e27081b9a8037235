import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '../../base/errors.js';

/** How long a lock may be held before another run treats it as left behind by a crashed run. */
const STALE_MS = 60_000;
const POLL_MS = 25;
const GIVE_UP_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` while holding an exclusive lock file (`O_CREAT|O_EXCL`), so that two runs (processes or
 * concurrent loads in one process) never interleave their read-merge-write of one cache file.
 * A lock older than a minute is considered stale and broken.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, giveUpMs = GIVE_UP_MS): Promise<T> {
  const began = Date.now();
  await mkdir(path.dirname(lockPath), { recursive: true });
  for (;;) {
    try {
      const fh = await open(lockPath, 'wx');
      await fh.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = await stat(lockPath).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > STALE_MS) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() - began > giveUpMs) {
        const holder = await readFile(lockPath, 'utf8').then((t) => t.trim().split(/\s+/)[0], () => '?');
        throw new DataError('CACHE_LOCKED', `The candle cache file is locked by another run (process ${holder}): waited ${Math.round(giveUpMs / 1000)} s for ${lockPath}.`, {
          hint: 'Wait for the other run to finish, or use another --cache-dir (or --no-cache). If no other run is active, delete the .lock file.',
        });
      }
      await sleep(POLL_MS);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}
