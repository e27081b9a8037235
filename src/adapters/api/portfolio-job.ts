/**
 * The portfolio mode's part of a backtest job (DESIGN.md §3b): one account over the loaded
 * symbols, written to `portfolio/` beside the per-symbol folders, with a row in summary.csv.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../../base/errors.js';
import { formatIsoUtc } from '../../domain/frame/dates.js';
import { metricValue } from '../../domain/metrics/report-types.js';
import { coverage } from '../../domain/portfolio/coverage.js';
import { describeMode, type PortfolioMode } from '../../domain/portfolio/portfolio-mode.js';
import type { StrategyRuntime } from '../../domain/strategies/strategy.js';
import type { PortfolioSpec } from '../../domain/portfolio/spec.js';
import { runPortfolioBacktest, type PortfolioBacktestResult } from '../../orchestration/run-portfolio-backtest.js';
import { csvLine, numberCell } from '../report/csv/csv-format.js';
import { portfolioDataKind, writePortfolioCsvFiles } from '../report/portfolio/portfolio-csv.js';
import { writePortfolioPage } from '../report/portfolio/portfolio-page.js';
import { writeIndexPage } from '../report/html/index.js';
import type { AfterSymbolsContext } from './single-backtest-job.js';

/** The folder a portfolio run writes, inside the run's output folder. */
export const PORTFOLIO_DIR = 'portfolio';

/**
 * A `SingleJob.afterSymbols` hook running the portfolio on the per-symbol signals; `done` receives
 * the result (for the library's return value). `portfolio` is the job's spec before any symbol's
 * exchange limits (each symbol's limits apply to its own column); absent: the first symbol's run's.
 */
export function portfolioStep<P extends object>(strategy: StrategyRuntime<P>, params: P, mode: PortfolioMode, notes: readonly string[],
  done: (r: PortfolioBacktestResult) => void, portfolio?: PortfolioSpec): (ctx: AfterSymbolsContext) => Promise<void> {
  return async (ctx) => {
    const o = ctx.observer;
    const frames = ctx.results.map((r) => r.frame);
    const cov = coverage(frames);
    if (cov.disjoint) {
      const spans = frames.map((f) => `${f.symbol} ${f.length ? `${formatIsoUtc(f.time[0])} → ${formatIsoUtc(f.time[f.length - 1])}` : '(no bars)'}`).join('; ');
      throw new DataError('DATA_INVALID', `The symbols have no period in common, so they cannot share one account: ${spans}.`, {
        hint: 'Choose symbols and --start/--end with overlapping data, or run them as separate accounts (without --portfolio).',
      });
    }
    o.title(`Portfolio: ${frames.length} symbol(s), one account; ${describeMode(mode, frames.length)}`, '📈');
    for (const n of notes) o.note(n);
    if (cov.partial.length > 0) {
      o.warn(`Portfolio: ${cov.partial.join(', ')} do not cover the whole period; they trade only on their own bars and are valued at their last close in between.`);
    }
    const pf = portfolio ?? ctx.results[0].portfolio;
    if (mode.allocation && pf.market === 'swap' && (pf.leverage !== undefined || ctx.results.some((x) => x.sim.futures?.fundingData))) {
      o.warn('Portfolio: target weights are simulated unlevered and without funding; stakes (without weights) simulate margin, liquidation and funding in the shared account.');
    }
    const limits = frames.map((f) => ctx.data.frames.get(f.symbol)?.limits);
    const t0 = performance.now();
    const r = runPortfolioBacktest({ frames, strategy, params, portfolio: pf, mode, signals: ctx.results.map((x) => x.signals), limits });
    o.step('Portfolio simulation completed', (performance.now() - t0) / 1000);
    const dir = join(ctx.dir, PORTFOLIO_DIR);
    await mkdir(dir, { recursive: true });
    await writePortfolioCsvFiles(r, dir);
    await writePortfolioPage(r, dir, { href: '../index.html', label: 'Run' });
    await writeIndexPage(dir, { ...ctx.run.info, title: `Portfolio: ${r.symbols.join(', ')} ${r.timeframe}`,
      notes: [...(ctx.run.info.notes ?? []), `One account; ${describeMode(mode, r.symbols.length)}.`, ...notes] },
    { up: { href: '../index.html', label: 'Run' } });
    if (ctx.results.length > 1) {
      await appendFile(join(ctx.dir, 'summary.csv'), csvLine([PORTFOLIO_DIR, ...Array.from(r.metrics.values, numberCell), String(r.sim.time.length), portfolioDataKind(r)]));
    }
    for (const w of r.warnings) o.warn(`Portfolio: ${w}`);
    const fut = r.futures;
    const m = (k: Parameters<typeof metricValue>[1]) => metricValue(r.metrics, k);
    const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : 'n/a');
    o.summary('Portfolio Summary (one account)', [
      ['Total Return', pct(m('total_return'))], ['Benchmark (equal-weight hold)', pct(m('benchmark_return'))],
      ['Sharpe Ratio', Number.isFinite(m('sharpe_ratio')) ? m('sharpe_ratio').toFixed(2) : 'n/a'], ['Max Drawdown', pct(m('max_drawdown'))],
      ['Total Trades', String(m('total_trades'))], ['Final Equity', m('final_equity').toFixed(2)],
      ['Skipped Entries', String(r.contributions.reduce((a, c) => a + c.skippedEntries, 0))],
      ...(fut ? [['Total Funding', fut.totalFunding.toFixed(2)], ['Liquidations', String(fut.liquidations)],
        ['Max Leverage Used', Number.isFinite(fut.maxLeverageUsed) ? fut.maxLeverageUsed.toFixed(2) : 'n/a']] as [string, string][] : []),
    ]);
    done(r);
  };
}
