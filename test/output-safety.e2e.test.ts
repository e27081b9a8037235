/**
 * The output folder rules (issue 8, items 1-5) through the real CLI: what is replaced, what is
 * refused (exit 5, naming the entries), the manifest's content hashes, publishing onto a mount
 * point, disk full and read-only file systems, the lock, Ctrl-C and stale staging folders.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI, runCli, tempDir } from './support/run-cli.js';
import { repoRoot } from './support/shared-data.js';

// Each case runs the CLI (several seconds each, much more when the machine is loaded).
vi.setConfig({ testTimeout: 300_000 });

const RUN = ['--exchange', 'sample', '--timeframe', '1d', '--start', '2023-01-01', '--end', '2023-07-01'];
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every file under `dir` → its SHA-256 (the state of the disk, to compare before and after). */
function snapshot(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) snapshot(p, base, out);
    else out[relative(base, p)] = sha(p);
  }
  return out;
}

/** Nothing of ours left behind: no staging folder, no lock. */
function expectNoLeftovers(dir: string): void {
  if (!existsSync(dir)) return;
  expect(readdirSync(dir).filter((n) => n.startsWith('.backtester'))).toEqual([]);
}

let root: string;
beforeAll(async () => {
  root = await tempDir('bt-output-');
});

describe('refused output folders (exit 5, nothing touched)', () => {
  it('a folder with files the tool did not write, /, the home folder, a non-empty current folder, a file, a device, a name too long', async () => {
    const user = join(root, 'user-folder');
    await mkdir(join(user, 'assets'), { recursive: true });
    await writeFile(join(user, 'index.html'), '<p>my own page</p>');
    await writeFile(join(user, 'trades.csv'), 'my,trades\n');
    await writeFile(join(user, 'assets', 'logo.png'), 'png');
    await writeFile(join(user, 'notes.txt'), 'notes');
    const here = join(root, 'current-folder');
    await mkdir(here);
    await writeFile(join(here, 'notes.txt'), 'notes');
    const home = join(root, 'home');
    await mkdir(home);
    await writeFile(join(home, '.bashrc'), 'x');
    const file = join(root, 'a-file.txt');
    await writeFile(file, 'data');
    const before = snapshot(root);
    const cases: [string[], RegExp, { cwd?: string; env?: Record<string, string> }?][] = [
      [['--output', user], /Refusing to write results into .*user-folder: .*assets\/logo\.png.*index\.html.*trades\.csv would be replaced, but they were not written by backtester/],
      [['--output', '/'], /Refusing to write results into the file system root \//],
      [['--output', home], /Refusing to write results into your home folder/, { env: { HOME: home } }],
      [['--output', '.'], /Refusing to write results into the current folder .*not empty/, { cwd: here }],
      [['--output', ''], /--output is empty/, { cwd: here }],
      [['--output', file], /The output path .*a-file\.txt is a file/],
      [['--output', '/dev/null'], /The output path \/dev\/null is not a folder/],
      [['--output', join(root, 'x'.repeat(300))], /Cannot use the output folder .*: a file name is too long for the file system \[ENAMETOOLONG\]/],
    ];
    const runs = await Promise.all(cases.map(([args, , o]) => runCli([...RUN, '--symbols', 'BTC/USDT', ...args], o)));
    runs.forEach((r, i) => {
      expect(r.code, `${cases[i][0].join(' ')}: ${r.stderr}`).toBe(5);
      expect(r.stderr).toMatch(cases[i][1]);
      expect(r.stderr).not.toMatch(/Internal error|\n\s+at /);
    });
    expect(snapshot(root)).toEqual(before); // not one file added, changed or removed
    expectNoLeftovers(user);
  });
});

describe('re-running into a folder of ours', () => {
  it('records content hashes, refuses when a user added a file inside, deletes only entries that still match', async () => {
    const dir = join(root, 'ours');
    await mkdir(dir);
    await writeFile(join(dir, 'keep.txt'), 'a file of the user beside the run');
    const a = await runCli([...RUN, '--symbols', 'BTC/USDT,ETH/USDT', '--output', dir]);
    expect(a.code, a.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as { entries: string[]; files: Record<string, string> };
    expect(manifest.entries).toContain('BTC-USDT');
    expect(manifest.entries).not.toContain('keep.txt');
    expect(manifest.files['BTC-USDT/trades.csv']).toBe(sha(join(dir, 'BTC-USDT', 'trades.csv')));
    expect(manifest.files['summary.csv']).toBe(sha(join(dir, 'summary.csv')));
    expect(Object.keys(manifest.files).sort()).toEqual(Object.keys(snapshot(dir)).filter((f) => f !== 'run.json' && f !== 'keep.txt').sort());

    // A file added inside a run's sub-folder: the same run again is refused, naming it.
    await writeFile(join(dir, 'BTC-USDT', 'my-analysis.txt'), 'mine');
    const before = snapshot(dir);
    const b = await runCli([...RUN, '--symbols', 'BTC/USDT,ETH/USDT', '--output', dir]);
    expect(b.code).toBe(5);
    expect(b.stderr).toMatch(/BTC-USDT\/my-analysis\.txt would be replaced, but it was not written by the previous run there or changed since/);
    expect(snapshot(dir)).toEqual(before);
    expectNoLeftovers(dir);

    // run.json is not trusted blindly: an entry added to it by hand is not deleted; a changed
    // stale entry is kept with a warning; the intact stale entries are replaced.
    await rm(join(dir, 'BTC-USDT', 'my-analysis.txt'));
    const tampered = { ...manifest, entries: [...manifest.entries, 'keep.txt'] };
    await writeFile(join(dir, 'run.json'), JSON.stringify(tampered));
    await writeFile(join(dir, 'ETH-USDT', 'trades.csv'), 'edited by the user\n');
    const c = await runCli([...RUN, '--symbols', 'SOL/USDT', '--output', dir]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/Kept .*ETH-USDT from the previous run: ETH-USDT\/trades\.csv was changed or added since/);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('a file of the user beside the run');
    expect(readFileSync(join(dir, 'ETH-USDT', 'trades.csv'), 'utf8')).toBe('edited by the user\n');
    expect(existsSync(join(dir, 'BTC-USDT'))).toBe(false);
    expect(existsSync(join(dir, 'summary.csv'))).toBe(false);
    const now = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as { data: { symbols: string[] }; files: Record<string, string> };
    expect(now.data.symbols).toEqual(['SOL/USDT']);
    expect(now.files['trades.csv']).toBe(sha(join(dir, 'trades.csv')));
    expectNoLeftovers(dir);
  });
});

describe('the lock and stale staging folders', () => {
  it('refuses while another live run holds the folder; takes over a dead run\'s lock and cleans its staging', async () => {
    const dir = join(root, 'locked');
    await mkdir(dir);
    await writeFile(join(dir, '.backtester.lock'), `${process.pid}\n`); // this test process is alive
    const busy = await runCli([...RUN, '--symbols', 'BTC/USDT', '--output', dir]);
    expect(busy.code).toBe(5);
    expect(busy.stderr).toContain(`Another backtester run (process ${process.pid}) is writing into ${dir}.`);
    expect(readdirSync(dir)).toEqual(['.backtester.lock']);

    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']));
    await writeFile(join(dir, '.backtester.lock'), `${dead}\n`);
    await mkdir(join(dir, `.backtester.partial-${dead}-zz`));
    await writeFile(join(dir, `.backtester.partial-${dead}-zz`, 'trades.csv'), 'half written');
    const ok = await runCli([...RUN, '--symbols', 'BTC/USDT', '--output', dir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(join(dir, 'run.json'))).toBe(true);
    expectNoLeftovers(dir);
  });
});

describe('Ctrl-C of a single run', () => {
  it('exits 130 and removes the staging folder, the lock and the output folder it created', async () => {
    const dir = join(root, 'interrupted');
    const child = spawn(process.execPath, [CLI, '--exchange', 'sample', '--timeframe', '1h', '--start', '2021-01-01', '--end', '2024-01-01',
      '--symbols', 'BTC/USDT,ETH/USDT,SOL/USDT,ADA/USDT', '--output', dir], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += String(c); });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    for (let i = 0; i < 3000 && !(existsSync(dir) && readdirSync(dir).some((n) => n.startsWith('.backtester.partial-'))); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/Interrupted \(SIGINT\): nothing was published/);
    expect(existsSync(dir)).toBe(false);
  }, 120_000);
});

/** Root can mount a tmpfs: the output folder is then a mount point, another file system than its parent. */
const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!canMount) console.warn('output-safety: skipping the mount-point tests (they need root and `mount` to mount a tmpfs)');

describe.skipIf(!canMount)('onto a mount point (a tmpfs, as a Docker volume or USB disk)', () => {
  const mounts: string[] = [];
  const mountTmpfs = async (name: string, options: string) => {
    const dir = join(root, name);
    await mkdir(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
    mounts.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const m of mounts) execFileSync('umount', [m]);
  });

  it('publishes, and publishes again over its own run (no EXDEV)', async () => {
    const dir = await mountTmpfs('volume', 'size=16m');
    expect(statSync(dir).dev).not.toBe(statSync(root).dev);
    for (let i = 0; i < 2; i++) {
      const r = await runCli([...RUN, '--symbols', i === 0 ? 'BTC/USDT' : 'ETH/USDT', '--output', dir]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).data.symbols).toEqual([i === 0 ? 'BTC/USDT' : 'ETH/USDT']);
      expectNoLeftovers(dir);
    }
  });

  it('disk full: exit 5 saying so, the previous run intact, nothing left behind', async () => {
    const dir = await mountTmpfs('full', 'size=256k');
    await writeFile(join(dir, 'earlier.txt'), 'x');
    const r = await runCli([...RUN, '--symbols', 'BTC/USDT', '--output', dir]);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/Writing results to .*full failed: the disk is full \(no space left on the device\) \[ENOSPC\]/);
    expect(r.stderr).not.toMatch(/Internal error|SonicBoom/);
    expect(readdirSync(dir)).toEqual(['earlier.txt']);
  });

  it('a read-only file system: exit 5 saying so', async () => {
    const dir = await mountTmpfs('readonly', 'size=1m,ro');
    const r = await runCli([...RUN, '--symbols', 'BTC/USDT', '--output', join(dir, 'results')]);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/Cannot create the output folder .*readonly\/results: the file system is read-only \[EROFS\]/);
  });
});
