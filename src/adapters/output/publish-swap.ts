import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MANIFEST_NAME } from './manifest.js';

/** Prefix of the staging folders inside an output folder (hidden; removed on success and failure). */
export const STAGING_PREFIX = '.backtester.partial-';
const OLD_SUFFIX = '-old';
const JOURNAL = '.journal.json';

export interface SwapPlan {
  /** The staging folder holding the new entries and the new run.json. */
  readonly staging: string;
  readonly dest: string;
  /**
   * Entries of the new run (without run.json): top-level names, or `/`-separated paths inside the
   * run when a later command adds to it (`SYMBOL/montecarlo`, `SYMBOL/index.html`).
   */
  readonly entries: readonly string[];
  /** Entries of the previous run that the new one does not write and that are still ours. */
  readonly stale: readonly string[];
}

/**
 * Replaces the previous run's entries with the new ones. Synchronous on purpose: a Ctrl-C handler
 * cannot run in the middle. The old run.json goes first (the folder is then incomplete) and the
 * new one last; the old entries are moved into a trash folder, not deleted, until the new
 * manifest is in place, and a journal says which entries are new, so a run killed mid-swap is
 * rolled back to the previous complete run by the next one (`recoverInterruptedSwaps`).
 */
export function swapIn(plan: SwapPlan, id: string): void {
  const trash = join(plan.dest, `${STAGING_PREFIX}${id}${OLD_SUFFIX}`);
  mkdirSync(trash);
  const replaced = plan.entries.filter((e) => existsSync(join(plan.dest, e)));
  writeFileSync(join(trash, JOURNAL), JSON.stringify({ entries: plan.entries, replaced, stale: plan.stale }));
  const current = join(plan.dest, MANIFEST_NAME);
  if (existsSync(current)) renameSync(current, join(trash, MANIFEST_NAME));
  for (const e of plan.entries) {
    if (existsSync(join(plan.dest, e))) moveInto(join(plan.dest, e), join(trash, e));
    moveInto(join(plan.staging, e), join(plan.dest, e));
  }
  for (const e of plan.stale) if (existsSync(join(plan.dest, e))) renameSync(join(plan.dest, e), join(trash, e));
  renameSync(join(plan.staging, MANIFEST_NAME), current);
  rmSync(trash, { recursive: true, force: true });
  rmSync(plan.staging, { recursive: true, force: true });
}

/**
 * Called with the folder's lock held, so every staging folder in it is left over from a run that
 * died: a swap cut short is rolled back (the previous run's entries and run.json restored), and
 * the rest is removed. Returns what was done, for a note.
 */
export function recoverInterruptedSwaps(dest: string): { restored: number; removed: number } {
  let restored = 0;
  let removed = 0;
  const names = readdirSync(dest).filter((n) => n.startsWith(STAGING_PREFIX));
  for (const name of names) {
    const dir = join(dest, name);
    if (name.endsWith(OLD_SUFFIX) && !existsSync(join(dest, MANIFEST_NAME)) && existsSync(join(dir, JOURNAL))) {
      const journal = JSON.parse(readFileSync(join(dir, JOURNAL), 'utf8')) as { entries: string[]; replaced: string[]; stale?: string[] };
      for (const e of journal.entries) {
        if (!safeRelativePath(e)) continue;
        // A new entry is in place when the old one is in the trash, or when there was no old one.
        const isNew = journal.replaced.includes(e) ? existsSync(join(dir, e)) : true;
        if (isNew) rmSync(join(dest, e), { recursive: true, force: true });
      }
      if (journal.stale) {
        // The journal names what went to the trash (paths inside the run included): put it back.
        for (const e of [...journal.replaced, ...journal.stale]) {
          if (safeRelativePath(e) && existsSync(join(dir, e))) moveInto(join(dir, e), join(dest, e));
        }
      } else {
        // A journal of an earlier version: top-level entries only.
        for (const e of readdirSync(dir)) {
          if (e !== JOURNAL && e !== MANIFEST_NAME) renameSync(join(dir, e), join(dest, e));
        }
      }
      if (existsSync(join(dir, MANIFEST_NAME))) renameSync(join(dir, MANIFEST_NAME), join(dest, MANIFEST_NAME));
      restored++;
    }
    rmSync(dir, { recursive: true, force: true });
    removed++;
  }
  return { restored, removed };
}

/** A `/`-separated path inside the folder: no empty, `.` or `..` segment, no backslash, not absolute. */
export function safeRelativePath(path: string): boolean {
  return path.length > 0 && !path.includes('\\') && path.split('/').every((s) => s.length > 0 && s !== '.' && s !== '..');
}

/** `rename`, creating the target's parent first (an entry inside a symbol folder). */
function moveInto(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  renameSync(from, to);
}
