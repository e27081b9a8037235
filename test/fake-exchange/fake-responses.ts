/** Response bodies of the fake Binance, in Binance's public REST format. */
import { candlesFor, lowerBoundRaw, type FakeMarket, type RawCandle } from './fake-data.js';

const INTERVAL_MS: Record<string, number> = {
  '1s': 1_000, '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000,
  '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '6h': 21_600_000, '8h': 28_800_000,
  '12h': 43_200_000, '1d': 86_400_000, '3d': 259_200_000, '1w': 604_800_000, '1M': 2_592_000_000,
};

const SPOT_FILTERS = [
  { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
  { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
  { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000' },
];

/** `GET /api/v3/exchangeInfo` (spot) or `GET /fapi/v1/exchangeInfo` (USDⓈ-M perpetuals). */
export function exchangeInfo(markets: readonly FakeMarket[], swap: boolean, now: number): unknown {
  const symbols = markets.map((m) => swap
    ? {
        symbol: m.id, pair: m.id, contractType: 'PERPETUAL', deliveryDate: 4133404800000, onboardDate: 1569398400000,
        status: m.status, baseAsset: m.base, quoteAsset: m.quote, marginAsset: m.quote, pricePrecision: 2,
        quantityPrecision: 3, baseAssetPrecision: 8, quotePrecision: 8, underlyingType: 'COIN',
        filters: [{ filterType: 'PRICE_FILTER', minPrice: '0.10', maxPrice: '4529764', tickSize: '0.10' },
          { filterType: 'LOT_SIZE', stepSize: '0.001', maxQty: '1000', minQty: '0.001' }],
        orderTypes: ['LIMIT', 'MARKET'], timeInForce: ['GTC'],
      }
    : {
        symbol: m.id, status: m.status, baseAsset: m.base, baseAssetPrecision: 8, quoteAsset: m.quote,
        quotePrecision: 8, quoteAssetPrecision: 8, orderTypes: ['LIMIT', 'MARKET'], icebergAllowed: true,
        ocoAllowed: true, isSpotTradingAllowed: true, isMarginTradingAllowed: false, filters: SPOT_FILTERS,
        permissions: [], permissionSets: [['SPOT']], defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      });
  return {
    timezone: 'UTC', serverTime: now,
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
    exchangeFilters: [], symbols,
  };
}

function klineRow(c: RawCandle, ms: number, now: number): unknown[] {
  // The candle containing `now` is still forming: close = open and a partial volume.
  const forming = c.t + ms > now;
  const frac = forming ? Math.max(0, (now - c.t) / ms) : 1;
  const close = forming ? c.o : c.c;
  const volume = forming ? String(Number(c.v) * frac) : c.v;
  const quoteVolume = String(Number(volume) * Number(close));
  return [c.t, c.o, c.h, c.l, close, volume, c.t + ms - 1, quoteVolume, 100, '0', '0', '0'];
}

/** `GET .../klines`: ascending candles with `startTime <= openTime <= endTime`, at most `limit` (≤ 1000). */
export function klines(markets: readonly FakeMarket[], q: Record<string, string>, now: number): { status: number; body: unknown } {
  if (!markets.some((m) => m.id === q.symbol)) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
  const ms = INTERVAL_MS[q.interval ?? ''];
  if (ms === undefined) return { status: 400, body: { code: -1120, msg: 'Invalid interval.' } };
  const limit = Math.min(Math.max(Number(q.limit ?? 500), 1), 1000);
  const rows = candlesFor(q.symbol, q.interval);
  const visibleEnd = lowerBoundRaw(rows, now + 1); // candles that have opened by `now`
  const endIdx = Math.min(visibleEnd, q.endTime === undefined ? rows.length : lowerBoundRaw(rows, Number(q.endTime) + 1));
  let a: number;
  let b: number;
  if (q.startTime !== undefined) {
    a = lowerBoundRaw(rows, Number(q.startTime));
    b = Math.min(endIdx, a + limit);
  } else {
    b = endIdx;
    a = Math.max(0, b - limit);
  }
  const body = [];
  for (let i = a; i < b; i++) body.push(klineRow(rows[i], ms, now));
  return { status: 200, body };
}

/** `GET .../ticker/24hr`: rolling 24 h statistics, from the last 24 hourly candles where there are any. */
export function tickers24h(markets: readonly FakeMarket[], q: Record<string, string>, now: number): unknown {
  const wanted = q.symbol !== undefined ? [q.symbol] : q.symbols !== undefined ? (JSON.parse(q.symbols) as string[]) : undefined;
  const list = markets.filter((m) => wanted === undefined || wanted.includes(m.id)).map((m) => {
    const rows = candlesFor(m.id, '1h');
    const end = lowerBoundRaw(rows, now - 3_600_000 + 1);
    const day = rows.slice(Math.max(0, end - 24), end);
    let volume = 0;
    let quoteVolume = m.quoteVolume ?? 0;
    if (day.length > 0) {
      quoteVolume = 0;
      for (const c of day) {
        volume += Number(c.v);
        quoteVolume += Number(c.v) * Number(c.c);
      }
    }
    const first = day[0];
    const last = day[day.length - 1];
    const openTime = first?.t ?? now - 86_400_000;
    return {
      symbol: m.id, priceChange: '0', priceChangePercent: '0', weightedAvgPrice: last?.c ?? '1',
      prevClosePrice: first?.o ?? '1', lastPrice: last?.c ?? '1', lastQty: '0', bidPrice: last?.c ?? '1', bidQty: '1',
      askPrice: last?.c ?? '1', askQty: '1', openPrice: first?.o ?? '1',
      highPrice: day.length ? String(Math.max(...day.map((c) => Number(c.h)))) : '1',
      lowPrice: day.length ? String(Math.min(...day.map((c) => Number(c.l)))) : '1',
      volume: String(volume), quoteVolume: String(quoteVolume), openTime, closeTime: openTime + 86_400_000 - 1,
      firstId: 1, lastId: 2, count: 2,
    };
  });
  return q.symbol !== undefined ? list[0] : list;
}

/**
 * The fake's USDⓈ-M leverage brackets (Binance's BTCUSDT brackets, first four): `initialLeverage`,
 * `notionalFloor`/`notionalCap`, `maintMarginRatio` and the maintenance amount `cum`.
 */
export const FAKE_BRACKETS = [
  { bracket: 1, initialLeverage: 125, notionalCap: 50_000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0.0 },
  { bracket: 2, initialLeverage: 100, notionalCap: 600_000, notionalFloor: 50_000, maintMarginRatio: 0.005, cum: 50.0 },
  { bracket: 3, initialLeverage: 75, notionalCap: 3_000_000, notionalFloor: 600_000, maintMarginRatio: 0.0065, cum: 950.0 },
  { bracket: 4, initialLeverage: 50, notionalCap: 12_000_000, notionalFloor: 3_000_000, maintMarginRatio: 0.01, cum: 11_450.0 },
] as const;

/** ETHUSDT's brackets in the fake (a market whose maximum leverage is 100x). */
export const FAKE_ETH_BRACKETS = [
  { bracket: 1, initialLeverage: 100, notionalCap: 10_000, notionalFloor: 0, maintMarginRatio: 0.005, cum: 0.0 },
  { bracket: 2, initialLeverage: 75, notionalCap: 100_000, notionalFloor: 10_000, maintMarginRatio: 0.0065, cum: 15.0 },
] as const;

/**
 * `GET /fapi/v1/leverageBracket` (Binance USDⓈ-M "Notional and Leverage Brackets", USER_DATA): needs
 * the `X-MBX-APIKEY` header and a signed query (`timestamp`, `signature`; the signature is not
 * verified); every market's brackets, or `symbol`'s only.
 */
export function leverageBrackets(markets: readonly FakeMarket[], q: Record<string, string>, apiKey: string | undefined): { status: number; body: unknown } {
  if (!apiKey) return { status: 401, body: { code: -2014, msg: 'API-key format invalid.' } };
  if (q.timestamp === undefined || q.signature === undefined) return { status: 400, body: { code: -1102, msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed." } };
  const list = markets.filter((m) => q.symbol === undefined || m.id === q.symbol)
    .map((m) => ({ symbol: m.id, brackets: m.id === 'ETHUSDT' ? FAKE_ETH_BRACKETS : FAKE_BRACKETS }));
  if (q.symbol !== undefined && list.length === 0) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
  return { status: 200, body: list };
}

/** The fake's funding rate at funding time `t` (every 8 h): +0.01 % with a slow ±0.005 % wave. */
export function fakeFundingRate(t: number): number {
  return Math.round((0.0001 + 0.00005 * Math.sin(t / (7 * 8 * 3_600_000))) * 1e8) / 1e8;
}

/**
 * `GET /fapi/v1/fundingRate` (Binance USDⓈ-M "Get Funding Rate History"): funding times every 8 h
 * (00/08/16 UTC) from the market's first candle up to `now`, ascending; `startTime`/`endTime`
 * inclusive, `limit` default 100, at most 1000; without `startTime`, the most recent `limit`.
 */
export function fundingRates(markets: readonly FakeMarket[], q: Record<string, string>, now: number): { status: number; body: unknown } {
  if (!markets.some((m) => m.id === q.symbol)) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
  const step = 8 * 3_600_000;
  const rows = candlesFor(q.symbol, '1h');
  if (rows.length === 0) return { status: 200, body: [] };
  const first = Math.ceil(rows[0].t / step) * step;
  const last = Math.floor(Math.min(now, q.endTime === undefined ? now : Number(q.endTime)) / step) * step;
  const limit = Math.min(Math.max(Number(q.limit ?? 100), 1), 1000);
  let a = q.startTime === undefined ? Math.max(first, last - (limit - 1) * step) : Math.max(first, Math.ceil(Number(q.startTime) / step) * step);
  const body = [];
  for (; a <= last && body.length < limit; a += step) {
    const close = rows[Math.min(rows.length - 1, lowerBoundRaw(rows, a))].c;
    body.push({ symbol: q.symbol, fundingTime: a, fundingRate: fakeFundingRate(a).toFixed(8), markPrice: close });
  }
  return { status: 200, body };
}
