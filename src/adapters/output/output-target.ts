import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { parse, resolve } from 'node:path';
import { OutputError } from '../../base/errors.js';
import { fsProblem } from '../fs/fs-problem.js';
import { readManifest } from './manifest.js';

const WAY_OUT = 'Choose a new or empty folder with --output (for example --output results/my_run).';

/**
 * Refuses output folders a run must never publish into: an empty path, a file system root, the
 * home folder, the current folder when it holds anything but a run of ours, and any path that
 * exists but is not a folder (a file, a device). Returns the absolute path.
 */
export async function checkOutputTarget(path: string): Promise<string> {
  if (path.trim() === '') throw new OutputError('--output is empty.', { hint: WAY_OUT });
  const target = resolve(path);
  if (parse(target).root === target) throw new OutputError(`Refusing to write results into the file system root ${target}.`, { hint: WAY_OUT });
  if (target === resolve(homedir())) throw new OutputError(`Refusing to write results into your home folder ${target}.`, { hint: WAY_OUT });
  let st;
  try {
    st = statSync(target); // (synchronously: metadata, from the kernel's cache)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return target;
    throw new OutputError(`Cannot use the output folder ${target}: ${fsProblem(e)}.`, { hint: WAY_OUT, cause: e });
  }
  if (!st.isDirectory()) {
    throw new OutputError(`The output path ${target} is ${st.isFile() ? 'a file' : 'not a folder (a device, socket or pipe)'}.`, { hint: WAY_OUT });
  }
  if (target === resolve(process.cwd())) {
    const entries = readdirSync(target);
    if (entries.length > 0 && !(await readManifest(target))) {
      throw new OutputError(`Refusing to write results into the current folder ${target}: it is not empty and holds no earlier run of backtester.`, { hint: WAY_OUT });
    }
  }
  return target;
}
