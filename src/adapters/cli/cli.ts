import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { UsageError } from '../../base/errors.js';
import { DEFAULT_CONFIG_NAME } from '../config/config-name.js';
import { ConsoleReporter, wantsRich } from './console-reporter.js';
import { ProgressBar } from './progress-bar.js';
import { exitCodeFor, formatError } from './errors.js';
import { buildProgram, type MainOptions } from './program.js';
import { registerSubcommands } from './subcommands.js';
import { installSignalCleanup } from '../output/signal-cleanup.js';
import { queueSettings } from './queue-settings.js';
import { setStrategyTimeout } from '../strategy/strategy-limits.js';
import { redactRedisUrl } from '../pool/queue/redis-url.js';

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram(packageVersion()).exitOverride();
  let debug = argv.includes('--debug');
  let rich = wantsRich(argv.includes('--no-rich'));
  registerSubcommands(program, () => ({ rich, debug }), argv);
  // --strategy-timeout (main command and validation subcommands): process-wide, set before any run.
  program.hook('preAction', (_root, cmd) => {
    // Ctrl-C of a validation run: remove its staging folder and lock, exit 130 (as a backtest does).
    if (['walk-forward', 'cscv', 'check-lookahead', 'montecarlo'].includes(cmd.name())) installSignalCleanup();
    const t = (cmd.opts() as { strategyTimeout?: number }).strategyTimeout;
    if (t === undefined) return;
    if (t < 0) throw new UsageError(`--strategy-timeout takes seconds >= 0 (0 = no limit), got ${t}.`);
    setStrategyTimeout(t);
  });
  program.action(async (opts: MainOptions) => {
    debug = opts.debug;
    if (!opts.symbols) {
      throw new UsageError('--symbols is required.', { hint: 'Pass the symbols to test, e.g. --symbols "BTC/USDT" (comma-separated for several); see backtester --help.' });
    }
    rich = wantsRich(!opts.rich);
    if (opts.objective !== undefined && program.getOptionValueSource('metric') === 'cli') {
      throw new UsageError('--objective and --metric both set the optimization target.', { hint: 'Keep one: --objective FILE ranks by your score, --metric by one catalog metric.' });
    }
    // Loaded here, not at the top: `--help`, `--version` and the subcommands never need the engine.
    const [{ BacktestRunner }, { looksLikeStrategyFile }] = await Promise.all([
      import('../api/backtest-runner.js'), import('../strategy/resolve-strategy.js'),
    ]);
    const reporter = new ConsoleReporter({ rich, debug, out: process.stdout, err: process.stderr });
    const runner = new BacktestRunner({
      exchange: opts.exchange, market: opts.market, dataDir: opts.dataDir, cacheDir: opts.cacheDir,
      onBadData: opts.onBadData, observer: reporter, debug,
    });
    // A strategy file brings its own defaults: the DMA config applies only when asked for.
    const explicitConfig = program.getOptionValueSource('config') !== 'default';
    const config = looksLikeStrategyFile(opts.strategy) && !explicitConfig ? '' : opts.config;
    const explicitStrategy = program.getOptionValueSource('strategy') !== 'default';
    installSignalCleanup();
    const result = await runner.runFromConfig(config || DEFAULT_CONFIG_NAME, opts.symbols, opts.timeframe, opts.start, opts.end, opts.optimize,
      opts.metric, opts.output, {
        strategy: explicitStrategy || !config ? opts.strategy : undefined,
        ignoreConfig: !config,
        ...(opts.benchmark !== undefined && { benchmark: opts.benchmark }),
        ...(opts.range !== undefined && { ranges: opts.range }),
        useCache: opts.cache,
        preferResampling: opts.resample,
        ...(opts.warmup === false && { warmup: false }),
        overrides: {
          params: opts.param ?? {},
          portfolio: {
            ...opts.portfolioParam,
            ...(opts.initCash !== undefined && { init_cash: opts.initCash }),
            ...(opts.fees !== undefined && { fees: opts.fees }),
            ...(opts.leverage !== undefined && { leverage: opts.leverage }),
            ...(opts.slippage !== undefined && { slippage: opts.slippage }),
            ...(opts.execution !== undefined && { execution: opts.execution }),
            ...(opts.calendar !== undefined && { calendar: opts.calendar }),
            ...(opts.periodsPerYear !== undefined && { periods_per_year: opts.periodsPerYear }),
          },
        },
        optimization: {
          method: opts.method, nIter: opts.nIter, seed: opts.seed, workers: opts.workers, resume: opts.resume,
          maxCombinations: opts.maxCombinations, minTrades: opts.minTrades, objective: opts.objective, progress: new ProgressBar(), handleSignals: true,
          queue: queueSettings(opts),
        },
        ...((opts.portfolio || opts.stake !== undefined || opts.maxOpenPositions !== undefined || opts.allocation !== undefined || opts.weights !== undefined) && {
          portfolio: {
            portfolio: opts.portfolio, stake: opts.stake, maxOpenPositions: opts.maxOpenPositions, allocation: opts.allocation, weights: opts.weights,
            rebalance: opts.rebalance, rebalanceBand: opts.rebalanceBand, gateBySignal: opts.gateBySignal,
          },
        }),
        // Passwords in Redis URLs never reach run.json, the log or the pages.
        settings: { command: redactRedisUrl(['backtester', ...argv].join(' ')) },
        singleFile: opts.singleFile,
      });
    if (opts.monteCarlo && 'symbolDirs' in result) {
      const { runMonteCarloJob } = await import('../api/montecarlo-job.js');
      for (const dir of Object.values(result.symbolDirs)) await runMonteCarloJob({ runDir: dir, paths: opts.monteCarlo, seed: opts.seed, workers: opts.workers, observer: reporter });
    }
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed help/version or the usage error.
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(formatError(e, { debug, rich }));
    return exitCodeFor(e);
  }
}
