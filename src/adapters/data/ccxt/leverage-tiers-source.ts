/**
 * A swap market's leverage tiers through ccxt (issue 11, docs/futures.md "Maintenance margin"):
 * `fetchLeverageTiers` (every market in one request, as Binance's `GET /fapi/v1/leverageBracket`)
 * or `fetchMarketLeverageTiers`, kept in `<cache>/<exchange>/swap/leverage_tiers.json` and reused
 * for the rest of the UTC day (like markets.json). Binance's endpoint needs an API key: without one
 * (or on any other failure) the answer says why, and the run uses the config's or the default rate.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkedTiers, type LeverageTier } from '../../../domain/portfolio/leverage-tiers.js';
import type { Logger, TierLookup } from '../../../orchestration/ports.js';
import { atomicWriteFile } from '../../cache/atomic-write.js';
import { ensureMarkets, fromCcxtSymbol, toCcxtSymbol, type Connected } from './exchange.js';
import { withRetries } from './retry.js';
import type { FundingSourceContext } from './funding-source.js';
import { utcDay } from '../../../domain/frame/calendar.js';
import { marketListPath } from './markets-list.js';

/** The exchange, retries, logger and cache of a tier lookup: those of a funding download. */
type TiersContext = Omit<FundingSourceContext, 'signal'>;

interface TiersFile {
  readonly version: 1;
  readonly exchange: string;
  readonly fetchedAt: number;
  /** Our symbols → their tiers (only the fields the simulation uses). */
  readonly tiers: Record<string, LeverageTier[]>;
}

/**
 * Exchanges whose tier endpoint is private (Binance's `leverageBracket` is USER_DATA): without an
 * API key they are not asked at all, so a run without keys makes no request for tiers.
 */
const KEYED_TIERS = new Set(['binance', 'binanceusdm', 'binancecoinm']);

/** Beside the swap market list in the cache folder. */
function tiersPath(cacheDir: string, exchange: string): string {
  return path.join(path.dirname(marketListPath(cacheDir, exchange, 'swap')), 'leverage_tiers.json');
}

async function readTiers(file: string): Promise<TiersFile | undefined> {
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as TiersFile;
    return v.version === 1 && Number.isFinite(v.fetchedAt) && v.tiers !== null && typeof v.tiers === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

type CcxtTier = { minNotional?: number; maintenanceMarginRate?: number; maxLeverage?: number };

/** ccxt's unified tiers → ours (undefined when they fail the checks). */
function fromCcxt(list: readonly CcxtTier[] | undefined): LeverageTier[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const tiers = list.map((t) => ({
    minNotional: Number(t.minNotional ?? NaN), maintenanceMarginRate: Number(t.maintenanceMarginRate ?? NaN),
    ...(Number(t.maxLeverage) > 0 && { maxLeverage: Number(t.maxLeverage) }),
  }));
  const ok = checkedTiers(tiers);
  return ok ? [...ok] : undefined;
}

/** The tiers of `symbol`, or why there are none. */
export async function ccxtLeverageTiers(ctx: TiersContext, symbol: string): Promise<TierLookup> {
  const file = ctx.cacheDir === undefined ? undefined : tiersPath(ctx.cacheDir, ctx.exchangeId);
  const saved = file ? await readTiers(file) : undefined;
  const fresh = saved !== undefined && saved.exchange === ctx.exchangeId && utcDay(saved.fetchedAt) === utcDay(ctx.now);
  if (fresh && Object.hasOwn(saved.tiers, symbol)) return { tiers: saved.tiers[symbol], source: 'cache' };
  const c = await ctx.connect();
  const ex = c.exchange;
  if (!ex.has.fetchLeverageTiers && !ex.has.fetchMarketLeverageTiers) return { unavailable: `${ctx.exchangeId} gives no leverage tiers through ccxt` };
  if (KEYED_TIERS.has(ctx.exchangeId) && !ex.checkRequiredCredentials(false)) return { unavailable: `${ctx.exchangeId}'s leverage tiers need an API key`, needsKey: true };
  let got: Record<string, LeverageTier[]>;
  try {
    await ensureMarkets(c, ctx.retry, ctx.logger);
    got = await withRetries(async () => {
      const out: Record<string, LeverageTier[]> = {};
      if (ex.has.fetchLeverageTiers) {
        // Every swap market at once (one request on Binance); kept for the other symbols of the run.
        const all = (await ex.fetchLeverageTiers()) as unknown as Record<string, CcxtTier[]>;
        for (const [s, list] of Object.entries(all)) {
          const t = fromCcxt(list);
          if (t) out[fromCcxtSymbol(s)] = t;
        }
      } else {
        const t = fromCcxt((await ex.fetchMarketLeverageTiers(toCcxtSymbol(symbol, 'swap'))) as unknown as CcxtTier[]);
        if (t) out[symbol] = t;
      }
      return out;
    }, { exchangeId: ctx.exchangeId, what: 'fetchLeverageTiers', policy: ctx.retry, classify: c.classify, logger: ctx.logger });
  } catch (e) {
    if (e instanceof c.ccxt.AuthenticationError) return { unavailable: `${ctx.exchangeId}'s leverage tiers need an API key`, needsKey: true };
    if (saved && Object.hasOwn(saved.tiers, symbol)) {
      ctx.logger.warn(`${ctx.exchangeId}: leverage tiers could not be fetched (${(e as Error).message}); using those saved on ${new Date(saved.fetchedAt).toISOString().slice(0, 10)}.`);
      return { tiers: saved.tiers[symbol], source: 'cache' };
    }
    return { unavailable: `${ctx.exchangeId}'s leverage tiers could not be fetched (${(e as Error).message})` };
  }
  const merged: TiersFile = { version: 1, exchange: ctx.exchangeId, fetchedAt: ctx.now, tiers: { ...(fresh ? saved.tiers : {}), ...got } };
  if (file) await atomicWriteFile(file, `${JSON.stringify(merged)}\n`);
  const tiers = got[symbol];
  return tiers ? { tiers, source: 'exchange' } : { unavailable: `${ctx.exchangeId} lists no leverage tiers for ${symbol}` };
}
