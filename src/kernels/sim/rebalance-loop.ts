/**
 * Target-weight allocation over one account (DESIGN.md §3b, docs/semantics.md "Target weights"):
 * on rebalancing bars every symbol with a bar is traded to `target × equity / price`; sells fill
 * before buys, buys in column order, the last ones capped by the cash left. Long only. No
 * allocation inside the bar loop, no exceptions.
 */
import type { OrderRecords } from './records.js';

export interface RebalanceSpec {
  readonly initCash: number;
  readonly fees: number;
  readonly slippage: number;
  /** Rebalance when a symbol's weight is more than this away from its target (0 or NaN: off). */
  readonly band: number;
  /** Orders below this value (rounding dust) are not placed. */
  readonly minOrder: number;
}

/** Per column on the union index (length N): the fill price (NaN where the symbol has no bar), the close, the target weight. */
export interface RebalanceInputs {
  readonly price: readonly Float64Array[];
  readonly close: readonly Float64Array[];
  /** Target weight in [0, 1] per bar (the gate already applied); read on rebalancing bars. */
  readonly target: readonly Float64Array[];
  /** 1 on the bars a scheduled rebalance (or a gate change) happens. */
  readonly scheduled: Uint8Array;
}

export interface RebalanceBuffers {
  readonly equity: Float64Array;
  readonly cash: Float64Array;
  readonly values: readonly Float64Array[];
  readonly units: readonly Float64Array[];
  /** Capacity: (columns × rebalancing bars) at most; a run stops placing orders when full. */
  readonly orders: OrderRecords;
  readonly orderColumn: Int32Array;
  readonly openPositions: Int32Array;
}

/** Runs the allocation; returns the number of rebalances. */
export function rebalanceLoop(inp: RebalanceInputs, spec: RebalanceSpec, out: RebalanceBuffers): number {
  const m = inp.price.length;
  const n = m === 0 ? 0 : inp.price[0].length;
  const units = new Float64Array(m);
  const last = new Float64Array(m).fill(NaN);
  const desired = new Float64Array(m);
  const o = out.orders;
  o.count = 0;
  let cash = spec.initCash;
  let rebalances = 0;
  for (let t = 0; t < n; t++) {
    let eq = cash;
    for (let c = 0; c < m; c++) {
      const p = inp.price[c][t];
      if (units[c] !== 0) eq += units[c] * (p === p ? p : last[c]);
    }
    let go = inp.scheduled[t] === 1;
    if (!go && spec.band > 0 && eq > 0) {
      for (let c = 0; c < m && !go; c++) {
        const p = inp.price[c][t];
        if (p === p && Math.abs((units[c] * p) / eq - inp.target[c][t]) > spec.band) go = true;
      }
    }
    if (go && eq > 0) {
      rebalances++;
      for (let c = 0; c < m; c++) {
        const p = inp.price[c][t];
        desired[c] = p === p ? (inp.target[c][t] * eq) / p : units[c];
      }
      // Sells first: they release the cash the buys spend.
      for (let c = 0; c < m; c++) {
        const du = desired[c] - units[c];
        if (!(du < 0) || -du * inp.price[c][t] < spec.minOrder) continue;
        const px = inp.price[c][t] * (1 - spec.slippage);
        const fee = spec.fees * -du * px;
        cash += -du * px - fee;
        units[c] = desired[c];
        if (o.count < o.price.length) record(out, t, c, -1, px, -du, fee);
      }
      for (let c = 0; c < m; c++) {
        let du = desired[c] - units[c];
        if (!(du > 0) || du * inp.price[c][t] < spec.minOrder) continue;
        const px = inp.price[c][t] * (1 + spec.slippage);
        const unitCost = px * (1 + spec.fees);
        if (du * unitCost > cash) du = cash / unitCost;
        if (!(du * px >= spec.minOrder)) continue;
        const fee = spec.fees * du * px;
        cash -= du * px + fee;
        units[c] += du;
        if (o.count < o.price.length) record(out, t, c, 1, px, du, fee);
      }
    }
    let value = cash;
    let open = 0;
    for (let c = 0; c < m; c++) {
      const cl = inp.close[c][t];
      if (cl === cl) last[c] = cl;
      const v = units[c] === 0 ? 0 : units[c] * last[c];
      value += v;
      out.values[c][t] = v;
      out.units[c][t] = units[c];
      if (units[c] !== 0) open++;
    }
    out.equity[t] = value;
    out.cash[t] = cash;
    out.openPositions[t] = open;
  }
  return rebalances;
}

function record(out: RebalanceBuffers, t: number, c: number, side: number, price: number, u: number, fee: number): void {
  const o = out.orders;
  const k = o.count++;
  o.barIndex[k] = t;
  o.side[k] = side;
  o.price[k] = price;
  o.units[k] = u;
  o.fee[k] = fee;
  out.orderColumn[k] = c;
}
