/** Starting a portfolio backtest job: the mode resolved and checked, then the single-backtest job with the portfolio step. */
import type { PortfolioParameters } from '../../domain/config/config-file.js';
import { resolvePortfolioMode, type PortfolioModeOverrides } from '../../domain/config/portfolio-mode-config.js';
import type { PortfolioBacktestResult } from '../../orchestration/run-portfolio-backtest.js';
import { configIssuesError } from '../config/load-config.js';
import { parseSymbolList } from './market-data.js';
import { portfolioStep } from './portfolio-job.js';
import { runPortfolioOptimizationJob, type PortfolioOptimizationJob } from './portfolio-optimization-job.js';
import { UsageError } from '../../base/errors.js';
import { runSingleJob, type SingleBacktestOutput, type SingleJob } from './single-backtest-job.js';

/** Runs `job` with the portfolio mode from `pp` and `cli`; `source` names where bad settings came from. */
export async function runPortfolioJob<P extends object>(job: SingleJob<P>, pp: PortfolioParameters | undefined, cli: PortfolioModeOverrides,
  symbols: string | readonly string[], source: string): Promise<SingleBacktestOutput> {
  const m = resolvePortfolioMode(pp, cli, parseSymbolList(symbols), job.portfolio.initCash);
  if (!m.ok) throw configIssuesError(source, m.issues);
  let result: PortfolioBacktestResult | undefined;
  const out = await runSingleJob({ ...job, afterSymbols: portfolioStep(job.strategy, job.params, m.value.mode, m.value.notes, (r) => { result = r; }, job.portfolio) });
  return { ...out, portfolio: result };
}

/** `--optimize --portfolio`: the mode resolved and checked (weights are refused), then the portfolio optimization job. */
export async function runPortfolioOptimization<P extends object>(job: Omit<PortfolioOptimizationJob<P>, 'mode' | 'notes'>, pp: PortfolioParameters | undefined,
  cli: PortfolioModeOverrides, symbols: string | readonly string[], source: string): Promise<{ outputDir: string; best: Record<string, unknown> | null }> {
  if ((job as { queue?: unknown }).queue !== undefined) {
    // Its chunks would need every symbol's frame and the account mode in one context; not built yet.
    throw new UsageError('--queue does not run portfolio optimizations (--portfolio: one account over several symbols) yet.', {
      hint: 'Run it without --queue (it uses every core of this machine), or optimize each symbol on the workers with --optimize --queue without --portfolio.',
    });
  }
  const m = resolvePortfolioMode(pp, cli, parseSymbolList(symbols), job.portfolio.initCash);
  if (!m.ok) throw configIssuesError(source, m.issues);
  if (m.value.mode.allocation) {
    throw new UsageError('--optimize with target weights is not supported: the weights do not depend on the strategy parameters (except with --gate-by-signal).', {
      hint: 'Optimize with --portfolio and stakes, or run the weights without --optimize.',
    });
  }
  return runPortfolioOptimizationJob({ ...job, mode: m.value.mode, notes: m.value.notes });
}
