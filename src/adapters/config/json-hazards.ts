import type { Issue } from '../../base/result.js';

/** Keys that would reach an object's prototype machinery; no config key has these names. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * Keys given twice in one JSON object (`JSON.parse` silently keeps the last), as dotted paths.
 * One linear pass over text that already parsed as JSON.
 */
export function duplicateKeys(text: string): string[] {
  const out: string[] = [];
  const stack: { obj: boolean; keys: Set<string>; path: string; key: string; expectKey: boolean; index: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.obj && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) out.push(join(top.path, key));
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const top = stack[stack.length - 1];
      const path = top ? (top.obj ? join(top.path, top.key) : `${top.path}[${top.index}]`) : '';
      stack.push({ obj: c === 123, keys: new Set(), path, key: '', expectKey: c === 123, index: 0 });
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
    } else if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (top?.obj) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return out;
}

/**
 * The problems of a parsed config that the schema cannot see: duplicate keys, and
 * `__proto__`/`constructor`/`prototype` keys anywhere (reported as unknown keys like any other).
 */
export function jsonHazards(text: string, json: unknown): Issue[] {
  const issues: Issue[] = duplicateKeys(text).map((path) => ({ code: 'duplicate_key', path, message: 'is given twice in the same object; give it once (JSON keeps only the last)' }));
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        if (FORBIDDEN.has(k)) issues.push({ code: 'unknown_key', path: join(path, k), message: 'unknown key (check the spelling; see docs/configuration.md for the accepted keys)' });
        else walk((v as Record<string, unknown>)[k], join(path, k));
      }
    }
  };
  walk(json, '');
  return issues;
}
