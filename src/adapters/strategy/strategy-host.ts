/**
 * User strategy files computed in a worker thread (issue 8, item 12). The main thread stays free
 * while a strategy runs, so Ctrl-C works even when it loops forever; a watchdog stops a call that
 * runs longer than `--strategy-timeout`; a thread that ends or fails becomes a StrategyError
 * (exit code 4). A worker thread is not a security boundary: the code still runs with the user's
 * rights (docs/strategies.md).
 */
import { Worker } from 'node:worker_threads';
import { StrategyError } from '../../base/errors.js';
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { WATCH_PHASES } from '../../orchestration/strategy-call-watch.js';
import type { StrategyOutput } from '../../orchestration/strategy-signals.js';
import { reviveError } from '../pool/chunk-task.js';
import { PHASE_LOAD, type HostReply, type HostRequest } from './strategy-host-protocol.js';
import { strategyTimeoutMs, watchdogPeriodMs } from './strategy-limits.js';
import { bundleUrl } from '../fs/bundle-location.js';

/**
 * The worker entry: from the bundle (the package's bin), the bundle's own host worker (the
 * code-cached engine, scripts/bundle.mjs); from dist, the compiled .js next to this module; from
 * sources (tests, `tsx`), a bootstrap that imports the .ts file through tsx's API (an
 * `--import tsx` hook does not reach a worker's ES module entry on Node 20).
 */
function startWorker(workerData: unknown): Worker {
  const bundle = bundleUrl();
  if (bundle) return new Worker(new URL('./strategy-host-worker.js', bundle), { workerData });
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./strategy-host-worker.js', here), { workerData });
  const url = new URL('./strategy-host-worker.ts', here).href;
  return new Worker(`import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(url)}, ${JSON.stringify(here)}))`, { eval: true, workerData });
}

/** What a call was doing, for messages: `generateSignals() on BTC/USDT`. */
export function phaseName(phase: number): string {
  return phase === PHASE_LOAD ? 'loading the file (its top-level code)' : WATCH_PHASES[phase] ?? 'a call';
}

export function timeoutError(file: string, phase: number, where: string, ms: number): StrategyError {
  return new StrategyError('STRATEGY_TIMEOUT', `Strategy file ${file}: ${phaseName(phase)}${where} ran longer than ${ms / 1000} s (--strategy-timeout) and was stopped.`, {
    hint: 'Look for an endless loop in the strategy, or allow more time with --strategy-timeout SECONDS (0 = no limit).',
  });
}

export function threadEndedError(file: string, what: string): StrategyError {
  return new StrategyError('STRATEGY_FAILED', `Strategy file ${file}: its thread ended unexpectedly (${what}).`, {
    hint: 'A strategy must return its signals from generateSignals(); it must not call process.exit() or throw from timers or callbacks.',
  });
}

interface Pending {
  readonly resolve: (o: StrategyOutput) => void;
  readonly reject: (e: unknown) => void;
  readonly where: string;
}

/** One thread per strategy file, computing one frame at a time. */
export class StrategyHost {
  private readonly worker: Worker;
  private readonly watch = new Float64Array(new SharedArrayBuffer(3 * Float64Array.BYTES_PER_ELEMENT));
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly file: string) {
    this.worker = startWorker({ file, watch: this.watch });
    this.worker.unref();
    this.worker.on('message', (r: HostReply) => this.settle(r));
    this.worker.on('error', (e) => this.fail(new StrategyError('STRATEGY_FAILED', `Strategy file ${file} failed: ${e.message}.`, {
      hint: 'Fix the error in the file (run it with --debug to see the stack trace).', cause: e,
    })));
    this.worker.on('exit', (code) => this.fail(threadEndedError(file, `exit code ${code}`)));
  }

  /** Indicators and checked signals of the strategy on `frame` (a copy crosses to the thread). */
  run(frame: OhlcvFrame, params: object, market: 'spot' | 'swap'): Promise<StrategyOutput> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const req: HostRequest = { id, frame, params: params as Record<string, unknown>, market };
    return new Promise<StrategyOutput>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, where: ` on ${frame.symbol}` });
      this.worker.ref();
      this.startWatchdog();
      this.worker.postMessage(req);
    });
  }

  /** Stops the thread (pending calls fail). */
  async close(): Promise<void> {
    this.failure ??= new StrategyError('STRATEGY_FAILED', `Strategy file ${this.file}: its thread was closed.`);
    this.stopWatchdog();
    await this.worker.terminate();
  }

  private settle(r: HostReply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    this.idle();
    if (r.ok) p.resolve({ signals: r.signals, indicators: r.indicators, placement: r.placement });
    else p.reject(reviveError(r.error));
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.idle();
    void this.worker.terminate();
  }

  private idle(): void {
    if (this.pending.size > 0) return;
    this.stopWatchdog();
    this.worker.unref();
  }

  private startWatchdog(): void {
    const limit = strategyTimeoutMs();
    if (limit === 0 || this.timer) return;
    this.timer = setInterval(() => {
      const started = this.watch[0];
      if (started > 0 && Date.now() - started > limit) {
        const first = this.pending.values().next().value as Pending | undefined;
        this.fail(timeoutError(this.file, this.watch[1], first?.where ?? '', limit));
      }
    }, watchdogPeriodMs());
  }

  private stopWatchdog(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
