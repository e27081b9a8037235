import { open, type FileHandle } from 'node:fs/promises';
import { constants, type Stats } from 'node:fs';
import { DataError } from '../../base/errors.js';
import { errnoCode, fsProblem } from './fs-problem.js';

/**
 * Reads a data or cache file, refusing anything but a regular file (a folder, a FIFO that would
 * block forever, a device) and turning every file-system error into a DataError (exit 3) that
 * names the path and the problem. `O_NONBLOCK` keeps opening a FIFO from hanging.
 */
export async function readRegularFile(path: string, what: string): Promise<Buffer> {
  return withRegularFile(path, what, (fh) => fh.readFile());
}

/** Like readRegularFile, but hands the open file, its size and its stats to `use` (to read parts of it). */
export async function withRegularFile<T>(path: string, what: string, use: (fh: FileHandle, size: number, st: Stats) => Promise<T>): Promise<T> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fileError(path, what, e);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) {
      const kind = st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a named pipe (FIFO)' : st.isSocket() ? 'a socket' : 'a device';
      throw new DataError('DATA_INVALID', `The ${what} ${path} is ${kind}, not a regular file.`, { hint: 'Point at a regular file (or remove the entry).' });
    }
    return await use(fh, st.size, st);
  } catch (e) {
    throw e instanceof DataError ? e : fileError(path, what, e);
  } finally {
    await fh.close();
  }
}

/** A file-system error while reading `path` as a DataError naming it. */
export function fileError(path: string, what: string, e: unknown): DataError {
  const code = errnoCode(e);
  const problem = code === 'ENOENT' ? 'it does not exist (or is a dangling symbolic link)' : fsProblem(e);
  return new DataError(code === 'ENOENT' ? 'DATA_NOT_FOUND' : 'DATA_INVALID', `Cannot read the ${what} ${path}: ${problem}.`, {
    hint: 'Check the path and its permissions.', cause: e,
  });
}
