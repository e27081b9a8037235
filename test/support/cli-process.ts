/** Long-running CLI processes for the distributed tests (workers, coordinators), with bounded waits. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './run-cli.js';
import { repoRoot } from './shared-data.js';

export interface CliProcess {
  readonly proc: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when `pattern` appears in the output; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or 128 + signal number style name) when the process ends. */
  readonly exited: Promise<number>;
  /** Sends a signal and waits (at most 30 s, then SIGKILL) for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number>;
}

export function startCli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const proc = spawn(process.execPath, [CLI, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const add = (d: Buffer) => {
    text += d.toString();
    for (const l of listeners) l();
  };
  proc.stdout!.on('data', add);
  proc.stderr!.on('data', add);
  const exited = new Promise<number>((resolve) => proc.once('exit', (code, sig) => resolve(code ?? (sig === 'SIGKILL' ? 137 : 143))));
  return {
    proc, exited, output: () => text,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) {
            listeners.delete(check);
            clearTimeout(t);
            resolve();
          }
        };
        const t = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in:\n${text.slice(-3000)}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => setTimeout(() => {
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(t);
            reject(new Error(`process exited before ${pattern}:\n${text.slice(-3000)}`));
          }
        }, 50));
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const t = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

/** A `backtester worker` process, resolved once it waits for chunks. */
export async function startWorker(url: string, extra: readonly string[] = []): Promise<CliProcess> {
  const w = startCli(['worker', '--redis', url, '--workers', '1', '--debug', ...extra]);
  await w.waitFor(/waiting for chunks/, 240_000);
  return w;
}
