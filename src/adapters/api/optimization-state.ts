import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { METRIC_COUNT } from '../../domain/metrics/catalog.js';
import type { EvaluationPlan } from '../../domain/params/evaluation-plan.js';
import type { ParamSpace } from '../../domain/params/param-space.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import type { StrategySource } from '../../orchestration/optimize/job.js';
import type { SymbolOptimization } from '../../orchestration/optimize/optimize-symbol.js';

/**
 * Resume state of an interrupted optimization (docs/optimization.md "Interrupt and resume"):
 * `optimization_state.json` at the top of the output folder says what was run (a fingerprint of
 * the strategy, ranges, plan, portfolio and the bars themselves); `optimization_state.bin` in each
 * symbol's folder holds the rows finished so far, bit for bit (a CSV round trip would do too, but
 * binary needs no parsing and keeps -0 and NaN payloads as they were).
 */
export const STATE_FILE = 'optimization_state.json';
export const STATE_ROWS_FILE = 'optimization_state.bin';

export interface OptimizationState {
  readonly version: 1;
  readonly fingerprint: string;
  readonly symbols: readonly { readonly symbol: string; readonly dir: string; readonly positions: number; readonly done: number }[];
}

/** sha256 of a JSON value (objects with sorted keys, so key order does not matter). */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return `[${Array.from(v as ArrayLike<unknown>, stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return typeof v === 'number' && !Number.isFinite(v) ? JSON.stringify(String(v)) : JSON.stringify(v) ?? 'null';
}

/** What an optimization searched, for its resume fingerprint. */
export interface SearchIdentity {
  readonly source: StrategySource;
  readonly strategyId: string;
  readonly params: unknown;
  readonly space: ParamSpace<any>;
  readonly set: { readonly method: string; readonly seed: number; readonly nIter: number };
  readonly plan: EvaluationPlan;
  readonly portfolio: PortfolioSpec;
}

/**
 * The resume fingerprint of an optimization over `frames`: the strategy (a file by its path), base
 * parameters, ranges, method, seed, plan, portfolio and the bars; `extra` adds what else the run's
 * rows depend on (a portfolio optimization's stake and cap).
 */
export function optimizationFingerprint(id: SearchIdentity, frames: readonly OhlcvFrame[], extra: Readonly<Record<string, unknown>> = {}): string {
  return fingerprintOf({
    v: 1, strategy: id.source.kind === 'file' ? id.source.path : id.strategyId, base: id.params, keys: id.space.keys, values: id.space.values,
    method: id.set.method, seed: id.set.seed, nIter: id.set.nIter, plan: createHash('sha256').update(new Uint8Array(id.plan.order.buffer)).digest('hex'),
    portfolio: id.portfolio, frames: frames.map(frameFingerprint), ...extra,
  });
}

/**
 * sha256 of the bars (every column's bytes), and of the funding rates and other symbols' bars the
 * strategy reads when there are some, so a resume on changed data is refused. (Frames without
 * them keep the fingerprint they always had.)
 */
export function frameFingerprint(f: OhlcvFrame): string {
  const h = createHash('sha256').update(`${f.symbol}|${f.timeframe}|${f.length}|`);
  for (const c of [f.time, f.open, f.high, f.low, f.close, f.volume]) h.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  if (f.funding) h.update('|funding|').update(new Uint8Array(f.funding.buffer, f.funding.byteOffset, f.funding.byteLength));
  for (const [s, g] of Object.entries(f.informative ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) h.update(`|informative ${s}=${frameFingerprint(g)}`);
  return h.digest('hex');
}

/** "OPT2": version 2 ends with the SHA-256 of everything before it (4 float64 slots). */
const MAGIC = 0x4f505432;
const HASH_SLOTS = 4;

const sha256 = (a: Float64Array, n: number) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, n * 8)).digest();

/**
 * Writes the finished rows of one symbol: [magic, positions, count, metrics, positions…, rows…,
 * sha256] as float64, so a damaged or edited file is recognised on --resume.
 */
export async function writeSymbolState(dir: string, opt: SymbolOptimization): Promise<void> {
  const positions = opt.done.length;
  const body = 4 + opt.completed * (1 + METRIC_COUNT);
  const out = new Float64Array(body + HASH_SLOTS);
  out.set([MAGIC, positions, opt.completed, METRIC_COUNT]);
  let k = 0;
  for (let i = 0; i < positions; i++) {
    if (opt.done[i] !== 1) continue;
    out[4 + k] = i;
    out.set(opt.rows.subarray(i * METRIC_COUNT, (i + 1) * METRIC_COUNT), 4 + opt.completed + k * METRIC_COUNT);
    k++;
  }
  new Uint8Array(out.buffer, body * 8).set(sha256(out, body));
  await writeFile(join(dir, STATE_ROWS_FILE), new Uint8Array(out.buffer));
}

/**
 * Reads back one symbol's finished rows; null when the file is missing, does not fit `positions`
 * or fails its checksum (`onDamaged` hears why, so the caller can say it recomputes them).
 */
export async function readSymbolState(dir: string, positions: number, onDamaged?: (why: string) => void): Promise<{ done: Uint8Array; rows: Float64Array } | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, STATE_ROWS_FILE));
  } catch {
    return null;
  }
  const damaged = (why: string) => {
    onDamaged?.(why);
    return null;
  };
  if (bytes.byteLength % 8 !== 0 || bytes.byteLength < (4 + HASH_SLOTS) * 8) return damaged('it is truncated');
  const a = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const body = a.length - HASH_SLOTS;
  if (!Buffer.from(a.buffer, body * 8).equals(sha256(a, body))) return damaged('its checksum does not match (damaged or edited)');
  const [magic, n, count, metrics] = a;
  if (magic !== MAGIC || n !== positions || metrics !== METRIC_COUNT || body !== 4 + count * (1 + METRIC_COUNT)) return damaged('it does not fit this optimization');
  const done = new Uint8Array(positions);
  const rows = new Float64Array(positions * METRIC_COUNT).fill(NaN);
  for (let k = 0; k < count; k++) {
    const i = a[4 + k];
    if (!(Number.isInteger(i) && i >= 0 && i < positions)) return damaged('it lists a combination outside the plan');
    done[i] = 1;
    rows.set(a.subarray(4 + count + k * METRIC_COUNT, 4 + count + (k + 1) * METRIC_COUNT), i * METRIC_COUNT);
  }
  return { done, rows };
}

/** Writes the run's resume state with a checksum of its content (`readRunState` verifies it). */
export async function writeRunState(dir: string, state: OptimizationState): Promise<void> {
  await writeFile(join(dir, STATE_FILE), `${JSON.stringify({ ...state, checksum: fingerprintOf(state) }, null, 2)}\n`);
}

/** The resume state in `dir`; null when there is none, or (with `onDamaged` told why) when it fails its checksum. */
export async function readRunState(dir: string, onDamaged?: (why: string) => void): Promise<OptimizationState | null> {
  let text: string;
  try {
    text = await readFile(join(dir, STATE_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const { checksum, ...s } = JSON.parse(text) as OptimizationState & { checksum?: string };
    if (s && s.version === 1 && typeof s.fingerprint === 'string' && Array.isArray(s.symbols) && checksum === fingerprintOf(s)) return s;
  } catch {
    // fall through: damaged
  }
  onDamaged?.('it is damaged or was edited (its checksum does not match)');
  return null;
}
