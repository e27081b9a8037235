/**
 * Funding-rate history on disk, next to the candle cache (docs/futures.md): one JSON file per
 * exchange, market and symbol (`<cache>/<exchange>/swap/BTC-USDT_funding.json`) holding the covered
 * range [from, to) and its funding times and rates. Written atomically; a file that cannot be read
 * or fails its checks is reported and refetched. Incremental: only the parts of a request outside
 * the covered range are fetched (a later run fetches the new funding times since the last one).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { symbolToFileStem } from '../../domain/frame/symbols.js';
import type { FundingSeries } from '../../domain/frame/funding.js';
import type { Logger } from '../../orchestration/ports.js';
import { atomicWriteFile } from './atomic-write.js';

const VERSION = 1;

export interface CachedFunding {
  readonly from: number;
  readonly to: number;
  readonly series: FundingSeries;
}

export class FundingCache {
  constructor(private readonly dir: string, private readonly logger: Logger) {}

  file(exchange: string, market: string, symbol: string): string {
    return path.join(this.dir, exchange.replace(/[^a-z0-9_.-]/gi, '_'), market, `${symbolToFileStem(symbol)}_funding.json`);
  }

  /** The cached history, or null when absent or corrupt (a corrupt file is logged as a warning). */
  async read(file: string): Promise<CachedFunding | null> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return null;
    }
    try {
      const j = JSON.parse(text) as { version: number; from: number; to: number; time: number[]; rate: number[] };
      const ok = j.version === VERSION && Number.isFinite(j.from) && Number.isFinite(j.to) && j.from <= j.to
        && Array.isArray(j.time) && Array.isArray(j.rate) && j.time.length === j.rate.length
        && j.time.every((t, i) => Number.isFinite(t) && t >= j.from && t < j.to && (i === 0 || t > j.time[i - 1]))
        && j.rate.every((r) => Number.isFinite(r));
      if (!ok) throw new Error('failed its checks');
      return { from: j.from, to: j.to, series: { time: Float64Array.from(j.time), rate: Float64Array.from(j.rate) } };
    } catch (e) {
      this.logger.warn(`Funding cache ${file} is corrupt (${(e as Error).message}); fetching it again.`);
      return null;
    }
  }

  async write(file: string, c: CachedFunding): Promise<void> {
    const body = { version: VERSION, from: c.from, to: c.to, time: Array.from(c.series.time), rate: Array.from(c.series.rate) };
    await atomicWriteFile(file, JSON.stringify(body));
  }
}

/** The union of two histories over adjacent or overlapping ranges (times deduplicated, `b` wins). */
export function mergeFunding(a: CachedFunding, b: CachedFunding): CachedFunding {
  const m = new Map<number, number>();
  for (const s of [a.series, b.series]) for (let i = 0; i < s.time.length; i++) m.set(s.time[i], s.rate[i]);
  const times = [...m.keys()].sort((x, y) => x - y);
  return {
    from: Math.min(a.from, b.from), to: Math.max(a.to, b.to),
    series: { time: Float64Array.from(times), rate: Float64Array.from(times, (t) => m.get(t)!) },
  };
}

/** The part of a history in [from, to). */
export function sliceFunding(s: FundingSeries, from: number, to: number): FundingSeries {
  let a = 0;
  while (a < s.time.length && s.time[a] < from) a++;
  let b = a;
  while (b < s.time.length && s.time[b] < to) b++;
  return { time: s.time.slice(a, b), rate: s.rate.slice(a, b) };
}
