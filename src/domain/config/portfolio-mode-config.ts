/**
 * The portfolio mode's settings (DESIGN.md §3b) from `portfolio_parameters` and the command line
 * (`--portfolio`, `--stake`, `--max-open-positions`): parsed into a `PortfolioMode` or coded issues,
 * plus notes for settings that are legal but worth a word.
 */
import { fail, ok, type Issue, type Result } from '../../base/result.js';
import type { PortfolioMode, Stake } from '../portfolio/portfolio-mode.js';
import { resolveAllocation, type AllocationOverrides } from './allocation-config.js';
import type { PortfolioParameters } from './config-file.js';

/** Command-line values; they win over the config file. */
export interface PortfolioModeOverrides extends AllocationOverrides {
  readonly portfolio?: boolean;
  readonly stake?: string | number;
  readonly maxOpenPositions?: number;
}

export interface ResolvedPortfolioMode {
  /** True with `--portfolio` or `portfolio_parameters.portfolio: true`. */
  readonly enabled: boolean;
  readonly mode: PortfolioMode;
  readonly notes: readonly string[];
}

/** Parses `equal`, `25000` or `50%` (a share in (0, 100]%). */
export function parseStake(raw: string | number, path: string): Result<Stake> {
  const bad = (message: string) => fail<Stake>([{ code: 'invalid_stake', path, message }]);
  if (typeof raw === 'number') {
    return raw > 0 && Number.isFinite(raw) ? ok({ kind: 'amount', value: raw }) : bad(`must be a positive amount, "equal" or a percentage like "50%", got ${raw}`);
  }
  const s = raw.trim().toLowerCase();
  if (s === 'equal') return ok({ kind: 'equal' });
  const pct = /^([0-9]*\.?[0-9]+)\s*%$/.exec(s);
  if (pct) {
    const v = Number(pct[1]);
    return v > 0 && v <= 100 ? ok({ kind: 'percent', value: v / 100 }) : bad(`a percentage stake must lie in (0%, 100%], got "${raw}"`);
  }
  const v = s === '' ? NaN : Number(s);
  return v > 0 && Number.isFinite(v) ? ok({ kind: 'amount', value: v }) : bad(`must be a positive amount (25000), "equal" or a percentage ("50%"), got "${raw}"`);
}

/** The portfolio mode for the listed `symbolList` with initial cash `initCash`. */
export function resolvePortfolioMode(pp: PortfolioParameters | undefined, cli: PortfolioModeOverrides, symbolList: readonly string[], initCash: number): Result<ResolvedPortfolioMode> {
  const symbols = symbolList.length;
  const alloc = resolveAllocation(pp, cli, symbolList);
  const issues: Issue[] = alloc.ok ? [] : [...alloc.issues];
  const notes: string[] = alloc.ok ? [...alloc.value.notes] : [];
  const enabled = cli.portfolio ?? pp?.portfolio ?? false;
  const rawStake = cli.stake ?? pp?.stake ?? 'equal';
  const stakePath = cli.stake !== undefined ? '--stake' : 'portfolio_parameters.stake';
  const stake = parseStake(rawStake, stakePath);
  if (!stake.ok) issues.push(...stake.issues);
  const maxOpen = cli.maxOpenPositions ?? pp?.max_open_positions;
  if (maxOpen !== undefined && !(Number.isInteger(maxOpen) && maxOpen >= 1)) {
    const path = cli.maxOpenPositions !== undefined ? '--max-open-positions' : 'portfolio_parameters.max_open_positions';
    issues.push({ code: 'too_small', path, message: `must be a whole number of at least 1 (with 0 no position could ever open), got ${maxOpen}` });
  }
  if (issues.length > 0 || !stake.ok) return fail(issues);
  if (stake.value.kind === 'amount' && stake.value.value > initCash) {
    notes.push(`The stake ${stake.value.value} is more than the initial cash ${initCash}: every entry buys with all the cash left.`);
  }
  if (maxOpen !== undefined && maxOpen > symbols && enabled) {
    notes.push(`--max-open-positions ${maxOpen} is more than the ${symbols} symbol(s): at most ${symbols} position(s) can be open.`);
  }
  const allocation = alloc.ok ? alloc.value.allocation : undefined;
  return ok({ enabled: enabled || allocation !== undefined, notes, mode: {
    stake: stake.value, ...(maxOpen !== undefined && { maxOpenPositions: Math.min(maxOpen, Math.max(symbols, 1)) }), ...(allocation && { allocation }),
  } });
}
