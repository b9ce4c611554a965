import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { MessageTypeRegistry } from '../../src/engine/message-types.js';
import { canTransition } from '../../src/engine/state-machine.js';
import type { Store } from '../../src/store/store.js';
import type { MessageRecord } from '../../src/store/types.js';

/** Engine settings that make tests fast: short polls, sweeps and leases. */
export const FAST_SETTINGS = { pollIntervalMs: 50, sweepIntervalMs: 100, parkedRecheckMs: 200, leaseMs: 2_000, shutdownTimeoutMs: 2_000, claimBatchSize: 50 } as const;

/** Retry settings with tiny delays. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4, unknownErrorMaxAttempts: 3, inDoubtMaxAttempts: 3 } as const;

/** An engine with fast settings on `store`; stop it in `finally`. */
export function testEngine(store: Store, registry: MessageTypeRegistry, options: Partial<EngineOptions> = {}): Engine {
  return new Engine({
    store,
    registry,
    settings: { ...FAST_SETTINGS, ...options.settings },
    endpoints: { default: { retry: FAST_RETRY, handlerTimeoutMs: 2_000 }, ...options.endpoints },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.workerId ? { workerId: options.workerId } : {}),
  });
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until message `id` is in `state`. */
export function waitForState(store: Store, id: number, state: MessageRecord['state'], timeoutMs = 10_000): Promise<MessageRecord> {
  return waitFor(async () => {
    const m = await store.getMessage(id);
    return m && m.state === state ? m : undefined;
  }, timeoutMs, `message ${id} to be ${state}`);
}

/** Throws unless every history entry follows the state machine and times never go backwards. */
export function assertValidHistory(m: MessageRecord): void {
  let previous: MessageRecord['state'] | null = null;
  let at = 0;
  m.history.forEach((e, i) => {
    if (i > 0 && e.from !== previous) throw new Error(`message ${m.id}: entry ${i} starts from ${e.from} but the previous entry ended in ${previous}`);
    if (!canTransition(e.from, e.to)) throw new Error(`message ${m.id}: illegal transition ${e.from} → ${e.to}`);
    if (e.at < at) throw new Error(`message ${m.id}: time goes backwards at entry ${i}`);
    previous = e.to;
    at = e.at;
  });
  if (previous !== m.state) throw new Error(`message ${m.id}: history ends in ${previous} but the state is ${m.state}`);
}

/** A fresh registry. */
export function registry(): MessageTypeRegistry {
  return new MessageTypeRegistry();
}
