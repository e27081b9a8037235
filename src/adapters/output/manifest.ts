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

/** Every regular file under `dir/rel` → its SHA-256 (paths relative to `dir`); symlinks and devices are listed as `null`. */
export async function hashTree(dir: string, rel: string, out: Record<string, string | null> = {}): Promise<Record<string, string | null>> {
  const full = join(dir, rel);
  const st = await lstat(full);
  if (st.isDirectory()) {
    for (const name of (await readdir(full)).sort()) await hashTree(dir, rel ? `${rel}/${name}` : name, out);
  } else {
    out[rel] = st.isFile() ? await sha256File(full) : null;
  }
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
