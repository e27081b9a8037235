import { STRATEGY_SECTIONS, type ConfigFile, type StrategySection } from '../config/config-file.js';
import type { PortfolioSpec } from '../portfolio/spec.js';
import type { StrategyDefinition } from '../strategies/strategy.js';
import { splitLeverage } from './param-space.js';

/** Where the DMA-ATR-Trend keys live in the guide's config layout (other keys go to technical_parameters). */
const DEFAULT_SECTION: Readonly<Record<string, StrategySection>> = {
  sl_atr_multiplier: 'risk_management', tp_atr_multiplier: 'risk_management', sl_stop: 'risk_management', tp_stop: 'risk_management',
  use_adx: 'trend_confirmation', adx_period: 'trend_confirmation', adx_threshold: 'trend_confirmation',
  clean_signals: 'signal_processing', min_signal_gap: 'signal_processing', signal_confirmation_bars: 'signal_processing',
};

export interface BestParamsMeta {
  /** e.g. "Best of 1,200 combinations by sharpe_ratio (grid search) on BTC/USDT 1h". */
  readonly description: string;
  /** Where each key came from in the source config (`risk_management.sl_atr_multiplier`), to keep its section. */
  readonly keyPaths?: Readonly<Record<string, string>>;
  /** The `strategy` entry: the registry id by default; a strategy file's path so a rerun finds the file. */
  readonly strategyRef?: string;
}

/**
 * The best parameter set as a config file (`best_params.json`): every strategy parameter (the
 * defaults included, so a rerun does not depend on later default changes) in the section it came
 * from, and the complete portfolio settings. `--config best_params.json` reruns exactly this
 * backtest (on the same data, market and command-line settings); it has no optimization_ranges.
 */
export function bestParamsConfig(
  def: StrategyDefinition<any>, params: Readonly<Record<string, unknown>>, portfolio: PortfolioSpec, meta: BestParamsMeta,
): ConfigFile {
  const sections: Partial<Record<StrategySection, Record<string, number | string | boolean>>> = {};
  const { params: strategyParams, leverage } = splitLeverage(params);
  if (leverage !== undefined) portfolio = { ...portfolio, leverage };
  for (const [key, value] of Object.entries(strategyParams)) {
    if (!(typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')) continue;
    const from = meta.keyPaths?.[key]?.split('.')[0];
    const section = (STRATEGY_SECTIONS as readonly string[]).includes(from ?? '') ? (from as StrategySection) : DEFAULT_SECTION[key] ?? 'technical_parameters';
    (sections[section] ??= {})[key] = value;
  }
  const ordered: Partial<Record<StrategySection, Record<string, number | string | boolean>>> = {};
  for (const s of STRATEGY_SECTIONS) if (sections[s]) ordered[s] = sections[s];
  return {
    strategy_name: def.name,
    strategy_class: def.className,
    strategy: meta.strategyRef ?? def.id,
    description: meta.description,
    ...ordered,
    portfolio_parameters: {
      init_cash: portfolio.initCash,
      fees: portfolio.fees,
      slippage: portfolio.slippage,
      execution: portfolio.execution,
      stop_slippage: portfolio.stopSlippage,
      days_per_year: portfolio.daysPerYear,
      ...(portfolio.calendar !== undefined && { calendar: portfolio.calendar }),
      ...(portfolio.periodsPerYear !== undefined && { periods_per_year: portfolio.periodsPerYear }),
      max_position_size: portfolio.maxPositionSize,
      risk_per_trade: portfolio.riskPerTrade,
      ...(portfolio.maxBarsInTrade !== undefined && { max_bars_in_trade: portfolio.maxBarsInTrade }),
      ...(portfolio.trailingStop !== undefined && { trailing_stop: portfolio.trailingStop }),
      ...(portfolio.trailingActivation !== undefined && { trailing_activation: portfolio.trailingActivation }),
      ...(portfolio.entryOrder !== undefined && { entry_order: portfolio.entryOrder }),
      ...(portfolio.entryExpiryBars !== undefined && { entry_expiry_bars: portfolio.entryExpiryBars }),
      ...(portfolio.finalizeTrades !== undefined && { finalize_trades: portfolio.finalizeTrades }),
      ...(portfolio.sizeType !== undefined && { size_type: portfolio.sizeType }),
      ...(portfolio.size !== undefined && { size: portfolio.size }),
      ...(portfolio.sizeGranularity !== undefined && { size_granularity: portfolio.sizeGranularity }),
      ...(portfolio.minSize !== undefined && { min_size: portfolio.minSize }),
      ...(portfolio.minNotional !== undefined && { min_notional: portfolio.minNotional }),
      ...(portfolio.accumulate !== undefined && { accumulate: portfolio.accumulate }),
      ...(portfolio.maxEntries !== undefined && { max_entries: portfolio.maxEntries }),
      ...(portfolio.leverage !== undefined && { leverage: portfolio.leverage }),
      ...(portfolio.maintenanceMarginRate !== undefined && { maintenance_margin_rate: portfolio.maintenanceMarginRate }),
      ...(portfolio.liquidationFee !== undefined && { liquidation_fee: portfolio.liquidationFee }),
      ...(portfolio.funding !== undefined && { funding: portfolio.funding }),
    },
  };
}
