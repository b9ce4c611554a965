import { randomUUID } from 'node:crypto';
import type { ClaimRequest, NewMessage } from '../../src/store/types.js';

/** A message with sensible defaults and a fresh idempotency key. */
export function newMessage(overrides: Partial<NewMessage> = {}): NewMessage {
  return { type: 'test.noop', endpoint: 'sink', payload: '{"n":1}', idempotencyKey: randomUUID(), ...overrides };
}

/** A claim request with defaults (endpoint `sink`, type `test.noop`). */
export function claimRequest(overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  return { workerId: 'w1', endpoint: 'sink', types: ['test.noop'], limit: 100, now: Date.now(), leaseMs: 30_000, ...overrides };
}

/** A fixed error record for failure settlements. */
export const TRANSIENT = { code: 'KFAX_REMOTE_UNAVAILABLE', kind: 'transient', message: 'ax answered 503' } as const;
