// A namespace import, not `import { z }`: the bundle then keeps only the zod it uses (test/cli-bundle.e2e.test.ts).
import * as z from 'zod';
import { fail, ok, type Issue, type Result } from '../../base/result.js';

// Each schema parses a handful of values once per run: zod's JIT (code generated with
// `new Function` on the first parse) costs more than it saves here (~8 ms vs ~5 ms on a config).
z.config({ jitless: true });

/**
 * The strategy configuration file (the guide's "Configuration File Structure"). Sections group
 * parameters for people; the strategy sees one flat parameter object (see `resolveConfig`).
 * Every object is strict: an unknown key is an error that names the key.
 */

const scalar = z.union([z.number(), z.string(), z.boolean()]);
const paramSection = z.record(z.string(), scalar);

/** A range is a non-empty list of values to try. */
const rangeValues = z.array(scalar).min(1, 'must list at least one value to try');

export const portfolioParametersSchema = z.strictObject({
  init_cash: z.number().positive('must be greater than 0').finite().optional(),
  fees: z.number().min(0, 'must be at least 0').lt(1, 'must be below 1 (0.001 = 0.1%)').optional(),
  slippage: z.number().min(0, 'must be at least 0').lt(1, 'must be below 1 (0.0005 = 0.05%)').optional(),
  /** The guide's data frequency; informational (the data's timeframe is used). */
  freq: z.string().optional(),
  execution: z.enum(['next_open', 'close']).optional(),
  stop_slippage: z.boolean().optional(),
  days_per_year: z.number().positive().max(366).optional(),
  /** Trading calendar: auto (weekday-only data → stocks), crypto or stocks (docs/metrics.md). */
  calendar: z.enum(['auto', 'crypto', 'stocks']).optional(),
  /** Periods per year for annualization, overriding the calendar's figure. */
  periods_per_year: z.number().positive('must be greater than 0').finite().optional(),
  /** Sizing may sit here or under risk_management. */
  max_position_size: z.number().gt(0, 'must be greater than 0').max(1, 'must be at most 1 (no leverage)').optional(),
  risk_per_trade: z.number().min(0, 'must be at least 0').lt(1, 'must be below 1').optional(),
  // Order features (issue 10, docs/semantics.md).
  max_bars_in_trade: z.number().int('must be a whole number').min(0, 'must be at least 0 (0 = off)').optional(),
  trailing_stop: z.number().min(0, 'must be at least 0 (0 = off)').lt(1, 'must be below 1 (0.05 = 5%)').optional(),
  trailing_activation: z.number().min(0, 'must be at least 0').optional(),
  entry_order: z.enum(['market', 'limit', 'stop']).optional(),
  entry_expiry_bars: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
  finalize_trades: z.boolean().optional(),
  /** Load the strategy's warm-up history before the start date (default true; `--no-warmup`). */
  warmup: z.boolean().optional(),
  size_type: z.enum(['all_in', 'percent_of_equity', 'value', 'amount', 'risk']).optional(),
  size: z.number().positive('must be greater than 0').finite().optional(),
  size_granularity: z.number().min(0, 'must be at least 0 (0 = fractional units)').finite().optional(),
  min_size: z.number().min(0, 'must be at least 0').finite().optional(),
  min_notional: z.number().min(0, 'must be at least 0').finite().optional(),
  accumulate: z.boolean().optional(),
  max_entries: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
  // Perpetual futures (issue 11, docs/futures.md); swap markets only.
  leverage: z.number().min(1, 'must be at least 1').max(125, 'must be at most 125').optional(),
  maintenance_margin_rate: z.number().min(0, 'must be at least 0').lt(0.5, 'must be below 0.5 (0.005 = 0.5%)').optional(),
  liquidation_fee: z.number().min(0, 'must be at least 0').lt(0.1, 'must be below 0.1 (0.005 = 0.5%)').optional(),
  funding: z.boolean().optional(),
  /** One account over all symbols (DESIGN.md §3b); see domain/config/portfolio-mode-config.ts. */
  portfolio: z.boolean().optional(),
  /** `equal`, an amount (25000) or a share of free cash ("50%"). */
  stake: z.union([z.number(), z.string()]).optional(),
  max_open_positions: z.number().optional(),
  /** `signals` (entries and exits with stakes, default) or `weights` (target weights). */
  allocation: z.enum(['signals', 'weights']).optional(),
  /** Target weights: `{ "BTC/USDT": 0.6, "ETH/USDT": 0.4 }` or "BTC/USDT=0.6,ETH/USDT=0.4". */
  weights: z.union([z.record(z.string(), z.number()), z.string()]).optional(),
  /** Rebalance period (`1d`, `1w`, ...); absent: only at the start (and by the band). */
  rebalance: z.string().optional(),
  rebalance_band: z.number().optional(),
  /** Hold a weighted symbol only while the strategy is long it. */
  gate_by_signal: z.boolean().optional(),
});

export const configFileSchema = z.strictObject({
  strategy_name: z.string().optional(),
  strategy_class: z.string().optional(),
  /** Registry id of the strategy (`dma_atr_trend`); `--strategy` overrides it. */
  strategy: z.string().optional(),
  description: z.string().optional(),
  version: z.string().optional(),
  technical_parameters: paramSection.optional(),
  risk_management: paramSection.optional(),
  trend_confirmation: paramSection.optional(),
  signal_processing: paramSection.optional(),
  portfolio_parameters: portfolioParametersSchema.optional(),
  optimization_ranges: z.record(z.string(), rangeValues).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type PortfolioParameters = z.infer<typeof portfolioParametersSchema>;

/** The sections whose keys become strategy parameters, in precedence order. */
export const STRATEGY_SECTIONS = ['technical_parameters', 'risk_management', 'trend_confirmation', 'signal_processing'] as const;
export type StrategySection = (typeof STRATEGY_SECTIONS)[number];

/** Converts zod issues to our coded issues with dotted paths. */
export function zodIssues(error: z.ZodError, prefix = ''): Issue[] {
  return error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    if (i.code === 'unrecognized_keys') {
      const keys = i.keys.map((k) => (path ? `${path}.${k}` : k));
      return { code: 'unknown_key', path: keys.join(', '), message: `unknown key${keys.length > 1 ? 's' : ''} (check the spelling; see docs/configuration.md for the accepted keys)` };
    }
    return { code: i.code, path, message: i.message };
  });
}

/** Validates the parsed JSON of a config file. */
export function parseConfigFile(json: unknown): Result<ConfigFile> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return fail([{ code: 'invalid_type', path: '', message: 'the file must hold one JSON object' }]);
  }
  const r = configFileSchema.safeParse(json);
  return r.success ? ok(r.data) : fail(zodIssues(r.error));
}
