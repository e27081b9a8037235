/**
 * The one-account portfolio around its fill loop (DESIGN.md §3b, docs/semantics.md "Portfolio"):
 * lays the symbols onto one union time index, maps stakes onto the kernel, and returns the
 * account's records with a symbol (column) for every order and trade.
 */
import { StrategyError } from '../../base/errors.js';
import { portfolioFillLoop } from '../../kernels/sim/portfolio-loop.js';
import { STAKE_AMOUNT, STAKE_EQUAL, STAKE_PERCENT, type ColumnLimits, type PortfolioColumn, type PortfolioSimBuffers, type PortfolioSimSpec } from '../../kernels/sim/portfolio-spec.js';
import { allocOrders, allocTrades, type FuturesRecords, type OrderRecords, type TradeRecords } from '../../kernels/sim/records.js';
import { SIM_OK } from '../../kernels/sim/sim-spec.js';
import { countEntryBars } from '../../kernels/sim/entry-count.js';
import type { Signals } from '../strategies/strategy.js';
import type { PortfolioMode } from './portfolio-mode.js';
import { toSimSpec, type PriceColumns } from './simulate.js';
import type { PortfolioSpec } from './spec.js';
import { withOrderLimits, type OrderLimits } from './market-limits.js';
import { maintenanceTiersOf } from './leverage-tiers.js';
import { alignColumn, positionsIn, unionTimes } from './union-index.js';

/** One symbol of a portfolio: its own bars and the strategy's signals on them. */
export interface PortfolioLeg {
  readonly symbol: string;
  readonly time: Float64Array;
  readonly prices: PriceColumns;
  readonly signals: Signals;
  /** The symbol's exchange order limits (ccxt markets); the config's `size_granularity`/`min_size`/`min_notional` win. */
  readonly limits?: OrderLimits;
}

/** What a portfolio simulation produced, on the union time index. */
export interface PortfolioSimulation {
  readonly symbols: readonly string[];
  readonly time: Float64Array;
  readonly equity: Float64Array;
  readonly cash: Float64Array;
  /** Per symbol: position value (signed units × last close) and signed units after each bar. */
  readonly values: readonly Float64Array[];
  readonly units: readonly Float64Array[];
  /** Per symbol: its last close at each bar (NaN before its first bar). */
  readonly lastClose: readonly Float64Array[];
  readonly orders: OrderRecords;
  /** Symbol index of each order row. */
  readonly orderSymbol: Int32Array;
  readonly trades: TradeRecords;
  readonly tradeSymbol: Int32Array;
  readonly openPositions: Int32Array;
  /** Per symbol: entries skipped (no free slot, no cash, last bar in next_open mode). */
  readonly skipped: Int32Array;
  readonly ambiguousStopBars: Int32Array;
  readonly closedTrades: number;
  readonly openTrades: number;
  /** Each symbol's bar index → union index. */
  readonly positions: readonly Int32Array[];
  /** Per symbol: entries skipped below the exchange minimums (size granularity, minimum size or notional). */
  readonly belowMinimum?: Int32Array;
  /**
   * Perpetual-futures records of the account (docs/futures.md "Portfolio"): swap runs with
   * `leverage` or funding data; `funding`/`marginUsed` summed over the symbols.
   */
  readonly futures?: FuturesRecords;
  /** Per symbol: positions liquidated (futures runs; zeros otherwise). */
  readonly liquidations?: Int32Array;
}

/** The kernel's numeric spec for a portfolio. */
export function toPortfolioSimSpec(spec: PortfolioSpec, mode: PortfolioMode, signals: Signals, symbols: number): PortfolioSimSpec {
  const s = mode.stake;
  return {
    sim: toSimSpec(spec, signals),
    stakeKind: s.kind === 'amount' ? STAKE_AMOUNT : s.kind === 'percent' ? STAKE_PERCENT : STAKE_EQUAL,
    stakeValue: s.kind === 'equal' ? 0 : s.value,
    maxOpenPositions: Math.min(mode.maxOpenPositions ?? symbols, symbols),
    minBudget: spec.initCash * 1e-9,
  };
}

/**
 * Simulates the legs as one account. Legs are in listed order (entries of one bar fill in this
 * order). Signals must have one element per bar of their leg, else a `StrategyError`.
 */
export function simulatePortfolio(legs: readonly PortfolioLeg[], spec: PortfolioSpec, mode: PortfolioMode): PortfolioSimulation {
  const time = unionTimes(legs.map((l) => l.time));
  const n = time.length;
  const m = legs.length;
  const positions = legs.map((l) => positionsIn(time, l.time));
  const fundingOn = chargesFunding(spec);
  const columns = legs.map((l, i) => alignColumn(l.prices, l.signals, positions[i], n, fundingOn));
  const fundingData = columns.some((c) => c.fundingRate !== null);
  const futures = futuresAccount(spec, fundingData);
  const out = allocPortfolioSimBuffers(n, m, entrySignalCount(columns), true, futures);
  const entryOrder = Int32Array.from(legs, (_, i) => i);
  const psSpec = withColumnLimits(toPortfolioSimSpec(spec, mode, legs[0].signals, m), spec, legs);
  const r = portfolioFillLoop({ columns, entryOrder }, psSpec, out);
  if (r.status !== SIM_OK) {
    throw new StrategyError('STRATEGY_FAILED', `Signals or prices of a portfolio symbol do not have one value per bar.`, {
      hint: 'Return signal and stop-distance arrays with the same length as the data.',
    });
  }
  const lastClose = columns.map((c) => lastCloses(c.close));
  return {
    symbols: legs.map((l) => l.symbol), time, equity: out.equity, cash: out.cash, values: out.values!, units: out.units!, lastClose,
    orders: out.orders, orderSymbol: out.orderColumn, trades: out.trades, tradeSymbol: out.tradeColumn, openPositions: out.openPositions,
    skipped: out.skipped, ambiguousStopBars: out.ambiguous, closedTrades: r.trades - r.openTrades, openTrades: r.openTrades, positions,
    belowMinimum: out.belowMinimum!, liquidations: out.liquidations!,
    ...(futures && {
      futures: {
        leverage: psSpec.sim.leverage ?? 1, funding: out.funding!, marginUsed: out.marginUsed!, liquidations: r.liquidations ?? 0,
        totalFunding: r.totalFunding ?? 0, fundingData,
      },
    }),
  };
}

/** Bars with an entry signal (long or short), summed over the columns: the trade rows a run can need. */
export function entrySignalCount(columns: readonly Pick<PortfolioColumn, 'longEntries' | 'shortEntries'>[]): number {
  let entries = 0;
  for (const c of columns) {
    entries += countEntryBars(c.longEntries, c.shortEntries, c.longEntries.length);
  }
  return entries;
}

/** Funding is charged as in a single run (simulate.ts toSimInputs): swap only, unless `funding: false`. */
export function chargesFunding(spec: PortfolioSpec): boolean {
  return spec.market === 'swap' && spec.funding !== false;
}

/** Whether the account records futures columns (funding, margin): swap with a leverage, or funding data. */
export function futuresAccount(spec: PortfolioSpec, fundingData: boolean): boolean {
  return (spec.market === 'swap' && spec.leverage !== undefined) || fundingData;
}

/**
 * Buffers of the portfolio fill loop for n bars and m columns with room for `entries` trades (two
 * orders each); with `series` false the per-symbol value and unit series are not recorded, with
 * `futures` the account's funding and margin per bar are.
 */
export function allocPortfolioSimBuffers(n: number, m: number, entries: number, series: boolean, futures: boolean): PortfolioSimBuffers {
  const cap = Math.max(1, entries);
  const perSymbol = () => Array.from({ length: m }, () => new Float64Array(n));
  return {
    equity: new Float64Array(n), cash: new Float64Array(n),
    values: series ? perSymbol() : null, units: series ? perSymbol() : null,
    trades: allocTrades(cap), tradeColumn: new Int32Array(cap), orders: allocOrders(2 * cap), orderColumn: new Int32Array(2 * cap),
    skipped: new Int32Array(m), ambiguous: new Int32Array(m), openPositions: new Int32Array(n),
    belowMinimum: new Int32Array(m), liquidations: new Int32Array(m),
    funding: futures ? new Float64Array(n) : null, marginUsed: futures ? new Float64Array(n) : null,
  };
}

/** Each bar's last close so far (NaN before the first bar): how a symbol without a bar is valued. */
export function lastCloses(close: Float64Array): Float64Array {
  const n = close.length;
  const a = new Float64Array(n);
  let p = NaN;
  for (let t = 0; t < n; t++) { if (close[t] === close[t]) p = close[t]; a[t] = p; }
  return a;
}

/**
 * Each symbol's exchange limits on its column (issue 10 item 5), with the config's values winning as
 * in a single run (market-limits.ts `withOrderLimits`); the spec unchanged when no leg has limits.
 */
export function withColumnLimits(ps: PortfolioSimSpec, spec: PortfolioSpec, legs: readonly { readonly limits?: OrderLimits }[]): PortfolioSimSpec {
  const columnLimits = columnLimitsOf(spec, legs, ps.sim.leverage !== undefined);
  return columnLimits === undefined ? ps : { ...ps, columnLimits };
}

/**
 * The kernel's per-column limits of `withColumnLimits` (undefined when no leg has limits); `margin`:
 * the run has isolated margin (a leverage on swap), so each symbol's leverage tiers give its
 * maintenance rate unless the config sets `maintenance_margin_rate`. Depends on the spec only
 * through the config's limits and rate, not its leverage: the optimizer builds it once per case.
 */
export function columnLimitsOf(spec: PortfolioSpec, legs: readonly { readonly limits?: OrderLimits }[], margin: boolean): ColumnLimits[] | undefined {
  if (!legs.some((l) => l.limits !== undefined)) return undefined;
  return legs.map((l) => {
    const s = withOrderLimits(spec, l.limits);
    // Each symbol's maintenance tiers (a margin run without the config's maintenance_margin_rate).
    const tiers = margin ? maintenanceTiersOf(s) ?? null : null;
    return { sizeGranularity: s.sizeGranularity ?? 0, minSize: s.minSize ?? 0, minNotional: s.minNotional ?? 0, maintenanceTiers: tiers };
  });
}
