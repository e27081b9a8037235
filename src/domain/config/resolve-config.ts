import { fail, ok, type Issue, type Result } from '../../base/result.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from '../portfolio/spec.js';
import type { StrategyDefinition } from '../strategies/strategy.js';
import {
  portfolioParametersSchema, STRATEGY_SECTIONS, zodIssues,
  type ConfigFile, type PortfolioParameters,
} from './config-file.js';

/** Keys that size positions: accepted under `risk_management` (as the guide lists them) or `portfolio_parameters`. */
const SIZING_KEYS = ['max_position_size', 'risk_per_trade'] as const;

type Scalar = number | string | boolean;

/** Portfolio keys with a flag of their own; the others are overridden with `--portfolio-param key=value`. */
const FLAG_KEYS = new Set(['init_cash', 'fees', 'slippage', 'execution', 'leverage']);

export interface ResolvedRun<P extends object> {
  /** The flat, validated strategy parameters (defaults filled in). */
  readonly params: P;
  readonly portfolio: PortfolioSpec;
  readonly optimizationRanges: Readonly<Record<string, readonly Scalar[]>>;
  /** Where each strategy key came from (`risk_management.sl_atr_multiplier`), for messages. */
  readonly keyPaths: Readonly<Record<string, string>>;
}

export interface RunOverrides {
  /** Strategy parameters from the command line (`--param key=value`), already typed. */
  readonly params?: Readonly<Record<string, Scalar>>;
  /** Portfolio parameters from the command line (`--fees`, `--execution`, ...). */
  readonly portfolio?: Readonly<PortfolioParameters>;
  readonly market?: 'spot' | 'swap';
}

/**
 * Turns a validated config file plus command-line overrides into the flat strategy parameters and
 * the portfolio spec. Strategy sections are merged into one object (a key given in two sections
 * is an error), aliases are mapped (`use_adx_filter` → `use_adx`), and sizing keys move to the
 * portfolio. Command-line values win over the file.
 */
export function resolveConfig<P extends object>(
  file: ConfigFile,
  def: StrategyDefinition<P>,
  overrides: RunOverrides = {},
): Result<ResolvedRun<P>> {
  const issues: Issue[] = [];
  // Null-prototype maps: a key such as `constructor` or `__proto__` is just a key here.
  const flat: Record<string, Scalar> = Object.create(null) as Record<string, Scalar>;
  const keyPaths: Record<string, string> = Object.create(null) as Record<string, string>;
  const sizing: Record<string, Scalar> = {};
  const aliases = def.aliases ?? {};

  for (const section of STRATEGY_SECTIONS) {
    for (const [rawKey, value] of Object.entries(file[section] ?? {})) {
      const path = `${section}.${rawKey}`;
      if ((SIZING_KEYS as readonly string[]).includes(rawKey)) {
        sizing[rawKey] = value;
        keyPaths[rawKey] = path;
        continue;
      }
      const key = aliases[rawKey] ?? rawKey;
      if (Object.hasOwn(flat, key)) {
        issues.push({ code: 'duplicate_key', path, message: `also given as ${keyPaths[key]}; give it once` });
        continue;
      }
      flat[key] = value;
      keyPaths[key] = path;
    }
  }
  for (const [rawKey, value] of Object.entries(overrides.params ?? {})) {
    const key = aliases[rawKey] ?? rawKey;
    flat[key] = value;
    keyPaths[key] = `--param ${rawKey}`;
  }

  const parsed = def.parseParams(flat);
  if (!parsed.ok) {
    issues.push(...parsed.issues.map((i) => ({ ...i, path: relabel(i.path, keyPaths) })));
  } else {
    issues.push(...def.constraints(parsed.value).map((i) => ({ ...i, path: relabel(i.path, keyPaths) })));
  }

  const portfolio = resolvePortfolio(file, sizing, keyPaths, overrides);
  if (!portfolio.ok) issues.push(...portfolio.issues);

  if (issues.length > 0 || !parsed.ok || !portfolio.ok) return fail(issues);
  return ok({ params: parsed.value, portfolio: portfolio.value, optimizationRanges: file.optimization_ranges ?? {}, keyPaths });
}

function relabel(path: string, keyPaths: Record<string, string>): string {
  const [head, ...rest] = path.split('.');
  const mapped = keyPaths[head];
  return mapped ? [mapped, ...rest].join('.') : path;
}

function keyPath(key: string, keyPaths: Record<string, string>, overrides: RunOverrides): string {
  if (overrides.portfolio && key in overrides.portfolio) return FLAG_KEYS.has(key) ? `--${key.replace(/_/g, '-')}` : `--portfolio ${key}`;
  return keyPaths[key] ?? `portfolio_parameters.${key}`;
}

function resolvePortfolio(
  file: ConfigFile,
  sizing: Record<string, Scalar>,
  keyPaths: Record<string, string>,
  overrides: RunOverrides,
): Result<PortfolioSpec> {
  const issues: Issue[] = [];
  const fromFile: Record<string, unknown> = { ...(file.portfolio_parameters ?? {}) };
  for (const [k, v] of Object.entries(sizing)) {
    if (k in fromFile) {
      issues.push({ code: 'duplicate_key', path: keyPaths[k], message: `also given as portfolio_parameters.${k}; give it once` });
    }
    fromFile[k] = v;
  }
  const merged = { ...fromFile, ...(overrides.portfolio ?? {}) };
  const r = portfolioParametersSchema.safeParse(merged);
  if (!r.success) {
    for (const i of zodIssues(r.error)) {
      const key = i.path.split('.')[0];
      const path = overrides.portfolio && key in overrides.portfolio
        ? (FLAG_KEYS.has(key) ? `--${key.replace(/_/g, '-')}` : `--portfolio ${key}`)
        : keyPaths[key] ?? `portfolio_parameters.${i.path}`;
      issues.push({ ...i, path });
    }
    return fail(issues);
  }
  if (issues.length > 0) return fail(issues);
  const p = r.data;
  const sized = p.size_type !== undefined && p.size_type !== 'all_in';
  if (sized && p.size === undefined) {
    return fail([{ code: 'missing_size', path: keyPath('size_type', keyPaths, overrides), message: `${p.size_type} needs a size (portfolio_parameters.size, e.g. 0.5 for percent_of_equity)` }]);
  }
  if ((p.size_type === 'percent_of_equity' || p.size_type === 'risk') && p.size !== undefined && p.size > 1) {
    return fail([{ code: 'too_big', path: keyPath('size', keyPaths, overrides), message: `(${p.size}) is a fraction of equity for ${p.size_type}: at most 1` }]);
  }
  if (p.leverage !== undefined && p.leverage > 1 && (overrides.market ?? DEFAULT_PORTFOLIO.market) !== 'swap') {
    return fail([{ code: 'spot_leverage', path: keyPath('leverage', keyPaths, overrides), message: `(${p.leverage}) needs --market swap: spot is unlevered and long-only` }]);
  }
  return ok({
    initCash: p.init_cash ?? DEFAULT_PORTFOLIO.initCash,
    fees: p.fees ?? DEFAULT_PORTFOLIO.fees,
    slippage: p.slippage ?? DEFAULT_PORTFOLIO.slippage,
    execution: p.execution ?? DEFAULT_PORTFOLIO.execution,
    market: overrides.market ?? DEFAULT_PORTFOLIO.market,
    maxPositionSize: p.max_position_size ?? DEFAULT_PORTFOLIO.maxPositionSize,
    riskPerTrade: p.risk_per_trade ?? DEFAULT_PORTFOLIO.riskPerTrade,
    stopSlippage: p.stop_slippage ?? DEFAULT_PORTFOLIO.stopSlippage,
    daysPerYear: p.days_per_year ?? DEFAULT_PORTFOLIO.daysPerYear,
    ...(p.calendar !== undefined && { calendar: p.calendar }),
    ...(p.periods_per_year !== undefined && { periodsPerYear: p.periods_per_year }),
    // Order features only when given, so a plain run's spec is unchanged.
    ...(p.max_bars_in_trade !== undefined && { maxBarsInTrade: p.max_bars_in_trade }),
    ...(p.trailing_stop !== undefined && { trailingStop: p.trailing_stop }),
    ...(p.trailing_activation !== undefined && { trailingActivation: p.trailing_activation }),
    ...(p.entry_order !== undefined && { entryOrder: p.entry_order }),
    ...(p.entry_expiry_bars !== undefined && { entryExpiryBars: p.entry_expiry_bars }),
    ...(p.finalize_trades !== undefined && { finalizeTrades: p.finalize_trades }),
    ...(p.size_type !== undefined && { sizeType: p.size_type }),
    ...(p.size !== undefined && { size: p.size }),
    ...(p.size_granularity !== undefined && { sizeGranularity: p.size_granularity }),
    ...(p.min_size !== undefined && { minSize: p.min_size }),
    ...(p.min_notional !== undefined && { minNotional: p.min_notional }),
    ...(p.accumulate !== undefined && { accumulate: p.accumulate }),
    ...(p.max_entries !== undefined && { maxEntries: p.max_entries }),
    ...(p.leverage !== undefined && { leverage: p.leverage }),
    ...(p.maintenance_margin_rate !== undefined && { maintenanceMarginRate: p.maintenance_margin_rate }),
    ...(p.liquidation_fee !== undefined && { liquidationFee: p.liquidation_fee }),
    ...(p.funding !== undefined && { funding: p.funding }),
  });
}
