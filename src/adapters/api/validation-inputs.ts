import type { ConfigFile, PortfolioParameters } from '../../domain/config/config-file.js';
import { resolveConfig } from '../../domain/config/resolve-config.js';
import { gridWarmup } from '../../domain/strategies/warmup-bars.js';
import type { QualityAction } from '../../domain/frame/quality-types.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import type { StrategySource } from '../../orchestration/optimize/job.js';
import type { LoadedFrame } from '../../orchestration/ports.js';
import { UsageError } from '../../base/errors.js';
import { configIssuesError, DEFAULT_CONFIG_NAME, findConfigPath, loadConfigFile } from '../config/load-config.js';
import { looksLikeStrategyFile, resolveStrategy } from '../strategy/resolve-strategy.js';
import { strategySource } from './backtest-runner.js';
import { createDataSource } from './data-sources.js';
import { loadMarketData, parseSymbolList, type MarketData } from './market-data.js';
import { marginRequest } from './market-margin.js';
import type { RunObserver } from './observer.js';

/** The data and strategy settings every validation command shares with the main command. */
export interface ValidationInputOptions {
  readonly symbols: string;
  readonly timeframe: string;
  readonly start?: string;
  readonly end?: string;
  readonly exchange: string;
  readonly market: 'spot' | 'swap';
  readonly dataDir?: string;
  readonly cacheDir?: string;
  readonly cache?: boolean;
  readonly resample?: boolean;
  readonly onBadData?: QualityAction;
  /** Config file; '' = the strategy's defaults (a strategy file without --config). */
  readonly config: string;
  /** Strategy id or file; undefined = the config's. */
  readonly strategy?: string;
  readonly params?: Readonly<Record<string, string | number | boolean>>;
  readonly portfolio?: Readonly<PortfolioParameters>;
  /** Load the warm-up history before --start (default: the config's `portfolio_parameters.warmup`, else true). */
  readonly warmup?: boolean;
}

/** What a validation run works on: one symbol's bars, the strategy, base parameters, ranges and portfolio. */
export interface ValidationInputs {
  readonly def: StrategyDefinition<any>;
  readonly source: StrategySource;
  readonly strategyRef?: string;
  readonly params: Record<string, unknown>;
  readonly ranges: Readonly<Record<string, unknown>> | undefined;
  readonly portfolio: PortfolioSpec;
  readonly configPath: string;
  readonly symbol: string;
  /** Loads the bars (inside the job, so loading is logged with the run). */
  readonly load: (o: RunObserver) => Promise<{ data: MarketData; loaded: LoadedFrame }>;
}

/** Resolves config, strategy and portfolio (no data yet): every problem is reported before any work. */
export async function resolveValidationInputs(o: ValidationInputOptions): Promise<ValidationInputs> {
  const symbols = parseSymbolList(o.symbols);
  if (symbols.length !== 1) throw new UsageError(`Validation runs on one symbol; got ${symbols.length} (${symbols.join(', ')}).`, { hint: 'Run the command once per symbol.' });
  const path = o.config ? findConfigPath(o.config) : '(strategy defaults)';
  const file: ConfigFile = o.config ? await loadConfigFile(path) : {};
  const ref = o.strategy ?? file.strategy ?? file.strategy_class ?? 'dma_atr_trend';
  const def = await resolveStrategy(ref);
  const r = resolveConfig(file, def, { params: o.params ?? {}, portfolio: o.portfolio ?? {}, market: o.market });
  if (!r.ok) throw configIssuesError(path, r.issues);
  const s = strategySource(ref, def);
  const source = createDataSource({
    exchange: o.exchange, market: o.market, dataDir: o.dataDir, cacheDir: o.cacheDir, onBadData: o.onBadData,
    useCache: o.cache ?? true, preferResampling: o.resample ?? true,
  });
  return {
    def, source: s.source, strategyRef: s.ref, params: r.value.params as Record<string, unknown>, ranges: r.value.optimizationRanges,
    portfolio: r.value.portfolio, configPath: path, symbol: symbols[0],
    load: async (obs) => {
      // One warm-up for every combination the validation can run (the grid's largest).
      const warmupBars = (o.warmup ?? file.portfolio_parameters?.warmup ?? true)
        ? gridWarmup(def, r.value.params, r.value.optimizationRanges ?? {}) : 0;
      const margin = marginRequest(r.value.portfolio, r.value.optimizationRanges);
      const data = await loadMarketData(source, { symbols, timeframe: o.timeframe, start: o.start, end: o.end, warmupBars,
        informativeSymbols: def.informativeSymbols?.(r.value.params), ...(margin && { margin }) }, obs);
      const loaded = data.frames.get(symbols[0]);
      if (!loaded) throw new UsageError(`No data for ${symbols[0]}: ${data.skipped.map((x) => x.reason).join('; ')}`);
      return { data, loaded };
    },
  };
}

/** Config used when none is named: the DMA config, unless a strategy file brings its own defaults. */
export { defaultConfigFor } from '../config/config-name.js';
