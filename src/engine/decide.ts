/**
 * Turns a handler failure into a settlement, using only the failure kind from the error catalog
 * (`src/errors/`) and the endpoint's retry settings:
 *
 * | kind        | outcome                                                                  |
 * |-------------|--------------------------------------------------------------------------|
 * | transient   | retry_wait with full-jitter backoff; dead once `maxAttempts` are used      |
 * | (unknown)   | as transient, capped at `unknownErrorMaxAttempts`                        |
 * | throttled   | retry_wait at `retryAfterMs` (or backoff); the attempt is given back      |
 * | in_doubt    | in_doubt, re-sent after backoff; waits for an operator after the cap     |
 * | permanent   | dead                                                                     |
 * | dependency  | parked on `details.dependency` (as transient when none is named)         |
 * | held        | held with `details.holdKey`                                              |
 */
import { isKfaxError, type KfaxError } from '../errors/kfax-error.js';
import { xrefKey } from '../store/keys.js';
import type { ErrorRecord, Settlement } from '../store/types.js';
import { fullJitterDelayMs } from './retry-policy.js';
import type { RetrySettings } from './settings.js';

/** A failure settlement plus what the endpoint's breaker and limiter should learn from it. */
export interface FailureDecision {
  readonly settlement: Exclude<Settlement, { kind: 'delivered' | 'returned' }>;
  /** `failure` counts towards opening the breaker; `success` means the endpoint answered. */
  readonly breaker: 'failure' | 'success';
  /** The endpoint asked for a pause (throttled with Retry-After): claim nothing before this. */
  readonly pauseUntil?: number;
}

/** The attempt being decided. */
export interface AttemptInfo {
  readonly id: number;
  readonly type: string;
  readonly attempt: number;
  /** Counted attempts including this one. */
  readonly budgetUsed: number;
}

/** The stored form of an error (never includes secrets: KfaxError details are operator-safe by contract). */
export function errorRecord(err: KfaxError): ErrorRecord {
  const details = Object.keys(err.details).length > 0 ? err.details : undefined;
  return { code: err.code, kind: err.kind, message: err.message, ...(details ? { details } : {}) };
}

/** The record of an exception that is not a KfaxError: transient, with its name and the top of its stack. */
export function unknownErrorRecord(type: string, err: unknown): ErrorRecord {
  const e = err instanceof Error ? err : new Error(typeof err === 'string' ? err : JSON.stringify(err) ?? String(err));
  const stack = (e.stack ?? '').split('\n').slice(0, 6).join('\n');
  return { code: 'KFAX_HANDLER_FAILED', kind: 'transient', message: `handler for ${type} failed: ${e.message}`, details: { error: e.name, stack } };
}

function exhausted(attempts: number, last: ErrorRecord): ErrorRecord {
  return { code: 'KFAX_RETRIES_EXHAUSTED', kind: 'permanent', message: `gave up after ${attempts} attempts: ${last.message}`, details: { last } };
}

/** Decides what a failed attempt becomes. */
export function decideFailure(a: AttemptInfo, err: unknown, retry: RetrySettings, now: number, random: () => number = Math.random): FailureDecision {
  const base = { id: a.id, attempt: a.attempt };
  const backoffAt = (): number => now + fullJitterDelayMs(a.budgetUsed, retry, random);
  if (!isKfaxError(err)) {
    const error = unknownErrorRecord(a.type, err);
    if (a.budgetUsed >= Math.min(retry.unknownErrorMaxAttempts, retry.maxAttempts)) return { settlement: { ...base, kind: 'dead', error: exhausted(a.budgetUsed, error) }, breaker: 'failure' };
    return { settlement: { ...base, kind: 'retry_wait', runAt: backoffAt(), error, throttled: false }, breaker: 'failure' };
  }
  const error = errorRecord(err);
  switch (err.kind) {
    case 'transient':
      if (a.budgetUsed >= retry.maxAttempts) return { settlement: { ...base, kind: 'dead', error: exhausted(a.budgetUsed, error) }, breaker: 'failure' };
      return { settlement: { ...base, kind: 'retry_wait', runAt: backoffAt(), error, throttled: false }, breaker: 'failure' };
    case 'throttled': {
      const runAt = err.retryAfterMs === undefined ? backoffAt() : now + Math.max(0, err.retryAfterMs);
      return { settlement: { ...base, kind: 'retry_wait', runAt, error, throttled: true }, breaker: 'success', ...(err.retryAfterMs === undefined ? {} : { pauseUntil: runAt }) };
    }
    case 'in_doubt':
      return {
        settlement: { ...base, kind: 'in_doubt', runAt: a.budgetUsed >= retry.inDoubtMaxAttempts ? null : backoffAt(), error },
        breaker: 'failure',
      };
    case 'permanent':
      return { settlement: { ...base, kind: 'dead', error }, breaker: 'success' };
    case 'dependency': {
      const dep = dependencyOf(err);
      const fallbackRunAt = a.budgetUsed >= retry.maxAttempts ? null : backoffAt();
      if (!dep) {
        // A dependency failure that names nothing cannot be released by an xref: retry it.
        if (fallbackRunAt === null) return { settlement: { ...base, kind: 'dead', error: exhausted(a.budgetUsed, error) }, breaker: 'success' };
        return { settlement: { ...base, kind: 'retry_wait', runAt: fallbackRunAt, error, throttled: false }, breaker: 'success' };
      }
      return { settlement: { ...base, kind: 'parked', parkedOn: xrefKey(dep.system, dep.entity, dep.sourceId), fallbackRunAt, error }, breaker: 'success' };
    }
    case 'held': {
      const holdKey = typeof err.details.holdKey === 'string' ? err.details.holdKey : null;
      return { settlement: { ...base, kind: 'held', holdKey, error }, breaker: 'success' };
    }
  }
}

function dependencyOf(err: KfaxError): { system: string; entity: string; sourceId: string } | null {
  const d = err.details.dependency as Record<string, unknown> | undefined;
  if (!d || typeof d.system !== 'string' || typeof d.entity !== 'string' || typeof d.sourceId !== 'string') return null;
  return { system: d.system, entity: d.entity, sourceId: d.sourceId };
}
