/** File-system errors as a short phrase a user can act on (`ENOSPC` → "the disk is full"). */

const PHRASES: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full (no space left on the device)',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'a file name is too long for the file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'it does not exist',
  ELOOP: 'it is a symbolic link loop',
  EEXIST: 'it already exists',
  EXDEV: 'it is on another file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'an input/output error occurred (a failing disk or a disconnected device)',
  EBUSY: 'it is busy (in use or a mount point)',
  ENOTEMPTY: 'the folder is not empty',
};

/** The errno code of a Node file-system error, or undefined for anything else. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** "the disk is full (…) [ENOSPC]"; the error's own message for codes without a phrase. */
export function fsProblem(e: unknown): string {
  const code = errnoCode(e);
  if (code && PHRASES[code]) return `${PHRASES[code]} [${code}]`;
  const msg = e instanceof Error ? e.message : String(e);
  return code ? `${msg.replace(/^[A-Z0-9]+: /, '')}` : msg;
}

/** True for errors that say the storage itself failed (full, read-only, I/O), whatever the path. */
export function isStorageFailure(e: unknown): boolean {
  const code = errnoCode(e);
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS' || code === 'EIO';
}
