/**
 * What a thread that runs user strategy code installs before loading it (issue 8, item 12): a
 * strategy's `process.exit()` throws instead of ending the thread, and errors thrown later (in a
 * timer or callback) or promises rejected without a handler are kept, to be reported as a
 * strategy error by the next check, instead of killing the thread with a raw stack.
 */
let late: unknown;
let installed = false;

export function installStrategyThreadGuards(): void {
  if (installed) return;
  installed = true;
  const exit = (code?: number | string | null): never => {
    throw new Error(`the strategy called process.exit(${code ?? ''}); a strategy must return its signals, not end the process`);
  };
  process.exit = exit;
  process.on('uncaughtException', (e) => {
    late ??= e;
  });
  process.on('unhandledRejection', (e) => {
    late ??= e instanceof Error ? e : new Error(`a promise was rejected with ${String(e)}`);
  });
}

/** The first error thrown or rejected outside a strategy call since the last check, then cleared. */
export function takeLateError(): unknown {
  const e = late;
  late = undefined;
  return e;
}

/** Lets timers and promises a strategy call left behind run (1 ms timers included), then returns what failed. */
export async function settleLateErrors(): Promise<unknown> {
  await new Promise<void>((r) => setTimeout(r, 1));
  await new Promise<void>((r) => setImmediate(r));
  return takeLateError();
}

/** A late error as a user message. */
export function lateErrorMessage(strategy: string, e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return `Strategy ${strategy} failed outside its calls (an error thrown in a timer or callback, or a rejected promise): ${m}.`;
}
