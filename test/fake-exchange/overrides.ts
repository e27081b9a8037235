import type { FakeBinance } from './fake-binance.js';

/**
 * ccxt constructor settings that point the real `binance` class at the fake: every public API
 * base URL (spot and USDⓈ-M) and the USDⓈ-M private one (the leverage brackets), no rate-limit
 * pauses to speak of, and a short timeout.
 */
export function fakeOverrides(fake: FakeBinance, timeoutMs = 2_000): Record<string, unknown> {
  return {
    urls: { api: { public: `${fake.url}/api/v3`, fapiPublic: `${fake.url}/fapi/v1`, fapiPrivate: `${fake.url}/fapi/v1` } },
    rateLimit: 1,
    timeout: timeoutMs,
  };
}
