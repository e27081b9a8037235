import { UsageError } from '../../../base/errors.js';

/** Where a queue lives: parsed from `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly tls: boolean;
  readonly username?: string;
  readonly password?: string;
  /** The URL with any password replaced by `***`: the only form ever printed or written. */
  readonly display: string;
}

/** The environment variable read when no URL is given on the command line. */
export const REDIS_URL_ENV = 'BACKTESTER_REDIS_URL';

/**
 * Parses a Redis URL (the flag's value, else `BACKTESTER_REDIS_URL`). Passwords may be in the URL;
 * they are kept out of `display` and of every message.
 */
export function parseRedisUrl(given: string | undefined, env: NodeJS.ProcessEnv = process.env): RedisTarget {
  const raw = (given ?? env[REDIS_URL_ENV] ?? '').trim();
  if (raw === '') {
    throw new UsageError('No Redis URL given.', { hint: `Pass redis://HOST:PORT (or rediss:// for TLS), or set ${REDIS_URL_ENV}.` });
  }
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`Not a Redis URL: ${redactRedisUrl(raw)}.`, { hint: 'Use redis://HOST:PORT, redis://:PASSWORD@HOST:PORT or rediss://… for TLS.' });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new UsageError(`Not a Redis URL: ${redactRedisUrl(raw)} (scheme ${u.protocol}).`, { hint: 'Use redis:// or rediss:// (TLS).' });
  }
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new UsageError(`Redis database must be a whole number, got "${dbText}" in ${redactRedisUrl(raw)}.`);
  const password = u.password === '' ? undefined : decodeURIComponent(u.password);
  const username = u.username === '' ? undefined : decodeURIComponent(u.username);
  const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const auth = password !== undefined ? `${u.username}:***@` : username ? `${u.username}@` : '';
  const display = `${u.protocol}//${auth}${u.host}${db ? `/${db}` : ''}`;
  return { host, port, db, tls: u.protocol === 'rediss:', username, password, display };
}

/** Any `scheme://user:password@` in a text (Redis URLs, and any other) with the password replaced by `***` (for logs and run.json). */
export function redactRedisUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:)[^@\s]*@/gi, '$1***@');
}
