import { writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { OutputError } from '../../base/errors.js';

/**
 * Texts up to this length are written synchronously. An asynchronous write is three trips through
 * the thread pool (open, write, close), each next step started by the main thread when it is free
 * again, so while a run builds its pages their writes mostly wait for it; a page or a CSV file of
 * a year of 1h costs the main thread well under a millisecond to write into the page cache, and
 * leaves no write in flight to wait for, or to settle after a failure. Longer texts go to the pool.
 */
const SYNC_WRITE_CHARS = 4 << 20;

/** Writes `text` to `path` (UTF-8), synchronously when short (see SYNC_WRITE_CHARS); a failure rejects. */
export async function writeText(path: string, text: string): Promise<void> {
  if (text.length <= SYNC_WRITE_CHARS) writeFileSync(path, text);
  else await writeFile(path, text);
}

/** `writeText`, a failure wrapped in an OutputError that names the path. */
export async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await writeText(path, text);
  } catch (cause) {
    throw new OutputError(`Could not write ${path}.`, { hint: 'Check that the output folder is writable and the disk is not full.', cause });
  }
}
