/**
 * Target-weight settings (`--allocation weights`, `--weights`, `--rebalance`, `--rebalance-band`,
 * `--gate-by-signal`, or the same keys in `portfolio_parameters`) → an `Allocation` or coded issues.
 * Weights that do not sum to 1 are normalised, with a note.
 */
import { fail, ok, type Issue, type Result } from '../../base/result.js';
import type { Allocation } from '../portfolio/allocation.js';
import { isTimeframe, TIMEFRAME_MS } from '../frame/timeframe.js';
import type { PortfolioParameters } from './config-file.js';

export interface AllocationOverrides {
  readonly allocation?: 'signals' | 'weights';
  readonly weights?: string;
  readonly rebalance?: string;
  readonly rebalanceBand?: number;
  readonly gateBySignal?: boolean;
}

/** Parses "BTC/USDT=0.6,ETH/USDT=0.4" into symbol → weight; malformed items are issues. */
export function parseWeights(raw: string | Readonly<Record<string, number>>, path: string): Result<Record<string, number>> {
  if (typeof raw !== 'string') return ok({ ...raw });
  const out: Record<string, number> = {};
  const issues: Issue[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = item.lastIndexOf('=');
    const v = eq > 0 ? Number(item.slice(eq + 1)) : NaN;
    if (eq <= 0 || item.slice(eq + 1).trim() === '' || !Number.isFinite(v)) {
      issues.push({ code: 'invalid_weights', path, message: `"${item}" is not SYMBOL=weight (e.g. BTC/USDT=0.6)` });
      continue;
    }
    out[item.slice(0, eq).trim().toUpperCase()] = v;
  }
  return issues.length ? fail(issues) : ok(out);
}

/** The allocation for the listed `symbols`, or undefined for the default (signals) style. */
export function resolveAllocation(pp: PortfolioParameters | undefined, cli: AllocationOverrides, symbols: readonly string[]): Result<{ allocation?: Allocation; notes: string[] }> {
  const style = cli.allocation ?? pp?.allocation ?? (cli.weights !== undefined ? 'weights' : 'signals');
  if (style !== 'weights') return ok({ notes: [] });
  const issues: Issue[] = [];
  const notes: string[] = [];
  const wPath = cli.weights !== undefined ? '--weights' : 'portfolio_parameters.weights';
  const raw = cli.weights ?? pp?.weights;
  if (raw === undefined) return fail([{ code: 'missing_weights', path: '--weights', message: 'target weights are needed with --allocation weights, e.g. --weights "BTC/USDT=0.6,ETH/USDT=0.4"' }]);
  const parsed = parseWeights(raw, wPath);
  if (!parsed.ok) return fail(parsed.issues);
  const w = parsed.value;
  for (const [sym, v] of Object.entries(w)) {
    if (!symbols.includes(sym)) issues.push({ code: 'unknown_symbol', path: wPath, message: `${sym} is not one of the symbols (${symbols.join(', ')})` });
    if (!(v >= 0 && v < Infinity)) issues.push({ code: 'invalid_weight', path: wPath, message: `${sym}: a weight must be 0 or positive (long only), got ${v}` });
  }
  const sum = Object.values(w).reduce((a, b) => a + b, 0);
  if (issues.length === 0 && !(sum > 0)) issues.push({ code: 'invalid_weights', path: wPath, message: 'the weights sum to 0: nothing would be held' });
  const rPath = cli.rebalance !== undefined ? '--rebalance' : 'portfolio_parameters.rebalance';
  const rb = cli.rebalance ?? pp?.rebalance;
  if (rb !== undefined && !isTimeframe(rb)) issues.push({ code: 'invalid_period', path: rPath, message: `must be a period like 1d or 1w (${Object.keys(TIMEFRAME_MS).join(', ')}), got "${rb}"` });
  const band = cli.rebalanceBand ?? pp?.rebalance_band ?? 0;
  if (!(band >= 0 && band < 1)) issues.push({ code: 'invalid_band', path: cli.rebalanceBand !== undefined ? '--rebalance-band' : 'portfolio_parameters.rebalance_band', message: `must lie in [0, 1) (0.05 = 5 percentage points), got ${band}` });
  if (issues.length) return fail(issues);
  const weights: Record<string, number> = {};
  if (Math.abs(sum - 1) > 1e-9) notes.push(`The weights sum to ${sum}, not 1: normalised to ${symbols.map((s) => `${s}=${((w[s] ?? 0) / sum).toFixed(4)}`).join(', ')}.`);
  for (const s of symbols) weights[s] = (w[s] ?? 0) / sum;
  const unnamed = symbols.filter((s) => !(s in w));
  if (unnamed.length) notes.push(`No weight for ${unnamed.join(', ')}: held at 0.`);
  if (rb === undefined && band === 0) notes.push('No --rebalance period and no --rebalance-band: the weights are set once, at the first bar, then drift.');
  return ok({ allocation: { weights, rebalanceMs: rb === undefined ? null : TIMEFRAME_MS[rb as keyof typeof TIMEFRAME_MS], band, gated: cli.gateBySignal ?? pp?.gate_by_signal ?? false }, notes });
}
