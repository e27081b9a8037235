/**
 * Portfolio semantics around the fill loop (DESIGN.md §3, docs/semantics.md "Execution"): maps a
 * `PortfolioSpec` and a strategy's `Signals` onto the numeric kernel and returns full records.
 */
import { StrategyError } from '../../base/errors.js';
import { allocSimBuffers } from '../../kernels/sim/buffers.js';
import { fillLoop } from '../../kernels/sim/fill-loop.js';
import { countEntryBars } from '../../kernels/sim/entry-count.js';
import { expandSteps, type SimSteps } from '../../kernels/sim/steps.js';
import type { SimulationResult } from '../../kernels/sim/records.js';
import { ENTRY_LIMIT, ENTRY_MARKET, ENTRY_STOP, EXEC_CLOSE, EXEC_NEXT_OPEN, SIM_CAPACITY, SIM_OK, type SimBuffers, type SimInputs, type SimSpec } from '../../kernels/sim/sim-spec.js';
import type { Signals } from '../strategies/strategy.js';
import { scaledStopsOf, type ScaledStops } from '../strategies/scaled-stops.js';
import { DEFAULT_MMR } from '../../kernels/sim/margin.js';
import { SIZE_TYPES, type PortfolioSpec } from './spec.js';
import { maintenanceTiersOf } from './leverage-tiers.js';

/** The price columns the simulator reads (an `OhlcvFrame` fits). */
export interface PriceColumns {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** Funding rate charged at each bar's open (swap runs with funding; docs/futures.md). */
  readonly funding?: Float64Array;
}

/** The kernel's numeric spec for a portfolio and a strategy's fractional stops (NaN/0 = off). */
export function toSimSpec(spec: PortfolioSpec, signals: Pick<Signals, 'slFraction' | 'tpFraction' | 'entryOrder' | 'entryLevel'>): SimSpec {
  const orders = orderSpec(spec, signals);
  // Isolated margin only on swap with a leverage given (docs/futures.md); spot stays unlevered.
  if (spec.market !== 'swap' || spec.leverage === undefined) return orders;
  // The config's maintenance_margin_rate wins; else the exchange's tiers by notional; else the default.
  const tiers = maintenanceTiersOf(spec);
  return {
    ...orders, leverage: spec.leverage, maintenanceMarginRate: spec.maintenanceMarginRate ?? DEFAULT_MMR, liquidationFee: spec.liquidationFee ?? 0,
    ...(tiers && { maintenanceTiers: tiers }),
  };
}

function orderSpec(spec: PortfolioSpec, signals: Pick<Signals, 'slFraction' | 'tpFraction' | 'entryOrder' | 'entryLevel'>): SimSpec {
  const base = {
    initCash: spec.initCash,
    fees: spec.fees,
    slippage: spec.slippage,
    execution: spec.execution === 'close' ? EXEC_CLOSE : EXEC_NEXT_OPEN,
    allowShort: spec.market === 'swap',
    maxPositionSize: spec.maxPositionSize,
    riskPerTrade: spec.riskPerTrade,
    slFraction: signals.slFraction > 0 ? signals.slFraction : 0,
    tpFraction: signals.tpFraction > 0 ? signals.tpFraction : 0,
    stopSlippage: spec.stopSlippage,
  };
  // Order features only when used, so a plain run's spec is exactly as before.
  if (spec.maxBarsInTrade === undefined && spec.trailingStop === undefined && spec.trailingActivation === undefined
    && spec.entryOrder === undefined && signals.entryOrder === undefined && signals.entryLevel == null && spec.entryExpiryBars === undefined && spec.finalizeTrades === undefined
    && spec.sizeType === undefined && spec.sizeGranularity === undefined && spec.minSize === undefined && spec.minNotional === undefined
    && spec.accumulate !== true) {
    return base;
  }
  const type = signals.entryOrder ?? spec.entryOrder ?? 'limit';
  return {
    ...base,
    maxBarsInTrade: spec.maxBarsInTrade ?? 0,
    trailFraction: spec.trailingStop ?? 0,
    trailActivation: spec.trailingActivation ?? 0,
    entryType: type === 'limit' ? ENTRY_LIMIT : type === 'stop' ? ENTRY_STOP : ENTRY_MARKET,
    entryExpiryBars: spec.entryExpiryBars ?? 1,
    finalizeTrades: spec.finalizeTrades ?? false,
    // SIZE_TYPES is in the kernel's code order (all_in = 0, ...).
    sizeType: Math.max(0, SIZE_TYPES.indexOf(spec.sizeType ?? 'all_in')),
    size: spec.size ?? 0,
    sizeGranularity: spec.sizeGranularity ?? 0,
    minSize: spec.minSize ?? 0,
    minNotional: spec.minNotional ?? 0,
    maxEntries: spec.accumulate === true ? spec.maxEntries ?? Infinity : 1,
  };
}

/**
 * The kernel's inputs for prices and signals (no copies). The prices' funding column is used on a
 * swap `portfolio` unless `funding` is false (without a portfolio: whenever present). Scaled stops
 * (a strategy's `m × ATR`, scaled-stops.ts) are passed as the series and its multipliers, without
 * making the arrays; otherwise the signals' arrays with multipliers 1.
 */
export function toSimInputs(prices: PriceColumns, signals: Signals, portfolio?: PortfolioSpec): SimInputs {
  const funding = portfolio !== undefined && (portfolio.market !== 'swap' || portfolio.funding === false) ? null : prices.funding ?? null;
  return new SimInputColumns(prices, signals, scaledStopsOf(signals), funding);
}

/**
 * One shape for the inputs of every run, every field assigned in one order (`declare`d: no
 * class-field definition sets them to undefined first): the search's runs (array stops) and a
 * backtest's (scaled stops) then share one V8 map and the fill loop's optimized code serves both.
 */
class SimInputColumns implements SimInputs {
  declare readonly open: Float64Array;
  declare readonly high: Float64Array;
  declare readonly low: Float64Array;
  declare readonly close: Float64Array;
  declare readonly longEntries: Uint8Array;
  declare readonly longExits: Uint8Array;
  declare readonly shortEntries: Uint8Array;
  declare readonly shortExits: Uint8Array;
  declare readonly slDistance: Float64Array | null;
  declare readonly tpDistance: Float64Array | null;
  declare readonly slScale: number;
  declare readonly tpScale: number;
  declare readonly trailDistance: Float64Array | null;
  declare readonly entryLevel: Float64Array | null;
  declare readonly size: Float64Array | null;
  declare readonly exitFraction: Float64Array | null;
  declare readonly fundingRate: Float64Array | null;
  constructor(prices: PriceColumns, signals: Signals, stops: ScaledStops | undefined, funding: Float64Array | null) {
    this.open = prices.open;
    this.high = prices.high;
    this.low = prices.low;
    this.close = prices.close;
    this.longEntries = signals.longEntries;
    this.longExits = signals.longExits;
    this.shortEntries = signals.shortEntries;
    this.shortExits = signals.shortExits;
    this.slDistance = stops === undefined ? signals.slDistance : stops.sl > 0 ? stops.base : null;
    this.tpDistance = stops === undefined ? signals.tpDistance : stops.tp > 0 ? stops.base : null;
    // NaN first makes the multipliers doubles from the first run on (V8 would otherwise keep a 1 as
    // a small integer and change the field's representation, and the shape, at the first fraction).
    this.slScale = NaN;
    this.slScale = stops === undefined ? 1 : stops.sl;
    this.tpScale = NaN;
    this.tpScale = stops === undefined ? 1 : stops.tp;
    this.trailDistance = signals.trailDistance ?? null;
    this.entryLevel = signals.entryLevel ?? null;
    this.size = signals.size ?? null;
    this.exitFraction = signals.exitFraction ?? null;
    this.fundingRate = funding;
  }
}

/**
 * Simulates one symbol with full records: equity, cash and position per bar, every order and
 * every trade (the position still open at the last bar included, marked to the last close).
 * Signals must have one element per bar (the runner's `normalizeSignals` ensures it); otherwise a
 * `StrategyError` is thrown. Data conditions never throw.
 */
export function simulate(prices: PriceColumns, signals: Signals, spec: PortfolioSpec): SimulationResult {
  const n = prices.close.length;
  const inputs = toSimInputs(prices, signals, spec);
  const simSpec = toSimSpec(spec, signals);
  // Perpetual futures: cumulative funding and margin per bar, only when the run has either.
  const futures = simSpec.leverage !== undefined || inputs.fundingRate != null;
  // Every trade starts at an entry signal, so their count bounds the records (far below n).
  // Partial exits add at most one order per bar.
  const cap = Math.max(1, entryBars(signals, n));
  const partials = signals.exitFraction != null ? n : 0;
  // Without futures, cash and units change only where something fills: the kernel records them as
  // steps (at most one per order, plus bar 0) and the columns are made when first read. Futures
  // runs (funding changes cash on many bars) write the columns directly.
  const orderCapacity = 2 * cap + partials;
  const stepped = !futures;
  let buffers: SimBuffers = allocSimBuffers(n, {
    tradeCapacity: cap, orderCapacity, cash: !stepped, position: !stepped, futures, steps: stepped ? orderCapacity + 2 : 0,
  });
  let c = fillLoop(inputs, simSpec, buffers);
  if (c.status === SIM_CAPACITY || buffers.steps?.overflow === true) {
    buffers = allocSimBuffers(n, { orderCapacity: 2 * n + partials, futures });
    c = fillLoop(inputs, simSpec, buffers);
  }
  if (c.status !== SIM_OK) {
    throw new StrategyError('STRATEGY_FAILED', `Signals or prices do not have one value per bar (${n} bars).`, {
      hint: 'Return signal and stop-distance arrays with the same length as the data.',
    });
  }
  const result: SimulationResult = {
    equity: buffers.equity,
    // Without written columns these two are replaced by getters below (same place among the keys).
    cash: buffers.cash as Float64Array,
    position: buffers.position as Float64Array,
    orders: buffers.orders!,
    trades: buffers.trades,
    closedTrades: c.trades - c.openTrades,
    openTrades: c.openTrades,
    ambiguousStopBars: c.ambiguousStopBars,
    skippedEntries: c.skippedEntries,
    expiredOrders: c.expiredOrders,
    belowMinimum: c.belowMinimum,
    ...(futures && {
      futures: { leverage: simSpec.leverage ?? 1, funding: buffers.funding!, marginUsed: buffers.marginUsed!, liquidations: c.liquidations ?? 0, totalFunding: c.totalFunding ?? 0, fundingData: inputs.fundingRate != null },
    }),
  };
  if (buffers.cash === null || buffers.position === null) lazyCashColumns(result, buffers.steps!, n);
  return result;
}

/**
 * `cash` and `position` of `result` as getters that expand the steps once, on first read (the
 * properties keep their place among the keys).
 */
function lazyCashColumns(result: SimulationResult, steps: SimSteps, n: number): void {
  let made: { cash: Float64Array; position: Float64Array } | undefined;
  const columns = () => (made ??= expandSteps(steps, n));
  Object.defineProperty(result, 'cash', { enumerable: true, configurable: true, get: () => columns().cash });
  Object.defineProperty(result, 'position', { enumerable: true, configurable: true, get: () => columns().position });
}

function entryBars(s: Signals, n: number): number {
  const le = s.longEntries;
  const se = s.shortEntries;
  if (le.length !== n || se.length !== n) return n;
  return countEntryBars(le, se, n);
}
