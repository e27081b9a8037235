/**
 * A strategy host thread: loads one strategy file and computes its indicators and signals for the
 * main thread (strategy-host.ts). Every call publishes its start in the shared watch so the main
 * thread can stop the thread when a call runs too long, and the frame is a private copy
 * (strategySignals checks it was not changed).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MemoIndicatorCache, type StrategyDefinition } from '../../domain/strategies/strategy.js';
import { strategySignals } from '../../orchestration/strategy-signals.js';
import { watchEnd, watchStart } from '../../orchestration/strategy-call-watch.js';
import { StrategyError } from '../../base/errors.js';
import { serializeError } from '../pool/chunk-task.js';
import { loadStrategyFile } from './load-strategy-file.js';
import { installStrategyThreadGuards, lateErrorMessage, settleLateErrors, takeLateError } from './strategy-thread-guards.js';
import { PHASE_LOAD, type HostInit, type HostReply, type HostRequest } from './strategy-host-protocol.js';

installStrategyThreadGuards();
const init = workerData as HostInit;
const watch = { watch: init.watch, offset: 0 };
let def: Promise<StrategyDefinition<any>> | null = null;

function load(): Promise<StrategyDefinition<any>> {
  if (def === null) {
    watchStart(watch, PHASE_LOAD, -1);
    def = loadStrategyFile(init.file).finally(() => watchEnd(watch));
  }
  return def;
}

/** Typed-array buffers to move back without copying (each once; shared memory is never transferred). */
function transferables(values: readonly unknown[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of values) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  return [...out];
}

// Load at once: the main thread starts this thread before it loads the data, so both overlap.
load().catch(() => undefined);

parentPort!.on('message', (req: HostRequest) => {
  void (async () => {
    let reply: HostReply;
    let moved: ArrayBuffer[] = [];
    try {
      const d = await load();
      // An error the previous call left behind (a timer that fired after its reply) fails this one.
      const before = takeLateError();
      if (before !== undefined) throw new StrategyError('STRATEGY_FAILED', lateErrorMessage(d.name, before), { cause: before });
      // Every bar's output, warm-up included (`warmup: 0`): the caller cuts it where it needs to (sandboxed-strategy.ts).
      const out = strategySignals({ ...req.frame, warmup: 0 }, d, req.params, req.market, new MemoIndicatorCache(), { watch, position: -1 });
      const late = await settleLateErrors();
      if (late !== undefined) throw new StrategyError('STRATEGY_FAILED', lateErrorMessage(d.name, late), { hint: 'Compute signals synchronously in initIndicators()/generateSignals(); do not start timers or promises.', cause: late });
      reply = { id: req.id, ok: true, name: d.name, signals: out.signals, indicators: { ...out.indicators }, placement: { ...out.placement } };
      moved = transferables([...Object.values(out.signals), ...Object.values(out.indicators)]);
    } catch (e) {
      reply = { id: req.id, ok: false, error: serializeError(e) };
    }
    try {
      parentPort!.postMessage(reply, moved);
    } catch {
      // An array listed twice or not transferable: send copies.
      parentPort!.postMessage(reply);
    }
  })();
});
