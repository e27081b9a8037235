import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isBacktesterError, OutputError } from '../../base/errors.js';
import { errnoCode, fsProblem, isStorageFailure } from '../fs/fs-problem.js';
import { foreignFiles, hashTree, MANIFEST_NAME, readManifest, type Manifest } from './manifest.js';
import { lockOutputDir, releaseHeldLocksSync } from './output-lock.js';
import { checkOutputTarget } from './output-target.js';
import { recoverInterruptedSwaps, safeRelativePath, STAGING_PREFIX, swapIn } from './publish-swap.js';
import { conflictError, KNOWN_OUTPUT_NAMES, removeLegacyStaging, safeEntry } from './publish-rules.js';

export { MANIFEST_NAME, readManifest, type Manifest };

/** Stagings not yet published or discarded, removed synchronously on Ctrl-C (`discardAllSync`). */
const live = new Set<StagedOutput>();


/**
 * A run's output is built in a hidden staging folder inside the output folder (so on the same
 * file system, whatever is mounted where) and published only when everything was written.
 *
 * Rules (docs/reports.md, "The output folder"): the folder is locked while a run works in it;
 * publishing replaces only entries that the previous run wrote and that still match their
 * content hashes in its run.json; an entry the tool did not write, or one changed since, is
 * never overwritten or deleted: the run is refused (exit 5) naming it. The swap keeps the previous
 * complete run until the new one is in place, and is rolled back by the next run if cut short.
 */
export class StagedOutput {
  readonly finalDir: string;
  readonly dir: string;
  private released = false;

  /** The complete run of ours this one will replace (its `kind` and when its run.json was written), or null. */
  readonly previousRun: { readonly kind: string; readonly writtenAt: number } | null;

  private constructor(finalDir: string, dir: string, private readonly createdFinal: boolean, private readonly unlock: () => void,
    previousRun: StagedOutput['previousRun'] = null, private readonly additions: readonly string[] | null = null) {
    this.finalDir = finalDir;
    this.dir = dir;
    this.previousRun = previousRun;
    live.add(this);
  }

  /** "Replacing the previous … run in …" when the folder holds a complete run of ours (issue 16 item 8), else null. */
  replacementNote(): string | null {
    const p = this.previousRun;
    if (!p) return null;
    const kind = p.kind.replace(/_/g, '-');
    const when = Number.isFinite(p.writtenAt) ? ` (written ${new Date(p.writtenAt).toISOString().slice(0, 16).replace('T', ' ')} UTC)` : '';
    return `Replacing the previous ${kind} run in ${this.finalDir}${when}; it stays as it is until this run is complete.`;
  }

  static async create(outputDir: string): Promise<StagedOutput> {
    const target = await checkOutputTarget(outputDir);
    const created = !existsSync(target);
    let unlock: (() => void) | null = null;
    try {
      // Folder and listing synchronously, as the lock and the staging folder are: at start-up each
      // round trip to the thread pool left the main thread idle while worker threads booted.
      mkdirSync(target, { recursive: true });
      unlock = lockOutputDir(target);
      recoverInterruptedSwaps(target);
      await removeLegacyStaging(target);
      const previous = await readManifest(target);
      const present = new Set(readdirSync(target));
      const foreign = present.has(MANIFEST_NAME) && !previous ? [MANIFEST_NAME] : [];
      for (const name of KNOWN_OUTPUT_NAMES) {
        if (present.has(name) && name !== MANIFEST_NAME) foreign.push(...(await foreignFiles(target, name, previous)));
      }
      if (foreign.length > 0) throw conflictError(target, foreign.sort(), previous);
      const staging = join(target, `${STAGING_PREFIX}${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`);
      mkdirSync(staging);
      const previousRun = previous ? { kind: typeof previous.kind === 'string' ? previous.kind : 'earlier', writtenAt: mtimeOf(join(target, MANIFEST_NAME)) } : null;
      return new StagedOutput(target, staging, created, unlock, previousRun);
    } catch (e) {
      unlock?.();
      if (created) removeEmpty(target);
      if (isBacktesterError(e)) throw e;
      if (errnoCode(e) === 'ENOENT') e = (await realMkdirError(target)) ?? e;
      throw new OutputError(`Cannot create the output folder ${target}: ${fsProblem(e)}.`, {
        hint: 'Choose a writable location with --output.', cause: e,
      });
    }
  }

  /**
   * Stages additions to the complete run of ours in `runDir` (a later command's results, e.g.
   * `montecarlo/` and the index.html that links it): each of `paths` (`/`-separated, inside the
   * run) is written under `dir` at the same place and published by `publishAddition`, replacing
   * only what the run wrote. Refused (exit 5, nothing changed) when the folder holds no complete
   * run of ours or one of `paths` exists and is not the run's own (unchanged) content.
   */
  static async addTo(runDir: string, paths: readonly string[]): Promise<StagedOutput> {
    const target = await checkOutputTarget(runDir);
    if (paths.length === 0 || !paths.every(safeRelativePath)) throw new Error(`StagedOutput.addTo: bad paths ${JSON.stringify(paths)}`);
    let unlock: (() => void) | null = null;
    try {
      unlock = lockOutputDir(target);
      recoverInterruptedSwaps(target);
      const run = await readManifest(target);
      if (!run) {
        throw new OutputError(`Refusing to add to ${target}: it holds no complete run of backtester (no run.json of ours).`, {
          hint: 'Nothing was changed. Pass the folder of a finished run, or write elsewhere with --output.',
        });
      }
      const foreign = await foreignPaths(target, paths, run);
      if (foreign.length > 0) throw conflictError(target, foreign, run);
      const staging = join(target, `${STAGING_PREFIX}${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`);
      mkdirSync(staging);
      try {
        for (const p of paths) mkdirSync(dirname(join(staging, p)), { recursive: true });
      } catch (e) {
        rmSync(staging, { recursive: true, force: true });
        throw e;
      }
      return new StagedOutput(target, staging, false, unlock, null, paths);
    } catch (e) {
      unlock?.();
      if (isBacktesterError(e)) throw e;
      throw new OutputError(`Cannot add to the run folder ${target}: ${fsProblem(e)}.`, { hint: 'Check the permissions of the folder, or write elsewhere with --output.', cause: e });
    }
  }

  /**
   * Publishes what `addTo` staged (the paths written under `dir`) into the run: swapped in like a
   * run (rolled back by the next run if cut short); run.json stays the run's, with the added
   * entries and the new content hashes, and is written last.
   */
  async publishAddition(): Promise<void> {
    try {
      if (!this.additions) throw new Error('publishAddition needs a staging made by StagedOutput.addTo');
      const paths = this.additions.filter((p) => existsSync(join(this.dir, p)));
      const run = await readManifest(this.finalDir);
      if (!run) throw new OutputError(`The run.json of ${this.finalDir} vanished or changed while adding to it; nothing was added.`);
      const foreign = await foreignPaths(this.finalDir, paths, run);
      if (foreign.length > 0) throw conflictError(this.finalDir, foreign, run);
      const under = (f: string, p: string) => f === p || f.startsWith(`${p}/`);
      const files: Record<string, string> = {};
      for (const [f, h] of Object.entries(run.files ?? {})) if (!paths.some((p) => under(f, p))) files[f] = h;
      for (const p of paths) for (const [f, h] of Object.entries(await hashTree(this.dir, p, { ours: true }))) if (h) files[f] = h;
      const entries = [...new Set([...run.entries, ...paths.map((p) => p.split('/')[0])])].sort();
      const full: Manifest = { ...run, entries, files };
      writeFileSync(join(this.dir, MANIFEST_NAME), `${JSON.stringify(full, null, 2)}\n`); // (synchronously: a few kB, the run's last step)
      swapIn({ staging: this.dir, dest: this.finalDir, entries: paths, stale: [] }, this.dir.slice(this.dir.lastIndexOf(STAGING_PREFIX) + STAGING_PREFIX.length));
      this.release(false);
    } catch (e) {
      throw this.explain(e);
    }
  }

  /**
   * Moves everything into the final folder (see the class rules); `manifest` is written last with
   * the names and SHA-256 of every file. `warn` hears about entries of the previous run kept
   * because they were changed since.
   */
  async publish(manifest: Omit<Manifest, 'tool' | 'complete' | 'entries'>, warn?: (text: string) => void): Promise<void> {
    try {
      const entries = readdirSync(this.dir).filter((e) => e !== MANIFEST_NAME).sort();
      const files: Record<string, string> = {};
      for (const e of entries) for (const [f, h] of Object.entries(await hashTree(this.dir, e, { ours: true }))) if (h) files[f] = h;
      const previous = await readManifest(this.finalDir);
      const conflicts: string[] = existsSync(join(this.finalDir, MANIFEST_NAME)) && !previous ? [MANIFEST_NAME] : [];
      for (const e of entries) {
        if (existsSync(join(this.finalDir, e))) conflicts.push(...(await foreignFiles(this.finalDir, e, previous)));
      }
      if (conflicts.length > 0) throw conflictError(this.finalDir, conflicts, previous);
      const stale: string[] = [];
      for (const e of previous?.entries ?? []) {
        if (entries.includes(e) || !safeEntry(e) || !existsSync(join(this.finalDir, e))) continue;
        const changed = await foreignFiles(this.finalDir, e, previous);
        if (changed.length === 0) stale.push(e);
        else warn?.(`Kept ${join(this.finalDir, e)} from the previous run: ${changed.slice(0, 3).join(', ')} ${changed.length === 1 ? 'was' : 'were'} changed or added since.`);
      }
      const full: Manifest = { tool: 'backtester', complete: true, entries, ...manifest, files };
      writeFileSync(join(this.dir, MANIFEST_NAME), `${JSON.stringify(full, null, 2)}\n`); // (synchronously: a few kB, the run's last step)
      swapIn({ staging: this.dir, dest: this.finalDir, entries, stale }, this.dir.slice(this.dir.lastIndexOf(STAGING_PREFIX) + STAGING_PREFIX.length));
      this.release(false);
    } catch (e) {
      throw this.explain(e);
    }
  }

  /** Removes the staging folder (after a failure) and the lock; the final folder is left as it was. */
  async discard(): Promise<void> {
    this.release(true);
  }

  /**
   * A failure while writing this run's files as an OutputError with its real cause (disk full,
   * read-only, …); other errors unchanged.
   */
  explain(e: unknown): unknown {
    // A writer's own OutputError hides a full or read-only disk behind "could not write": name it.
    if (isBacktesterError(e) && e.code === 'OUTPUT_FAILED' && isStorageFailure(e.cause)) e = e.cause;
    if (isBacktesterError(e) || !errnoCode(e)) return e;
    const path = (e as NodeJS.ErrnoException).path;
    if (!isStorageFailure(e) && !(path && path.startsWith(this.finalDir))) return e;
    return new OutputError(`Writing results to ${this.finalDir} failed: ${fsProblem(e)}${path && !isStorageFailure(e) ? ` (${path})` : ''}.`, {
      hint: isStorageFailure(e) ? 'Free some space or choose another disk with --output, then run again; the previous results there were left as they were.'
        : 'Check the permissions of the output folder, or choose another with --output; the previous results there were left as they were.',
      cause: e,
    });
  }

  /** Synchronous, idempotent: used on failure, after publishing and from a signal handler. */
  release(discard: boolean): void {
    if (this.released) return;
    this.released = true;
    live.delete(this);
    try {
      // Retried: a write still in flight in the thread pool (Ctrl-C) may add a file while the folder is removed.
      if (discard) rmSync(this.dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 5 });
    } finally {
      this.unlock();
      if (discard && this.createdFinal) removeEmpty(this.finalDir);
    }
  }
}

/** Removes every unpublished staging folder of this process (Ctrl-C of a single run). */
export function discardAllSync(): void {
  for (const s of [...live]) {
    try {
      s.release(true);
    } catch {
      // Best effort while exiting; the next run cleans what is left.
    }
  }
  // Locks of a create/addTo still checking its folder (no StagedOutput yet; its staging folder is
  // made synchronously right before the StagedOutput, so no signal falls between the two).
  try {
    releaseHeldLocksSync();
  } catch {
    // As above.
  }
}

/**
 * `mkdir -p` reports ENOENT when the real problem is a read-only or full file system; creating the
 * first missing folder alone gives the true cause.
 */
async function realMkdirError(target: string): Promise<unknown> {
  let missing = target;
  while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  try {
    await mkdir(missing);
    rmdirSync(missing);
    return null;
  } catch (e) {
    return e;
  }
}

/** The files under the existing `paths` of a run folder that the run did not write or that changed since. */
async function foreignPaths(dir: string, paths: readonly string[], run: Manifest): Promise<string[]> {
  const foreign: string[] = [];
  for (const p of paths) if (existsSync(join(dir, p))) foreign.push(...(await foreignFiles(dir, p, run)));
  return foreign.sort();
}

function removeEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty (someone else's files): leave it.
  }
}


function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return NaN;
  }
}
