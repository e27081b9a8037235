/**
 * A private redis-server for a test: a free loopback port, persistence off, a temporary folder;
 * stopped by `stop()`. Tests skip with a clear message when redis-server is not installed
 * (`apt-get install redis-server`; .ci/run installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Path of redis-server, or null (tests then skip). */
export const redisServerPath: string | null = which('redis-server');
export const hasRedis = redisServerPath !== null;
export const NO_REDIS = 'redis-server is not installed (apt-get install redis-server): distributed tests skipped';

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = new Socket();
    c.setTimeout(500);
    c.once('connect', () => { c.destroy(); resolve(true); });
    c.once('error', () => resolve(false));
    c.once('timeout', () => { c.destroy(); resolve(false); });
    c.connect(port, '127.0.0.1');
  });
}

export interface TestRedis {
  readonly port: number;
  /** redis://127.0.0.1:PORT (with the password when one was set). */
  readonly url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s) and removes its folder. */
  stop(): Promise<void>;
  /** Stops the server only (it can `start()` again). */
  halt(): Promise<void>;
  /** Starts it again on the same port, empty (persistence is off): a Redis restart. */
  start(): Promise<void>;
  /** SIGSTOP: the server keeps its sockets open but answers nothing (a frozen host, a silent network). */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
}

/** Starts redis-server on a free loopback port; waits (at most 10 s) until it accepts connections. */
export async function startRedis(o: { password?: string } = {}): Promise<TestRedis> {
  if (!redisServerPath) throw new Error(NO_REDIS);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bt-redis-'));
  let proc: ChildProcess | null = null;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...(o.password ? ['--requirepass', o.password] : [])];
    proc = spawn(redisServerPath, args, { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await accepts(port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(t);
  };
  await start();
  return {
    port, url: `redis://${o.password ? `:${o.password}@` : ''}127.0.0.1:${port}`, start, halt: stop,
    freeze: () => void (proc as ChildProcess | null)?.kill('SIGSTOP'),
    thaw: () => void (proc as ChildProcess | null)?.kill('SIGCONT'),
    async stop() {
      (proc as ChildProcess | null)?.kill('SIGCONT');
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
