/** The config the guide names as `--config`'s default (its own file so `--help` loads no config code). */
export const DEFAULT_CONFIG_NAME = 'dma_atr_trend_params.json';
