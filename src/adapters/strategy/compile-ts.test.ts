import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseStrategy } from '../../domain/strategies/strategy.js';
import { compiledTypeScriptUrl } from './compile-ts.js';
import { loadStrategyFile } from './load-strategy-file.js';

const STRATEGY = `import { BaseStrategy, sma } from 'backtester';
import { scale } from './helper.ts';

interface P { window: number }

export default class Scaled extends BaseStrategy<P> {
  static id = 'scaled';
  static defaults: P = { window: 3 };
  initIndicators(): void {
    this.addIndicator('ma', sma(this.frame.close, this.params.window));
  }
  generateSignals() {
    const n: number = this.frame.length;
    return { longEntries: new Float64Array(n), longExits: new Float64Array(n), factor: scale(2) };
  }
}
`;

describe('TypeScript strategy files compiled with esbuild into a content-hash cache', () => {
  let dir: string;
  let cache: string;
  const saved = process.env.BACKTESTER_CACHE_DIR;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bt-ts-'));
    cache = path.join(dir, 'cache');
    process.env.BACKTESTER_CACHE_DIR = cache;
    writeFileSync(path.join(dir, 'helper.ts'), 'export const scale = (x: number): number => x * 10;\n');
    writeFileSync(path.join(dir, 'scaled.ts'), STRATEGY);
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.BACKTESTER_CACHE_DIR;
    else process.env.BACKTESTER_CACHE_DIR = saved;
  });

  it('loads a typed file that imports backtester and a local .ts file; the class extends the engine\'s BaseStrategy', async () => {
    const def = await loadStrategyFile(path.join(dir, 'scaled.ts'));
    expect(def.id).toBe('scaled');
    expect(def.defaults).toEqual({ window: 3 });
    expect(Object.getPrototypeOf(def.strategyClass!.prototype)).toBe(BaseStrategy.prototype);
    const compiled = readdirSync(path.join(cache, 'strategies'));
    expect(compiled.filter((f) => f.endsWith('.mjs'))).toHaveLength(1);
    // Only strategy-authoring names: compiled against the light entry (no runner, zod, reports).
    const code = readFileSync(new URL(await compiledTypeScriptUrl(path.join(dir, 'scaled.ts'))), 'utf8');
    expect(code).toMatch(/from "file:[^"]*\/strategy-api\.(ts|js)"/);
    expect(code).not.toMatch(/\/index\.(ts|js)"/);
  });

  it('a file that imports more than the strategy API (or a namespace) is compiled against the whole package', async () => {
    writeFileSync(path.join(dir, 'runner.ts'), `import { BaseStrategy, BacktestRunner } from 'backtester';
export const runnerType: string = typeof BacktestRunner;
export default class R extends BaseStrategy<{ a: number }> {
  initIndicators(): void {}
  generateSignals() { const n = this.frame.length; return { longEntries: new Float64Array(n), longExits: new Float64Array(n) }; }
}
`);
    writeFileSync(path.join(dir, 'ns.ts'), `import * as bt from 'backtester';
export default class N extends bt.BaseStrategy<{ a: number }> {
  initIndicators(): void {}
  generateSignals() { const n = this.frame.length; return { longEntries: new Float64Array(n), longExits: new Float64Array(n) }; }
}
`);
    for (const f of ['runner.ts', 'ns.ts']) {
      const def = await loadStrategyFile(path.join(dir, f));
      expect(Object.getPrototypeOf(def.strategyClass!.prototype)).toBe(BaseStrategy.prototype);
      const code = readFileSync(new URL(await compiledTypeScriptUrl(path.join(dir, f))), 'utf8');
      expect(code, f).toMatch(/from "file:[^"]*\/index\.(ts|js)"/);
    }
    const mod = await import(await compiledTypeScriptUrl(path.join(dir, 'runner.ts'))) as { runnerType: string };
    expect(mod.runnerType).toBe('function');
  });

  it('reuses the compiled file while the sources are unchanged, and recompiles when a local import changes', async () => {
    const file = path.join(dir, 'scaled.ts');
    const first = await compiledTypeScriptUrl(file);
    const out = new URL(first).pathname;
    const stamp = statSync(out).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    expect(await compiledTypeScriptUrl(file)).toBe(first);
    expect(statSync(out).mtimeMs).toBe(stamp); // not rewritten: no compiler run
    writeFileSync(path.join(dir, 'helper.ts'), 'export const scale = (x: number): number => x * 100;\n');
    expect(await compiledTypeScriptUrl(file)).toBe(first); // same key (the entry did not change) ...
    expect(statSync(out).mtimeMs).not.toBe(stamp); // ... but rebuilt, since an input changed
    const mod = await import(`${first}?v=2`) as { default: new (...a: unknown[]) => unknown };
    expect(typeof mod.default).toBe('function');
  });

  it('a syntax error names the file and line', async () => {
    const bad = path.join(dir, 'bad.ts');
    writeFileSync(bad, 'export default class {\n  x: number = ;\n}\n');
    await expect(loadStrategyFile(bad)).rejects.toThrow(/bad\.ts.*failed.*bad\.ts:2/s);
  });
});
