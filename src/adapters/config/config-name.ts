import { looksLikeStrategyFile } from '../strategy/strategy-file-name.js';

/** The config the guide names as `--config`'s default (its own file so `--help` loads no config code). */
export const DEFAULT_CONFIG_NAME = 'dma_atr_trend_params.json';

/** The config a validation command reads: the one given, else none for a strategy file, else the default. */
export function defaultConfigFor(strategy: string | undefined, config: string | undefined): string {
  if (config !== undefined) return config;
  return strategy && looksLikeStrategyFile(strategy) ? '' : DEFAULT_CONFIG_NAME;
}
