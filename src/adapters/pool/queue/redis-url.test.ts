import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../base/errors.js';
import { parseRedisUrl, redactRedisUrl } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('reads host, port, db, TLS and credentials; display never shows the password', () => {
    expect(parseRedisUrl('redis://10.0.0.5:6380/2', {})).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, tls: false, password: undefined, display: 'redis://10.0.0.5:6380/2' });
    const t = parseRedisUrl('rediss://:s%40cret@cache.example:6390', {});
    expect(t).toMatchObject({ host: 'cache.example', port: 6390, db: 0, tls: true, password: 's@cret', display: 'rediss://:***@cache.example:6390' });
    expect(parseRedisUrl('redis://alice:pw@h', {})).toMatchObject({ username: 'alice', password: 'pw', port: 6379, display: 'redis://alice:***@h' });
  });

  it('falls back to BACKTESTER_REDIS_URL, and says what to do without either', () => {
    expect(parseRedisUrl(undefined, { BACKTESTER_REDIS_URL: 'redis://127.0.0.1:7000' }).port).toBe(7000);
    expect(() => parseRedisUrl(undefined, {})).toThrow(UsageError);
    expect(() => parseRedisUrl(undefined, {})).toThrow(/No Redis URL given/);
  });

  it('refuses other schemes and bad databases without echoing a password', () => {
    expect(() => parseRedisUrl('http://:pw@h:1', {})).toThrow(/Not a Redis URL: http:\/\/:\*\*\*@h:1 \(scheme http:\)/);
    expect(() => parseRedisUrl('redis://h:1/x', {})).toThrow(/database must be a whole number/);
  });
});

describe('redactRedisUrl', () => {
  it('masks every password in a command line and leaves the rest', () => {
    expect(redactRedisUrl('backtester --queue redis://:p4ss@h:1 --x rediss://u:p@h2/3 redis://h3:4'))
      .toBe('backtester --queue redis://:***@h:1 --x rediss://u:***@h2/3 redis://h3:4');
  });
});
