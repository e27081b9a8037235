import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StrategyError } from '../../base/errors.js';
import type { Issue } from '../../base/result.js';
import type { StrategyClass, StrategyDefinition } from '../../domain/strategies/strategy.js';
import { compiledTypeScriptUrl } from './compile-ts.js';
import { aliasSelfForStrategies } from './self-alias.js';

type Params = Record<string, unknown>;

/**
 * Static members a user strategy class may declare (all optional). See docs/strategies.md.
 * `defaults` doubles as the parameter list: with defaults given, unknown keys and wrong types are errors.
 */
interface UserStrategyStatics {
  id?: string;
  strategyName?: string;
  description?: string;
  defaults?: Params;
  aliases?: Record<string, string>;
  /** Ranges `--optimize` searches when neither `--range` nor the config gives any. */
  optimizationRanges?: Record<string, (string | number | boolean)[]>;
  /** Any object with a zod-style `safeParse` (e.g. a zod schema). */
  paramsSchema?: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } };
  constraints?(params: Params): (string | Issue)[];
}

export async function loadStrategyFile(file: string): Promise<StrategyDefinition<any>> {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new StrategyError('STRATEGY_UNKNOWN', `Strategy file not found: ${path}.`, { hint: 'Check the path given to --strategy.' });
  }
  let mod: Record<string, unknown>;
  try {
    const ext = extname(path);
    if (ext === '.ts' || ext === '.mts' || isEsModuleFile(path)) {
      // Compiled with `backtester` already resolved: no loader hook (see compile-ts.ts). The hook
      // made every later import slow (a .mjs grid took twice as long as the same .ts one).
      mod = await importCompiled(await compiledTypeScriptUrl(path));
    } else {
      aliasSelfForStrategies();
      mod = await import(pathToFileURL(path).href);
    }
  } catch (e) {
    throw new StrategyError('STRATEGY_FAILED', `Loading the strategy file ${path} failed: ${(e as Error).message}.`, {
      hint: 'Fix the error in the file (run it with --debug to see the stack trace).', cause: e,
    });
  }
  const cls = findStrategyClass(mod);
  if (!cls) {
    throw new StrategyError('STRATEGY_UNKNOWN', `No strategy class found in ${path}.`, {
      hint: 'Export a class (default or named) that extends BaseStrategy and implements initIndicators() and generateSignals().',
    });
  }
  return definitionFromClass(cls, basename(path, extname(path)));
}

/**
 * Whether Node would load `path` as an ES module: `.mjs`, or `.js` under a package.json with
 * `"type": "module"` (the nearest one decides). CommonJS files keep the require() route.
 */
export function isEsModuleFile(path: string): boolean {
  const ext = extname(path);
  if (ext === '.mjs') return true;
  if (ext !== '.js') return false;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module';
    } catch {
      // no (readable) package.json here: look further up
    }
    if (dirname(dir) === dir) return false;
  }
}

/**
 * Imports a compiled strategy. Run from sources (tests, `tsx`), the package entry it imports is
 * `src/index.ts`, which a plain worker thread cannot load: tsx's own loader then takes over.
 */
async function importCompiled(url: string): Promise<Record<string, unknown>> {
  try {
    return await import(url);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(url, import.meta.url);
  }
}

function isStrategyClass(v: unknown): v is StrategyClass<Params> & UserStrategyStatics {
  return typeof v === 'function' && typeof (v as { prototype?: { generateSignals?: unknown } }).prototype?.generateSignals === 'function'
    && typeof (v as { prototype: { initIndicators?: unknown } }).prototype.initIndicators === 'function';
}

function findStrategyClass(mod: Record<string, unknown>): (StrategyClass<Params> & UserStrategyStatics) | undefined {
  // A CommonJS-style module may wrap its default export one level deeper (`default.default`).
  const candidates = [mod.default, (mod.default as Record<string, unknown> | undefined)?.default, ...Object.values(mod)];
  return candidates.find(isStrategyClass);
}

/** Wraps a user class in a StrategyDefinition with the checks its static members allow. */
export function definitionFromClass(cls: StrategyClass<Params> & UserStrategyStatics, fallbackId: string): StrategyDefinition<Params> {
  const defaults = cls.defaults ?? {};
  const strict = Object.keys(defaults).length > 0;
  return {
    id: cls.id ?? fallbackId,
    name: cls.strategyName ?? cls.name,
    className: cls.name,
    description: cls.description ?? '',
    defaults,
    aliases: cls.aliases,
    ...(cls.optimizationRanges && { optimizationRanges: cls.optimizationRanges }),
    parseParams(raw) {
      if (cls.paramsSchema) {
        const r = cls.paramsSchema.safeParse({ ...defaults, ...raw });
        if (r.success) return { ok: true, value: r.data as Params };
        return { ok: false, issues: (r.error?.issues ?? []).map((i) => ({ code: 'invalid', path: i.path.map(String).join('.'), message: i.message })) };
      }
      const issues: Issue[] = [];
      for (const [k, v] of Object.entries(raw)) {
        if (strict && !(k in defaults)) issues.push({ code: 'unknown_key', path: k, message: `unknown parameter (known: ${Object.keys(defaults).join(', ')})` });
        else if (strict && typeof defaults[k] !== typeof v) issues.push({ code: 'invalid_type', path: k, message: `expected a ${typeof defaults[k]}, got ${JSON.stringify(v)}` });
      }
      return issues.length ? { ok: false, issues } : { ok: true, value: { ...defaults, ...raw } };
    },
    constraints(params) {
      const out = cls.constraints?.(params) ?? [];
      return out.map((i) => (typeof i === 'string' ? { code: 'constraint', path: '', message: i } : i));
    },
    strategyClass: cls,
  };
}
