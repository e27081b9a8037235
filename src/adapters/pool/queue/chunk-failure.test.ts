import { describe, expect, it } from 'vitest';
import { BacktesterError, StrategyError, UsageError } from '../../../base/errors.js';
import { failureReason, reviveFailure } from './chunk-failure.js';
import { refusal } from './chunk-protocol.js';

describe('chunk failures through BullMQ', () => {
  it('a strategy error comes back typed, with its message and hint', () => {
    const e = reviveFailure(failureReason(new StrategyError('STRATEGY_FAILED', 'Strategy X threw with parameters {"k":3}: boom.', { hint: 'Fix it.' })), 'BTC/USDT positions 0–4');
    expect(e).toBeInstanceOf(StrategyError);
    expect((e as BacktesterError).code).toBe('STRATEGY_FAILED');
    expect(e.message).toBe('Strategy X threw with parameters {"k":3}: boom.');
    expect((e as BacktesterError).hint).toBe('Fix it.');
  });

  it('a refusal becomes a usage error naming the chunk; an unknown error says which chunk failed', () => {
    const r = reviveFailure('REFUSED: this worker runs backtester 1.0.0 (hint: Upgrade.)', 'ETH/USDT positions 5–9');
    expect(r).toBeInstanceOf(UsageError);
    expect(r.message).toBe('A worker refused the chunk of ETH/USDT positions 5–9: this worker runs backtester 1.0.0.');
    expect(reviveFailure(failureReason(new TypeError('x is undefined')), 'c').message).toBe('A queue worker failed on c: x is undefined');
  });

  it('refuses another version or protocol, naming both sides', () => {
    expect(refusal({ version: '1.2.3', protocol: 1 }, { version: '1.2.3', protocol: 1 })).toBeNull();
    expect(refusal({ version: '1.2.4', protocol: 1 }, { version: '1.2.3', protocol: 1 })).toMatch(/runs backtester 1\.2\.3 \(protocol 1\) but the chunk was queued by backtester 1\.2\.4/);
    expect(refusal({ version: '1.2.3', protocol: 2 }, { version: '1.2.3', protocol: 1 })).not.toBeNull();
  });
});
