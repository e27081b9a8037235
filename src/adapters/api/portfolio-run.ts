/** Starting a portfolio backtest job: the mode resolved and checked, then the single-backtest job with the portfolio step. */
import type { PortfolioParameters } from '../../domain/config/config-file.js';
import { resolvePortfolioMode, type PortfolioModeOverrides } from '../../domain/config/portfolio-mode-config.js';
import type { PortfolioBacktestResult } from '../../orchestration/run-portfolio-backtest.js';
import { configIssuesError } from '../config/load-config.js';
import { parseSymbolList } from './market-data.js';
import { portfolioStep } from './portfolio-job.js';
import { runSingleJob, type SingleBacktestOutput, type SingleJob } from './single-backtest-job.js';

/** Runs `job` with the portfolio mode from `pp` and `cli`; `source` names where bad settings came from. */
export async function runPortfolioJob<P extends object>(job: SingleJob<P>, pp: PortfolioParameters | undefined, cli: PortfolioModeOverrides,
  symbols: string | readonly string[], source: string): Promise<SingleBacktestOutput> {
  const m = resolvePortfolioMode(pp, cli, parseSymbolList(symbols), job.portfolio.initCash);
  if (!m.ok) throw configIssuesError(source, m.issues);
  let result: PortfolioBacktestResult | undefined;
  const out = await runSingleJob({ ...job, afterSymbols: portfolioStep(job.strategy, job.params, m.value.mode, m.value.notes, (r) => { result = r; }) });
  return { ...out, portfolio: result };
}
