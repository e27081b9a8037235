import { rename } from 'node:fs/promises';
import { DataError } from '../../base/errors.js';
import { errnoCode, fsProblem } from '../fs/fs-problem.js';
import { readRegularFile } from '../fs/read-regular-file.js';
import path from 'node:path';
import { symbolToFileStem } from '../../domain/frame/symbols.js';
import type { Logger } from '../../orchestration/ports.js';
import { silentLogger } from '../../orchestration/ports.js';
import { atomicWriteFile } from './atomic-write.js';
import type { CacheKey, CachedSeries } from './cache-file.js';
import { CacheFileError } from './cache-file-error.js';
import { withFileLock } from './file-lock.js';
import { mergeSeries, type FetchedSegment } from './merge.js';

/** What reading the cache gave: the series (if a valid file exists) and notes for the user. */
export interface CacheRead {
  readonly series: CachedSeries | undefined;
  readonly notes: string[];
}

/**
 * The on-disk OHLCV cache: `<dir>/<exchange>/<market>/<BASE-QUOTE>_<timeframe>.arrow`
 * (format in cache-file.ts). Reads never use a corrupt file: it is reported, moved aside as
 * `<file>.corrupt-<timestamp>` and treated as absent. Writes merge under a lock file and replace
 * the file atomically, so two runs on one cache leave a valid, complete file.
 */
export class OhlcvCache {
  constructor(readonly dir: string, private readonly logger: Logger = silentLogger) {}

  /** Absolute path of the cache file of `key`. */
  pathFor(key: CacheKey): string {
    return path.join(this.dir, safe(key.exchange), key.market, `${symbolToFileStem(key.symbol)}_${key.timeframe}.arrow`);
  }

  /** Reads the file of `key`; a corrupt file is moved aside and reported in `notes`. */
  async read(key: CacheKey): Promise<CacheRead> {
    return this.explained(() => this.readUnchecked(key));
  }

  /** Merges fetched segments into the stored file (see `commitUnchecked`); file-system errors name the cache path. */
  async commit(key: CacheKey, segments: readonly FetchedSegment[], now: number): Promise<{ series: CachedSeries; notes: string[] }> {
    return this.explained(() => this.commitUnchecked(key, segments, now));
  }

  /** A file-system failure of the cache (`--cache-dir` is a file, no permission, …) as exit 3 naming the folder. */
  private async explained<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof DataError || !errnoCode(e)) throw e;
      const at = (e as NodeJS.ErrnoException).path;
      throw new DataError('DATA_INVALID', `The candle cache in ${this.dir} cannot be used: ${fsProblem(e)}${at ? ` (${at})` : ''}.`, {
        hint: 'Point --cache-dir at a writable folder, or run with --no-cache.', cause: e,
      });
    }
  }

  private async readUnchecked(key: CacheKey): Promise<CacheRead> {
    const file = this.pathFor(key);
    const first = await this.tryRead(file, key);
    if (!(first instanceof CacheFileError)) return { series: first, notes: [] };
    // Re-check under the lock: another run may just have replaced the file with a good one.
    return withFileLock(`${file}.lock`, async () => {
      const again = await this.tryRead(file, key);
      if (!(again instanceof CacheFileError)) return { series: again, notes: [] };
      return { series: undefined, notes: [await this.moveAside(file, again)] };
    });
  }

  /**
   * Merges fetched segments into the stored file under its lock (re-reading it first, so work of a
   * concurrent run is kept) and writes the result atomically. Returns what is now on disk.
   */
  private async commitUnchecked(key: CacheKey, segments: readonly FetchedSegment[], now: number): Promise<{ series: CachedSeries; notes: string[] }> {
    const file = this.pathFor(key);
    return withFileLock(`${file}.lock`, async () => {
      const notes: string[] = [];
      let stored = await this.tryRead(file, key);
      if (stored instanceof CacheFileError) {
        notes.push(await this.moveAside(file, stored));
        stored = undefined;
      }
      const series = mergeSeries(stored, segments, now);
      await atomicWriteFile(file, (await codec()).encodeCacheFile(key, series));
      return { series, notes };
    });
  }

  private async tryRead(file: string, key: CacheKey): Promise<CachedSeries | undefined | CacheFileError> {
    let bytes: Uint8Array;
    try {
      bytes = await readRegularFile(file, 'cache file');
    } catch (e) {
      if (e instanceof DataError && e.code === 'DATA_NOT_FOUND') return undefined;
      throw e;
    }
    const { decodeCacheFile } = await codec();
    try {
      return decodeCacheFile(bytes, key);
    } catch (e) {
      if (e instanceof CacheFileError) return e;
      return new CacheFileError(`unreadable (${(e as Error).message})`);
    }
  }

  private async moveAside(file: string, err: CacheFileError): Promise<string> {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const aside = `${file}.corrupt-${stamp}-${process.pid}`;
    try {
      await rename(file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const note = `Cache file ${file} is corrupt (${err.message}); moved it to ${path.basename(aside)} and fetching again.`;
    this.logger.warn(note, { file, aside, reason: err.message });
    return note;
  }
}

/** The Arrow codec, loaded on first use: apache-arrow costs ~0.1 s to import and only the cache needs it. */
function codec(): Promise<typeof import('./cache-file.js')> {
  return import('./cache-file.js');
}

/** Exchange ids are ccxt ids (lower-case letters/digits); keep any other character out of paths. */
function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '_');
}
