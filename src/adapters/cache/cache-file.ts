/**
 * The cache file format: one Apache Arrow IPC file (Feather v2) per exchange/market/symbol/timeframe.
 *
 * Columns: `time` Timestamp(ms, UTC) = the candle's open time; `open high low close volume` Float64;
 * no nulls, one record batch. Schema metadata (all strings):
 * `backtester.format` (`1`), `backtester.exchange`, `backtester.market`, `backtester.symbol`,
 * `backtester.timeframe`, `backtester.covered_start` / `backtester.covered_end` (ISO-8601 UTC, the
 * range [start, end) that was asked of the exchange: every candle it had there is in the file),
 * `backtester.fetched_at` (ISO-8601 UTC, when the newest part up to covered_end was fetched) and
 * `backtester.rows`. pandas (`read_feather`), polars (`read_ipc`) and pyarrow read it directly.
 */
import {
  Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMillisecond, tableFromIPC, tableToIPC, Type,
} from 'apache-arrow';
import type { OhlcvColumns } from '../../domain/frame/frame.js';
import { formatIsoUtc } from '../../domain/frame/dates.js';
import type { Timeframe } from '../../domain/frame/timeframe.js';
import { CacheFileError } from './cache-file-error.js';

export const CACHE_FORMAT_VERSION = '1';
const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
const MAGIC = 'ARROW1';

/** Which series a cache file holds. */
export interface CacheKey {
  readonly exchange: string;
  readonly market: 'spot' | 'swap';
  /** Normalised symbol, e.g. `BTC/USDT`. */
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

/** The content of a cache file: candles plus what range they cover and when they were fetched. */
export interface CachedSeries {
  readonly columns: OhlcvColumns;
  /** UTC epoch ms, inclusive. */
  readonly coveredStart: number;
  /** UTC epoch ms, exclusive. */
  readonly coveredEnd: number;
  /** UTC epoch ms: when the newest part (up to coveredEnd) was fetched. */
  readonly fetchedAt: number;
}

export { CacheFileError };

/** Serialises a series to Arrow IPC file bytes. */
export function encodeCacheFile(key: CacheKey, s: CachedSeries): Uint8Array {
  const n = s.columns.time.length;
  const tsType = new TimestampMillisecond('UTC');
  const fields = [new Field('time', tsType, false), ...PRICE_COLUMNS.map((c) => new Field(c, new Float64(), false))];
  const metadata = new Map<string, string>([
    ['backtester.format', CACHE_FORMAT_VERSION],
    ['backtester.exchange', key.exchange],
    ['backtester.market', key.market],
    ['backtester.symbol', key.symbol],
    ['backtester.timeframe', key.timeframe],
    ['backtester.covered_start', formatIsoUtc(s.coveredStart)],
    ['backtester.covered_end', formatIsoUtc(s.coveredEnd)],
    ['backtester.fetched_at', formatIsoUtc(s.fetchedAt)],
    ['backtester.rows', String(n)],
  ]);
  const time = new BigInt64Array(n);
  for (let i = 0; i < n; i++) time[i] = BigInt(s.columns.time[i]);
  const children = [
    makeData({ type: tsType, length: n, data: time as unknown as Int32Array }),
    ...PRICE_COLUMNS.map((c) => makeData({ type: new Float64(), length: n, data: s.columns[c] })),
  ];
  const schema = new Schema(fields, metadata);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, children }));
  return tableToIPC(new Table([batch]), 'file');
}

function metaTime(meta: Map<string, string>, k: string): number {
  const v = meta.get(k);
  const t = v === undefined ? NaN : Date.parse(v);
  if (!Number.isFinite(t)) throw new CacheFileError(`metadata ${k} is missing or not a date ('${v}')`);
  return t;
}

function hasMagic(bytes: Uint8Array): boolean {
  const text = (a: number, b: number) => String.fromCharCode(...bytes.subarray(a, b));
  return bytes.length >= 12 && text(0, 6) === MAGIC && text(bytes.length - 6, bytes.length) === MAGIC;
}

/**
 * Parses and checks a cache file. Throws CacheFileError when it is not a complete Arrow IPC file,
 * a column is missing, mistyped, has nulls or a different length, the metadata does not match `key`
 * or the row count, or the times are not strictly increasing inside the covered range.
 */
export function decodeCacheFile(bytes: Uint8Array, key: CacheKey): CachedSeries {
  if (!hasMagic(bytes)) throw new CacheFileError('not a complete Arrow IPC file (magic bytes missing: truncated?)');
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    throw new CacheFileError(`not a readable Arrow IPC file (${(e as Error).message})`);
  }
  const meta = table.schema.metadata;
  if (meta.get('backtester.format') !== CACHE_FORMAT_VERSION) {
    throw new CacheFileError(`unknown format version '${meta.get('backtester.format')}'`);
  }
  for (const k of ['exchange', 'market', 'symbol', 'timeframe'] as const) {
    const got = meta.get(`backtester.${k}`);
    if (got !== key[k]) throw new CacheFileError(`metadata ${k} is '${got}', expected '${key[k]}'`);
  }
  const n = table.numRows;
  if (meta.get('backtester.rows') !== String(n)) {
    throw new CacheFileError(`metadata says ${meta.get('backtester.rows')} rows, the file has ${n}`);
  }
  const timeVec = table.getChild('time');
  if (!timeVec || timeVec.type.typeId !== Type.Timestamp) throw new CacheFileError('column time is missing or not a timestamp');
  if (timeVec.length !== n || timeVec.nullCount > 0) throw new CacheFileError('column time has a wrong length or nulls');
  const raw = timeVec.toArray() as BigInt64Array;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = Number(raw[i]);
  const cols: Partial<OhlcvColumns> = { time };
  for (const c of PRICE_COLUMNS) {
    const v = table.getChild(c);
    if (!v || v.type.typeId !== Type.Float || v.length !== n || v.nullCount > 0) {
      throw new CacheFileError(`column ${c} is missing, not float64, of a wrong length or has nulls`);
    }
    cols[c] = Float64Array.from(v.toArray() as Float64Array);
  }
  const coveredStart = metaTime(meta, 'backtester.covered_start');
  const coveredEnd = metaTime(meta, 'backtester.covered_end');
  const fetchedAt = metaTime(meta, 'backtester.fetched_at');
  if (coveredEnd < coveredStart) throw new CacheFileError('covered_end is before covered_start');
  for (let i = 0; i < n; i++) {
    if (i > 0 && !(time[i] > time[i - 1])) {
      throw new CacheFileError(`times are not strictly increasing at row ${i} (${formatIsoUtc(time[i])})`);
    }
  }
  if (n > 0 && (time[0] < coveredStart || time[n - 1] >= coveredEnd)) {
    throw new CacheFileError('candles lie outside the covered range in the metadata');
  }
  return { columns: cols as OhlcvColumns, coveredStart, coveredEnd, fetchedAt };
}
