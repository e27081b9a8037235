import { InvalidArgumentError } from 'commander';

type Scalar = number | string | boolean;

/** One value as `--param` reads it: a number or boolean where it looks like one, else text. */
function scalar(s: string): Scalar {
  const t = s.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  const x = Number(t);
  return t !== '' && Number.isFinite(x) ? x : t;
}

/**
 * Parses `--range key=10,20,30` (a list) or `--range key=10:20:2` (from 10 to 20 inclusive in
 * steps of 2) into `[key, values]`. Steps are counted, not accumulated, so 0.1:0.3:0.1 gives
 * 0.1, 0.2, 0.3 (rounded to 12 significant digits).
 */
export function parseRangeFlag(v: string): [string, Scalar[]] {
  const eq = v.indexOf('=');
  const key = eq > 0 ? v.slice(0, eq).trim() : '';
  const body = eq > 0 ? v.slice(eq + 1).trim() : '';
  if (!key || !body) throw new InvalidArgumentError(`--range takes key=a,b,c or key=start:stop:step (e.g. --range short_ma_window=10,20,30), got "${v}".`);
  const parts = body.split(':');
  if (parts.length === 3 && !body.includes(',')) {
    const [a, b, s] = parts.map(Number);
    if (![a, b, s].every(Number.isFinite) || !(s > 0) || b < a) {
      throw new InvalidArgumentError(`--range ${key}=start:stop:step needs numbers with stop >= start and step > 0, got "${body}".`);
    }
    const n = Math.floor((b - a) / s + 1e-9) + 1;
    if (n > 100_000) throw new InvalidArgumentError(`--range ${key}=${body} has ${n} values; use a larger step.`);
    return [key, Array.from({ length: n }, (_, i) => Number((a + i * s).toPrecision(12)))];
  }
  return [key, body.split(',').map(scalar)];
}

/** Commander collector for the repeatable `--range`. */
export function collectRange(v: string, acc: Record<string, Scalar[]> = {}): Record<string, Scalar[]> {
  const [k, values] = parseRangeFlag(v);
  return { ...acc, [k]: values };
}
