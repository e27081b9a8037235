/**
 * The bin entry's exit code (src/adapters/cli/run-as-bin.ts): the run's code when it settles, and
 * never 0 when the run's promise is left pending with nothing else to wait for (Node would exit 0).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = pathToFileURL(fileURLToPath(new URL('../dist/adapters/cli/run-as-bin.js', import.meta.url))).href;
const run = (expr: string) => spawnSync(process.execPath, ['--input-type=module', '-e', `import { runAsBin } from '${entry}'; runAsBin(${expr});`], { encoding: 'utf8', timeout: 30_000 });

describe('runAsBin', () => {
  it('exits with the run\'s code once it settles, after pending I/O', () => {
    const r = run('new Promise((ok) => setTimeout(() => { process.stdout.write("done\\n"); ok(4); }, 50))');
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('done\n');
    expect(r.stderr).toBe('');
    expect(run('Promise.resolve(0)').status).toBe(0);
  });

  it('a run whose promise never settles exits 1 with a message, not 0', () => {
    const r = run('new Promise(() => {})');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Error: the run stopped before it finished');
    expect(r.stderr).toContain('please report it with --debug');
  });
});
