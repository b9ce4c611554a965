import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KfaxError } from '../../src/errors/kfax-error.js';
import { CircuitBreaker, type BreakerChange } from '../../src/engine/circuit-breaker.js';
import { decideFailure } from '../../src/engine/decide.js';
import { dependencyMissing, heldFor } from '../../src/engine/handler.js';
import { fullJitterDelayMs } from '../../src/engine/retry-policy.js';
import { DEFAULT_RETRY_SETTINGS, resolveEndpointSettings } from '../../src/engine/settings.js';
import { TokenBucket } from '../../src/engine/token-bucket.js';

const retry = { ...DEFAULT_RETRY_SETTINGS, baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 5, unknownErrorMaxAttempts: 2, inDoubtMaxAttempts: 3 };
const attempt = (budgetUsed: number) => ({ id: 1, type: 't', attempt: budgetUsed, budgetUsed });

describe('fullJitterDelayMs', () => {
  it('stays within [0, min(max, base·2^(n−1))) for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
        const d = fullJitterDelayMs(n, retry, () => r);
        const ceiling = Math.min(1_000, 100 * 2 ** (n - 1));
        return Number.isInteger(d) && d >= 0 && d < ceiling;
      }),
    );
  });

  it('spreads delays over the whole window (full jitter, not equal jitter)', () => {
    expect(fullJitterDelayMs(3, retry, () => 0)).toBe(0);
    expect(fullJitterDelayMs(3, retry, () => 0.5)).toBe(200);
    expect(fullJitterDelayMs(3, retry, () => 0.999)).toBe(399);
    expect(fullJitterDelayMs(30, retry, () => 0.999)).toBe(999);
  });
});

describe('decideFailure', () => {
  it('retries transient failures until maxAttempts, then dead-letters them', () => {
    const d1 = decideFailure(attempt(1), new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['ax', 503]), retry, 1000, () => 0.5);
    expect(d1).toMatchObject({ settlement: { kind: 'retry_wait', runAt: 1050, throttled: false }, breaker: 'failure' });
    const d5 = decideFailure(attempt(5), new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['ax', 503]), retry, 1000);
    expect(d5.settlement).toMatchObject({ kind: 'dead', error: { code: 'KFAX_RETRIES_EXHAUSTED', kind: 'permanent' } });
  });

  it('caps unknown exceptions lower than KfaxErrors', () => {
    expect(decideFailure(attempt(1), new Error('boom'), retry, 0).settlement.kind).toBe('retry_wait');
    expect(decideFailure(attempt(2), new Error('boom'), retry, 0).settlement).toMatchObject({ kind: 'dead', error: { details: { last: { code: 'KFAX_HANDLER_FAILED' } } } });
    expect(decideFailure(attempt(2), 'a thrown string', retry, 0).settlement).toMatchObject({ kind: 'dead' });
  });

  it('honours retryAfterMs of a throttled failure and asks the endpoint to pause', () => {
    const d = decideFailure(attempt(9), new KfaxError('KFAX_REMOTE_THROTTLED', ['kashflow'], { retryAfterMs: 30_000 }), retry, 1000);
    expect(d).toEqual({ settlement: expect.objectContaining({ kind: 'retry_wait', runAt: 31_000, throttled: true }), breaker: 'success', pauseUntil: 31_000 });
  });

  it('re-sends in-doubt failures, then leaves them to an operator', () => {
    expect(decideFailure(attempt(1), new KfaxError('KFAX_REMOTE_TIMEOUT', ['ax', 1]), retry, 0, () => 0).settlement).toMatchObject({ kind: 'in_doubt', runAt: 0 });
    expect(decideFailure(attempt(3), new KfaxError('KFAX_REMOTE_TIMEOUT', ['ax', 1]), retry, 0).settlement).toMatchObject({ kind: 'in_doubt', runAt: null });
  });

  it('dead-letters permanent failures at once without counting them against the breaker', () => {
    expect(decideFailure(attempt(1), new KfaxError('KFAX_REMOTE_REJECTED', ['ax', 'no']), retry, 0)).toMatchObject({ settlement: { kind: 'dead' }, breaker: 'success' });
  });

  it('parks on the named dependency, with a fallback retry time while the budget lasts', () => {
    const d = decideFailure(attempt(1), dependencyMissing({ system: 'kashflow', entity: 'customer', sourceId: 'A B/1' }), retry, 0, () => 0);
    expect(d.settlement).toMatchObject({ kind: 'parked', parkedOn: 'kashflow/customer/A%20B%2F1', fallbackRunAt: 0 });
    expect(decideFailure(attempt(5), dependencyMissing({ system: 'k', entity: 'c', sourceId: '1' }), retry, 0).settlement).toMatchObject({ kind: 'parked', fallbackRunAt: null });
    const unnamed = new KfaxError('KFAX_DEPENDENCY_MISSING', ['something']);
    expect(decideFailure(attempt(1), unnamed, retry, 0).settlement.kind).toBe('retry_wait');
  });

  it('holds with the hold key from the error details', () => {
    expect(decideFailure(attempt(1), heldFor('period closed', 'ax/period/kfuk/2026-11'), retry, 0).settlement).toMatchObject({ kind: 'held', holdKey: 'ax/period/kfuk/2026-11' });
    expect(decideFailure(attempt(1), heldFor('on hold'), retry, 0).settlement).toMatchObject({ kind: 'held', holdKey: null });
  });

  it('uses the kind override of a KfaxError', () => {
    const err = new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['ax', 503], { kind: 'permanent' });
    expect(decideFailure(attempt(1), err, retry, 0).settlement.kind).toBe('dead');
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then refills at the configured rate', () => {
    const b = new TokenBucket(10, 3, 0);
    expect(b.available(0)).toBe(3);
    b.take(3, 0);
    expect(b.available(0)).toBe(0);
    expect(b.msUntilNext(0)).toBe(100);
    expect(b.available(99)).toBe(0);
    expect(b.available(100)).toBe(1);
    expect(b.available(10_000)).toBe(3);
  });

  it('rejects a rate of zero', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
  });
});

describe('CircuitBreaker', () => {
  it('opens after consecutive failures, lets one probe through after openMs, and closes on its success', () => {
    const changes: BreakerChange[] = [];
    const b = new CircuitBreaker({ failureThreshold: 3, openMs: 1000 }, (c) => changes.push(c));
    b.record('failure', 0);
    b.record('failure', 1);
    b.record('success', 2); // any answer resets the count
    b.record('failure', 3);
    b.record('failure', 4);
    expect(b.allowance(4)).toBe(Number.POSITIVE_INFINITY);
    b.record('failure', 5);
    expect(b.state(5)).toBe('open');
    expect(b.allowance(1004)).toBe(0);
    expect(b.allowance(1005)).toBe(1);
    b.claimed(1, 1005);
    expect(b.allowance(1006)).toBe(0);
    b.record('success', 1010);
    expect(b.state(1010)).toBe('closed');
    expect(changes.map((c) => `${c.from}>${c.to}@${c.at}`)).toEqual(['closed>open@5', 'open>half_open@1005', 'half_open>closed@1010']);
  });

  it('re-opens when the probe fails', () => {
    const b = new CircuitBreaker({ failureThreshold: 1, openMs: 100 });
    b.record('failure', 0);
    expect(b.allowance(100)).toBe(1);
    b.claimed(1, 100);
    b.record('failure', 101);
    expect(b.state(150)).toBe('open');
    expect(b.reopensAt()).toBe(201);
  });
});

describe('resolveEndpointSettings', () => {
  it('layers built-in defaults, the default entry and the endpoint entry', () => {
    const s = resolveEndpointSettings('ax', { default: { concurrency: 2, retry: { maxAttempts: 3 } }, ax: { retry: { baseDelayMs: 7 }, breaker: { openMs: 5 } } });
    expect(s.concurrency).toBe(2);
    expect(s.retry).toMatchObject({ maxAttempts: 3, baseDelayMs: 7, maxDelayMs: DEFAULT_RETRY_SETTINGS.maxDelayMs });
    expect(s.breaker).toEqual({ failureThreshold: 5, openMs: 5 });
    expect(resolveEndpointSettings('ax', { ax: { breaker: null } }).breaker).toBeNull();
  });
});
