import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { OutputError } from '../../base/errors.js';

/** The lock file a publishing run holds inside its output folder. */
export const LOCK_NAME = '.backtester.lock';

/** Folders this process holds, with their release (two runs of one process are refused like two processes). */
const held = new Map<string, () => void>();

/** Releases every lock this process still holds (Ctrl-C: also those of a staging still being opened). */
export function releaseHeldLocksSync(): void {
  for (const release of [...held.values()]) release();
}

/** Whether a process with this pid exists (EPERM: it does, owned by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a lock file, null when it cannot be read, undefined when the file vanished. */
function holder(path: string): number | null | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
}

/**
 * Takes the output folder's lock (`O_CREAT|O_EXCL`) or refuses: a second run writing into the same
 * folder would otherwise silently replace the first one's results. A lock whose process is gone
 * (a crash, `kill -9`) is taken over. Returns the release function.
 */
export function lockOutputDir(dir: string): () => void {
  const path = join(dir, LOCK_NAME);
  for (let attempt = 0; ; attempt++) {
    let pid: number | null | undefined = null;
    if (!held.has(dir)) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        const release = () => {
          held.delete(dir);
          rmSync(path, { force: true });
        };
        held.set(dir, release);
        return release;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      pid = holder(path);
      if (pid === undefined && attempt < 5) continue;
      // An unreadable or empty lock older than a few seconds was left by a process killed while writing it.
      const old = pid === null && Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 5_000;
      if (((pid && pid !== process.pid && !processAlive(pid)) || old) && attempt < 5) {
        rmSync(path, { force: true });
        continue;
      }
    } else {
      pid = process.pid;
    }
    throw new OutputError(`Another backtester run${pid ? ` (process ${pid})` : ''} is writing into ${dir}.`, {
      hint: 'Wait for it to finish, or choose another folder with --output.',
    });
  }
}
