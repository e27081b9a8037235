import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir } from 'node:fs/promises';
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

/** Files up to this size are hashed from one read (a stream per file costs more than the hashing); larger ones are streamed. */
const WHOLE_READ_BYTES = 16 << 20;
/** Files hashed at once (bounds the memory of whole reads to 8 × 16 MB). */
const HASH_CONCURRENCY = 8;

async function sha256Sized(path: string, size: number): Promise<string> {
  return size <= WHOLE_READ_BYTES ? createHash('sha256').update(await readFile(path)).digest('hex') : sha256File(path);
}

/** Every regular file under `dir/rel` → its SHA-256 (paths relative to `dir`, in sorted order); symlinks and devices are listed as `null`. */
export async function hashTree(dir: string, rel: string): Promise<Record<string, string | null>> {
  const found: { rel: string; size: number | null }[] = [];
  const walk = async (r: string): Promise<void> => {
    const full = join(dir, r);
    const st = await lstat(full);
    if (st.isDirectory()) {
      for (const name of (await readdir(full)).sort()) await walk(r ? `${r}/${name}` : name);
    } else {
      found.push({ rel: r, size: st.isFile() ? st.size : null });
    }
  };
  await walk(rel);
  const hashes: (string | null)[] = new Array(found.length).fill(null);
  for (let i = 0; i < found.length; i += HASH_CONCURRENCY) {
    await Promise.all(found.slice(i, i + HASH_CONCURRENCY).map(async (f, k) => {
      if (f.size !== null) hashes[i + k] = await sha256Sized(join(dir, f.rel), f.size);
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
