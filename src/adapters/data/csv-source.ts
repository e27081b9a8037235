import { readdir } from 'node:fs/promises';
import { fsProblem } from '../fs/fs-problem.js';
import { readRegularFile, withRegularFile } from '../fs/read-regular-file.js';
import path from 'node:path';
import { DataError } from '../../base/errors.js';
import { formatIsoUtc } from '../../domain/frame/dates.js';
import { makeFrame, sliceFrame, type DataOrigin } from '../../domain/frame/frame.js';
import { checkFrameRows } from '../../domain/frame/quality.js';
import { applyQualityPolicy, DEFAULT_QUALITY_POLICY, type QualityPolicy } from '../../domain/frame/quality-policy.js';
import { ceilToTimeframe, floorToTimeframe, resample } from '../../domain/frame/resample.js';
import { parseSymbol, symbolToFileStem } from '../../domain/frame/symbols.js';
import type { Timeframe } from '../../domain/frame/timeframe.js';
import type { DataRequest, DataSource, LoadedFrame } from '../../orchestration/ports.js';
import { csvFileName, csvFilesForStem, csvStems, findCsvSource } from './csv/find-csv-file.js';
import { parseOhlcvCsv, type ParsedCsv } from './csv/parse-ohlcv-csv.js';
import { readCsvSlice } from './csv/read-csv-range.js';
import { parsedCsvCachePath, parsedFromEntry, readParsedCsv, writeParsedCsv } from './csv/parsed-csv-cache.js';
import type { TimeRange } from './csv/time-index.js';
import { defaultCacheDir } from '../cache/cache-dir.js';
import { rangeOf, selectRange, timesSorted } from './csv/select-range.js';
import { fundingFileName, parseFundingCsv } from './csv/csv-funding.js';
import type { FundingSeries } from '../../domain/frame/funding.js';

export interface CsvSourceOptions {
  /** Folder holding `BASE-QUOTE_TIMEFRAME.csv` files (optionally `<exchange>_`-prefixed). */
  readonly dataDir: string;
  readonly market?: 'spot' | 'swap';
  /** Data-quality policy; DEFAULT_QUALITY_POLICY when omitted. */
  readonly policy?: QualityPolicy;
  /**
   * Parsed files kept in a cache folder (csv/parsed-csv-cache.ts): off when omitted or `enabled`
   * is false (`--no-cache`); `dir` is the folder (default: defaultCacheDir()). The CLI turns it on.
   */
  readonly cache?: { readonly enabled?: boolean; readonly dir?: string };
}

/**
 * OHLCV bars from CSV files (docs/data.md "CSV files"). A timeframe without its own file is built
 * by resampling the file of a finer timeframe (`4h` from `BTC-USDT_1h.csv`), with a note saying so.
 */
export class CsvSource implements DataSource {
  readonly id = 'csv';
  readonly market: 'spot' | 'swap';
  private readonly dataDir: string;
  private readonly policy: QualityPolicy;
  private readonly cacheDir: string | null;

  constructor(options: CsvSourceOptions) {
    this.dataDir = options.dataDir;
    this.market = options.market ?? 'spot';
    this.policy = options.policy ?? DEFAULT_QUALITY_POLICY;
    this.cacheDir = options.cache === undefined || options.cache.enabled === false ? null : options.cache.dir ?? defaultCacheDir();
  }

  async load(request: DataRequest, options: { signal?: AbortSignal } = {}): Promise<LoadedFrame> {
    const symbol = normalise(request.symbol);
    const tf = request.timeframe;
    const files = await this.listFiles();
    const stem = symbolToFileStem(symbol);
    const { lookup, source } = findCsvSource(files, stem, tf);
    if (lookup.kind === 'ambiguous') {
      throw new DataError('DATA_INVALID', `Several CSV files in ${this.dataDir} match ${symbol} ${source}: ${lookup.names.join(', ')}.`, {
        hint: `Keep one of them, or name the one to use exactly ${csvFileName(stem, source)}.`,
      });
    }
    if (lookup.kind === 'none') throw this.notFound(files, symbol, stem, tf);
    options.signal?.throwIfAborted();
    const file = path.join(this.dataDir, lookup.name);
    const resampling = source !== tf;
    const start = request.start ?? -Infinity;
    const end = request.end ?? Infinity;
    const range = { start: resampling ? floorToTimeframe(start, tf) : start, end: resampling ? ceilToTimeframe(end, tf) : end };
    // A sorted file is parsed only over the requested range (docs/data.md "CSV files").
    const limited = Number.isFinite(range.start) || Number.isFinite(range.end);
    const parsed = (limited ? await this.parseSlice(file, lookup.name, range) : null)
      ?? await this.parseWhole(file, lookup.name, limited ? range : undefined);
    const cols = selectRange(parsed.cols, range.start, range.end);
    const span = parsed.span ?? rangeOf(parsed.cols.time);
    if (cols.time.length === 0) throw emptyRange(lookup.name, span, start, end);
    const { report, rows } = checkFrameRows(cols, source, symbol, request.calendar);
    const outcome = applyQualityPolicy(cols, report, this.policy, rows);
    if (!outcome.ok) {
      throw new DataError('DATA_INVALID', `${lookup.name}: ${outcome.issues.map((i) => i.message).join(' ')}`, {
        hint: 'See "Data quality" in docs/data.md for what each check means and the --on-bad-data policy.',
      });
    }
    const origin: DataOrigin = {
      kind: 'csv', synthetic: false, exchange: lookup.prefix === '' ? 'csv' : lookup.prefix.toLowerCase(),
      market: this.market, description: file,
    };
    let frame = makeFrame(symbol, source, outcome.value.cols, origin);
    const notes = [`read ${cols.time.length} ${source} bars of ${symbol} from ${file}`, ...outcome.value.notes];
    if (parsed.ignoredColumns.length > 0) notes.push(`ignored columns: ${parsed.ignoredColumns.join(', ')}`);
    if (resampling) {
      frame = sliceFrame(resample(frame, tf), start, end);
      notes.push(`no ${csvFileName(stem, tf)}: resampled the ${source} bars to ${tf}`);
      if (frame.length === 0) throw emptyRange(lookup.name, span, start, end, tf);
    }
    const warnings = parsed.warnings.length > 0 ? { warnings: parsed.warnings } : {};
    return { frame, quality: { ...report, droppedBars: outcome.value.dropped, ...warnings }, notes };
  }

  /**
   * A large file sorted by time: only the bytes of the range are read and parsed (read-csv-range.ts).
   * Null, to read the file whole, when that does not apply or the slice is not plainly good: no rows,
   * a bad cell (the whole-file parse reports it with its line number), a last line without newline.
   */
  private async parseSlice(file: string, label: string, range: { start: number; end: number }): Promise<ParsedCsv | null> {
    return withRegularFile(file, 'CSV file', async (fh, size) => {
      const slice = await readCsvSlice(fh, size, range);
      if (!slice || slice.body.length === 0 || (slice.to === size && slice.body[slice.body.length - 1] !== 10)) return null;
      try {
        const parsed = parseOhlcvCsv(`${slice.header}\n${slice.body.toString('utf8')}`, label);
        return parsed.cols.time.length > 0 ? parsed : null;
      } catch (e) {
        if (e instanceof DataError) return null;
        throw e;
      }
    });
  }

  /**
   * The file read whole: from its parsed-columns cache entry when there is one for this very file,
   * else parsed (and, when it parses whole and is sorted by time, kept for the next run). Gives
   * what `parseOhlcvCsv(text, label, range)` gives, with or without the cache.
   */
  private async parseWhole(file: string, label: string, range?: TimeRange): Promise<ParsedCsv> {
    return withRegularFile(file, 'CSV file', async (fh, _size, st) => {
      if (this.cacheDir === null) return parseOhlcvCsv((await fh.readFile()).toString('utf8'), label, range);
      const stamp = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
      const entryPath = parsedCsvCachePath(this.cacheDir, file);
      const cached = readParsedCsv(entryPath, stamp);
      if (cached) return parsedFromEntry(cached, label, range);
      const text = (await fh.readFile()).toString('utf8');
      let whole: ParsedCsv;
      try {
        whole = parseOhlcvCsv(text, label);
      } catch (e) {
        // A bad cell outside the range does not stop a run: the range's own parse decides (as without the cache).
        if (e instanceof DataError) return parseOhlcvCsv(text, label, range);
        throw e;
      }
      if (!timesSorted(whole.cols.time)) return whole; // as the range parse does with an unsorted file: every row, selected later
      const entry = { cols: whole.cols, lines: whole.lines, ignoredColumns: whole.ignoredColumns, endsWithNewline: whole.warnings.length === 0 };
      writeParsedCsv(entryPath, stamp, entry);
      return parsedFromEntry(entry, label, range);
    });
  }

  async validateSymbols(symbols: readonly string[], timeframe: Timeframe): Promise<{ valid: string[]; invalid: { symbol: string; reason: string }[] }> {
    const files = await this.listFiles();
    const valid: string[] = [];
    const invalid: { symbol: string; reason: string }[] = [];
    for (const s of symbols) {
      const parsed = parseSymbol(s);
      if (!parsed.ok) { invalid.push({ symbol: s, reason: parsed.issues[0].message }); continue; }
      const { lookup } = findCsvSource(files, symbolToFileStem(parsed.value), timeframe);
      if (lookup.kind === 'found') valid.push(parsed.value);
      else invalid.push({ symbol: s, reason: this.notFound(files, parsed.value, symbolToFileStem(parsed.value), timeframe).userMessage() });
    }
    return { valid, invalid };
  }

  /** Swap: `BASE-QUOTE_funding.csv` in the data folder (csv/csv-funding.ts), or null when there is none. */
  async loadFunding(symbol: string, start: number, end: number): Promise<FundingSeries | null> {
    const parsed = parseSymbol(symbol);
    if (this.market !== 'swap' || !parsed.ok) return null;
    const name = fundingFileName(symbolToFileStem(parsed.value));
    if (!(await this.listFiles()).includes(name)) return null;
    const all = parseFundingCsv((await readRegularFile(path.join(this.dataDir, name), 'funding file')).toString('utf8'), name);
    let a = 0;
    while (a < all.time.length && all.time[a] < start) a++;
    let b = a;
    while (b < all.time.length && all.time[b] < end) b++;
    return { time: all.time.subarray(a, b), rate: all.rate.subarray(a, b) };
  }

  private async listFiles(): Promise<string[]> {
    try {
      return await readdir(this.dataDir);
    } catch (e) {
      throw new DataError('DATA_NOT_FOUND', `The data folder ${this.dataDir} cannot be read: ${fsProblem(e)}.`, {
        hint: 'Point --data-dir at the folder that holds your CSV files.', cause: e,
      });
    }
  }

  private notFound(files: readonly string[], symbol: string, stem: string, tf: Timeframe): DataError {
    const mine = csvFilesForStem(files, stem);
    const expected = `${csvFileName(stem, tf)} (or <exchange>_${csvFileName(stem, tf)})`;
    if (mine.length > 0) {
      return new DataError('DATA_NOT_FOUND', `No ${tf} CSV file for ${symbol} in ${this.dataDir}: expected ${expected}. Files there for ${symbol}: ${mine.join(', ')}.`, {
        hint: `Use a timeframe one of those files has (or one they resample to), or add ${csvFileName(stem, tf)}.`,
      });
    }
    const others = csvStems(files, tf).map((x) => x.replace('-', '/'));
    const listed = others.length > 0 ? ` Symbols with files for ${tf} there: ${others.slice(0, 20).join(', ')}.` : '';
    return new DataError('SYMBOL_UNKNOWN', `No CSV file for ${symbol} in ${this.dataDir}: expected ${expected}.${listed}`, {
      hint: 'Check the symbol, or add the file (columns timestamp,open,high,low,close,volume).',
    });
  }
}

function normalise(symbol: string): string {
  const parsed = parseSymbol(symbol);
  if (parsed.ok) return parsed.value;
  throw new DataError('SYMBOL_UNKNOWN', parsed.issues[0].message, { hint: 'Symbols are written BASE/QUOTE, e.g. BTC/USDT.' });
}

function emptyRange(name: string, { first, last }: { first: number; last: number }, start: number, end: number, tf?: Timeframe): DataError {
  const want = `[${Number.isFinite(start) ? formatIsoUtc(start) : 'start'}, ${Number.isFinite(end) ? formatIsoUtc(end) : 'end'})`;
  const what = tf ? `no complete ${tf} bars` : 'no bars';
  return new DataError('DATA_EMPTY', `${name} has ${what} in ${want}; the file covers ${formatIsoUtc(first)} to ${formatIsoUtc(last)}.`, {
    hint: 'Choose --start/--end inside the file\'s range (--end is exclusive).',
  });
}
