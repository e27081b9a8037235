import type { OhlcvFrame } from '../domain/frame/frame.js';
import type { Annualization } from '../domain/frame/calendar.js';
import type { DataQualityReport } from '../domain/frame/quality-types.js';
import type { LabelledStats } from '../domain/metrics/labelled.js';
import type { MetricsReport, MonthlyReturn } from '../domain/metrics/report-types.js';
import type { TradeListRow } from '../domain/portfolio/trade-list.js';
import type { PortfolioSpec } from '../domain/portfolio/spec.js';
import type { SimulationResult } from '../domain/portfolio/records.js';
import type { IndicatorPlacement, Signals } from '../domain/strategies/strategy.js';

/** One timed step of a run, as the console's step list shows it. */
export interface StepTiming {
  readonly step: string;
  readonly seconds: number;
}

/** Everything a single backtest produced; report writers read only this. */
export interface BacktestResult {
  readonly symbol: string;
  readonly frame: OhlcvFrame;
  readonly strategy: {
    readonly id: string;
    readonly name: string;
    /** The flat, validated parameters the strategy ran with. */
    readonly params: Readonly<Record<string, unknown>>;
  };
  readonly portfolio: PortfolioSpec;
  readonly indicators: Readonly<Record<string, Float64Array>>;
  readonly indicatorPlacement: Readonly<Record<string, IndicatorPlacement>>;
  readonly signals: Signals;
  readonly sim: SimulationResult;
  /** Every metric as typed arrays (catalog order, `METRIC_INDEX`; statistics in `metrics.stats`). */
  readonly metrics: MetricsReport;
  /** The same metrics keyed by name, each with its unit, meaning and (when undefined) the reason. */
  readonly stats: LabelledStats;
  /** The trades as row objects with ISO times and the symbol (`sim.trades` keeps the columnar arrays). */
  readonly trades: readonly TradeListRow[];
  readonly monthly: readonly MonthlyReturn[];
  /** Buy-and-hold equity of the benchmark (the same symbol unless chosen) over the same bars, from initCash at the first close. */
  readonly benchmarkEquity: Float64Array;
  /** The trading calendar in force and the periods per year used to annualise. */
  readonly annualization: Annualization;
  readonly quality: DataQualityReport | null;
  readonly timings: readonly StepTiming[];
  /** Things the user should know about this run (ambiguous stop bars, skipped entries, ...). */
  readonly warnings: readonly string[];
}
