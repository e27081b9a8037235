import { ConfigError, UsageError } from '../../base/errors.js';
import type { QualityAction } from '../../domain/frame/quality-types.js';
import { qualityPolicyFromFlag } from '../../domain/frame/quality-policy.js';
import type { DataSource, Logger } from '../../orchestration/ports.js';
import { CcxtSource } from '../data/ccxt/ccxt-source.js';
import { CsvSource } from '../data/csv-source.js';
import { SampleMarketSource } from '../data/sample-market.js';

export interface DataSourceOptions {
  /** `sample`, `csv`, or a ccxt exchange id. */
  readonly exchange: string;
  readonly market: 'spot' | 'swap';
  readonly dataDir?: string;
  readonly cacheDir?: string;
  readonly useCache?: boolean;
  readonly preferResampling?: boolean;
  readonly onBadData?: QualityAction;
  readonly logger?: Logger;
}

/**
 * Extra ccxt constructor settings as JSON in `BACKTESTER_CCXT_OPTIONS` (a proxy, a hostname, an
 * exchange's test URLs): merged over ours. The test suite points ccxt at its loopback exchange this way.
 * An API key in `BACKTESTER_API_KEY` / `BACKTESTER_API_SECRET` (docs/futures.md: a read-only key is
 * enough; only the leverage tiers of Binance need one) becomes ccxt's `apiKey` / `secret`.
 */
export function ccxtOptionsFromEnv(env = process.env): Record<string, unknown> | undefined {
  const key = env.BACKTESTER_API_KEY?.trim();
  const secret = env.BACKTESTER_API_SECRET?.trim();
  const credentials = key ? { apiKey: key, ...(secret && { secret }) } : undefined;
  const raw = env.BACKTESTER_CCXT_OPTIONS;
  if (!raw) return credentials;
  try {
    const v = JSON.parse(raw) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return { ...credentials, ...(v as Record<string, unknown>) };
  } catch {
    // fall through
  }
  throw new ConfigError('BACKTESTER_CCXT_OPTIONS is not a JSON object.', { hint: 'Set it to e.g. {"timeout": 30000}, or unset it.' });
}

/** The data source `--exchange` names. */
export function createDataSource(o: DataSourceOptions): DataSource {
  const policy = qualityPolicyFromFlag(o.onBadData ?? 'stop');
  const exchange = o.exchange.trim().toLowerCase();
  if (exchange === '') throw new UsageError('--exchange is empty.', { hint: 'Use a ccxt exchange id such as binance, or --exchange sample / csv.' });
  if (exchange === 'sample') return new SampleMarketSource({ market: o.market });
  if (exchange === 'csv') {
    if (!o.dataDir) {
      throw new UsageError('--exchange csv needs --data-dir.', { hint: 'Pass the folder holding BASE-QUOTE_TIMEFRAME.csv files, e.g. --data-dir ../shared/data.' });
    }
    return new CsvSource({ dataDir: o.dataDir, market: o.market, policy, cache: { enabled: o.useCache ?? true, dir: o.cacheDir } });
  }
  return new CcxtSource({
    exchangeId: exchange, market: o.market, cache: { enabled: o.useCache ?? true, dir: o.cacheDir },
    preferResampling: o.preferResampling ?? true, qualityPolicy: policy, logger: o.logger, exchangeOverrides: ccxtOptionsFromEnv(),
  });
}
