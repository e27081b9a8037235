import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The manifest that marks an output folder complete; written last. */
export const MANIFEST_NAME = 'run.json';

export interface Manifest {
  readonly tool: 'backtester';
  readonly complete: true;
  /** Top-level entries this run wrote (files and per-symbol folders). */
  readonly entries: readonly string[];
  /** Every file this run wrote (path relative to the folder, `/`-separated) → SHA-256 of its content. */
  readonly files?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** The manifest in `dir` when it is one of ours, else null. */
export async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const m = JSON.parse(await readFile(join(dir, MANIFEST_NAME), 'utf8')) as Manifest;
    return m && m.tool === 'backtester' && Array.isArray(m.entries) ? m : null;
  } catch {
    return null;
  }
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('error', reject).on('data', (c) => h.update(c)).on('end', () => resolve(h.digest('hex')));
  });
}

/**
 * Files up to this size are read synchronously: a run's many small files come from the page cache
 * in microseconds, where a round trip to the thread pool per file (open, stat, read, close) left
 * the main thread idle for most of the publish step. Larger files keep the asynchronous reads.
 */
const SYNC_READ_BYTES = 4 << 20;
/** Larger files hashed at once (each streamed). */
const HASH_CONCURRENCY = 8;

/**
 * The files under `dir/r` (relative paths in sorted order, size null for what is not a regular
 * file). Synchronous: metadata only, from the kernel's cache, far cheaper than a round trip to the
 * thread pool per entry.
 */
function listTree(dir: string, r: string, found: { rel: string; size: number | null; id: string }[]): void {
  const st = lstatSync(join(dir, r), { bigint: true });
  if (st.isDirectory()) {
    for (const name of readdirSync(join(dir, r)).sort()) listTree(dir, r ? `${r}/${name}` : name, found);
  } else {
    // No identity where the file system gives no inode number (some network shares report 0).
    found.push({ rel: r, size: st.isFile() ? Number(st.size) : null, id: st.ino === 0n ? '' : `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}` });
  }
}

/**
 * Hashes of files this process wrote (`hashTree(…, { ours: true })`: a staging folder being
 * published), by file identity (device, inode, size, modification time in ns). An optimization
 * publishes best_backtest/ (hashing its files) and then the run that holds it, which moved those
 * files by renaming (same inode, size and time: the same bytes); they are not read and hashed a
 * second time. The tool never rewrites a file it published, and files found in a folder (a
 * previous run's, checked for changes) never use or fill this memo.
 */
const hashedHere = new Map<string, string>();
const HASHED_HERE_MAX = 10_000;

function remember(ours: boolean | undefined, id: string, hash: string): string {
  if (!ours || id === '') return hash;
  if (hashedHere.size >= HASHED_HERE_MAX) hashedHere.clear();
  hashedHere.set(id, hash);
  return hash;
}

/**
 * Every regular file under `dir/rel` → its SHA-256 (paths relative to `dir`, in sorted order); symlinks and devices are listed as `null`.
 * `ours`: files this process wrote (a staging folder), whose hashes are kept for this process (see `hashedHere`).
 */
export async function hashTree(dir: string, rel: string, options: { readonly ours?: boolean } = {}): Promise<Record<string, string | null>> {
  const found: { rel: string; size: number | null; id: string }[] = [];
  listTree(dir, rel, found);
  const hashes: (string | null)[] = new Array(found.length).fill(null);
  const large: number[] = [];
  found.forEach((f, i) => {
    if (f.size === null) return;
    const known = options.ours && f.id !== '' ? hashedHere.get(f.id) : undefined;
    if (known !== undefined) hashes[i] = known;
    else if (f.size <= SYNC_READ_BYTES) hashes[i] = remember(options.ours, f.id, createHash('sha256').update(readFileSync(join(dir, f.rel))).digest('hex'));
    else large.push(i);
  });
  for (let i = 0; i < large.length; i += HASH_CONCURRENCY) {
    await Promise.all(large.slice(i, i + HASH_CONCURRENCY).map(async (k) => {
      hashes[k] = remember(options.ours, found[k].id, await sha256File(join(dir, found[k].rel)));
    }));
  }
  const out: Record<string, string | null> = {};
  found.forEach((f, i) => { out[f.rel] = hashes[i]; });
  return out;
}

/**
 * The files under the existing entry `dir/entry` that the previous run (`previous`) did not write
 * or that changed since: none means the entry is entirely ours and may be replaced. Manifests
 * without content hashes (older versions) prove nothing, so their files count as foreign.
 */
export async function foreignFiles(dir: string, entry: string, previous: Manifest | null): Promise<string[]> {
  const found = await hashTree(dir, entry);
  const names = Object.keys(found);
  if (names.length === 0) return previous?.entries.includes(entry) ? [] : [`${entry}/`];
  const files = previous?.files;
  return names.filter((f) => found[f] === null || files?.[f] !== found[f]);
}
