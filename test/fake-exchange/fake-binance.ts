/**
 * A loopback fake of Binance's public REST API: a real HTTP server on 127.0.0.1 (ephemeral port)
 * that answers the endpoints ccxt's own `binance` class calls for market data, in Binance's format,
 * serving the real candles in `../shared/data`. It counts requests per path and can fail the next
 * N requests on purpose (timeouts, 429 with Retry-After, 5xx, malformed JSON, connection resets).
 *
 * Endpoints (spot under /api/v3, USDⓈ-M perpetuals under /fapi/v1):
 * `exchangeInfo`, `klines` (symbol, interval, startTime, endTime, limit ≤ 1000), `ticker/24hr`,
 * `time`, `ping`; `fundingRate` (perpetuals' funding history); `leverageBracket` (perpetuals'
 * leverage tiers, signed: needs an `X-MBX-APIKEY` header). The candle whose period contains the fake's clock is served as still forming
 * (close = open, volume scaled by the elapsed fraction); later candles are not served.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_MARKETS, DEFAULT_SWAP_MARKETS, type FakeMarket } from './fake-data.js';
import { exchangeInfo, fundingRates, klines, leverageBrackets, tickers24h } from './fake-responses.js';

/** What the next matching requests should suffer. */
export type FailureKind = 'timeout' | 'rate-limit' | 'server-error' | 'malformed' | 'reset';

export interface FailurePlan {
  readonly kind: FailureKind;
  /** How many of the next matching requests fail. */
  readonly count: number;
  /** Only requests whose path contains this string (default: every request). */
  readonly path?: string;
  /** Retry-After seconds sent with `rate-limit` (default 0). */
  readonly retryAfterSec?: number;
  /** HTTP status for `server-error` (default 503). */
  readonly status?: number;
}

export interface RecordedRequest {
  readonly path: string;
  readonly query: Record<string, string>;
}

export interface FakeBinanceOptions {
  readonly markets?: readonly FakeMarket[];
  readonly swapMarkets?: readonly FakeMarket[];
  /** The fake's clock (ms); candles after it are not served. Default `Date.now`. */
  readonly now?: () => number;
}

export class FakeBinance {
  /** Base URL, e.g. `http://127.0.0.1:40123` (set by `start`). */
  url = '';
  /** The fake's clock; tests may replace it. */
  now: () => number;
  readonly requests: RecordedRequest[] = [];
  private readonly markets: readonly FakeMarket[];
  private readonly swapMarkets: readonly FakeMarket[];
  private readonly failures: { plan: FailurePlan; left: number }[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: http.Server;

  constructor(options: FakeBinanceOptions = {}) {
    this.markets = options.markets ?? DEFAULT_MARKETS;
    this.swapMarkets = options.swapMarkets ?? DEFAULT_SWAP_MARKETS;
    this.now = options.now ?? Date.now;
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Fails the next `count` requests (matching `path`, if given) the way `kind` says. */
  failNext(plan: FailurePlan): void {
    this.failures.push({ plan, left: plan.count });
  }

  /** Number of requests received whose path ends with `suffix` (all requests without one). */
  count(suffix?: string): number {
    return suffix === undefined ? this.requests.length : this.requests.filter((r) => r.path.endsWith(suffix)).length;
  }

  /** The recorded kline requests (query parameters as strings). */
  klineRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/klines'));
  }

  /** Forgets recorded requests and pending failures. */
  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
  }

  private takeFailure(path: string): FailurePlan | undefined {
    const f = this.failures.find((x) => x.left > 0 && (x.plan.path === undefined || path.includes(x.plan.path)));
    if (!f) return undefined;
    f.left -= 1;
    return f.plan;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(u.searchParams.entries());
    this.requests.push({ path: u.pathname, query });
    const failure = this.takeFailure(u.pathname);
    if (failure) return this.fail(failure, req, res);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    const [, api, , endpoint] = /^\/(api\/v3|fapi\/v1)(\/(.*))?$/.exec(u.pathname) ?? [];
    if (!api) return send(404, { code: -1, msg: `No such path ${u.pathname}` });
    const swap = api === 'fapi/v1';
    const markets = swap ? this.swapMarkets : this.markets;
    const now = this.now();
    switch (endpoint) {
      case 'ping': return send(200, {});
      case 'time': return send(200, { serverTime: now });
      case 'exchangeInfo': return send(200, exchangeInfo(markets, swap, now));
      case 'klines': {
        const r = klines(markets, query, now);
        return send(r.status, r.body);
      }
      case 'ticker/24hr': return send(200, tickers24h(markets, query, now));
      case 'fundingRate': {
        if (!swap) return send(404, { code: -1, msg: `No such endpoint ${u.pathname}` });
        const r = fundingRates(markets, query, now);
        return send(r.status, r.body);
      }
      case 'leverageBracket': {
        if (!swap) return send(404, { code: -1, msg: `No such endpoint ${u.pathname}` });
        const key = req.headers['x-mbx-apikey'];
        const r = leverageBrackets(markets, query, typeof key === 'string' && key !== '' ? key : undefined);
        return send(r.status, r.body);
      }
      default: return send(404, { code: -1, msg: `No such endpoint ${u.pathname}` });
    }
  }

  private fail(plan: FailurePlan, req: http.IncomingMessage, res: http.ServerResponse): void {
    switch (plan.kind) {
      case 'timeout':
        return; // never answer; the client times out (the socket is destroyed on stop)
      case 'reset':
        req.socket.destroy();
        return;
      case 'rate-limit':
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': String(plan.retryAfterSec ?? 0) });
        res.end(JSON.stringify({ code: -1003, msg: 'Too many requests; current limit is 6000 request weight per 1 MINUTE.' }));
        return;
      case 'server-error':
        res.writeHead(plan.status ?? 503, { 'Content-Type': 'text/html' });
        res.end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
        return;
      case 'malformed':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('[[1640995200000,"46216.93","46731.39",');
        return;
    }
  }
}
