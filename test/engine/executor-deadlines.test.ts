import { describe, expect, it } from 'vitest';
import { Deadlines, type DeadlineEntry } from '../../src/engine/deadline-queue.js';
import { Interrupter, executeMessage, type ExecutorContext } from '../../src/engine/executor.js';
import type { Delivery, Handler } from '../../src/engine/handler.js';
import { MessageTypeRegistry } from '../../src/engine/message-types.js';
import { resolveEndpointSettings } from '../../src/engine/settings.js';
import type { ClaimedMessage } from '../../src/store/types.js';

function entry(onExpire: () => void): DeadlineEntry {
  return { deadlineAt: 0, deadlinePrev: undefined, deadlineNext: undefined, deadlineList: undefined, expire: onExpire };
}

function context(handle: Handler): ExecutorContext {
  return { registry: new MessageTypeRegistry().define({ type: 'x', endpoint: 'ax', handle }), clock: { now: () => Date.now() }, maxPayloadBytes: 1_000_000, workerId: 'w1', lookupXref: () => Promise.resolve('T-1') };
}

function claimed(id: number): ClaimedMessage {
  return { id, type: 'x', endpoint: 'ax', payload: '{}', attempt: 1, budgetUsed: 0, idempotencyKey: '6f1c1b8e-3b1a-5c2d-9e4f-0a1b2c3d4e5f', resend: false, aggregateKey: null, previousState: 'pending' } as ClaimedMessage;
}

const never = (): Promise<void> => new Promise<void>(() => {});

describe('handler deadlines (one timer per timeout)', () => {
  it('expires each entry at its own deadline, in order, and never one that was removed', async () => {
    const deadlines = new Deadlines();
    const expired: string[] = [];
    const started = performance.now();
    const at: Record<string, number> = {};
    const add = (name: string, ms: number): DeadlineEntry => {
      const e = entry(() => {
        expired.push(name);
        at[name] = performance.now() - started;
      });
      deadlines.add(e, ms);
      return e;
    };
    add('a60', 60);
    const removed = add('b60', 60);
    add('c30', 30);
    await new Promise((r) => setTimeout(r, 10));
    add('d60', 60);
    deadlines.remove(removed);
    await new Promise((r) => setTimeout(r, 120));
    expect(expired).toEqual(['c30', 'a60', 'd60']);
    expect(at.c30).toBeGreaterThanOrEqual(29);
    expect(at.a60).toBeGreaterThanOrEqual(59);
    expect(at.d60).toBeGreaterThanOrEqual(69);
  });

  it('an entry added while others expire (an expiry starts a handler) expires at its own deadline, on one timer', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const deadlines = new Deadlines();
    const expired: string[] = [];
    let timersAfterReAdd = -1;
    let laterAddedAt = 0;
    const later = entry(() => expired.push('later'));
    deadlines.add(
      entry(() => {
        expired.push('first');
        laterAddedAt = performance.now();
        deadlines.add(later, 30);
      }),
      20,
    );
    deadlines.add(entry(() => expired.push('second')), 20);
    await new Promise((r) => setTimeout(r, 25));
    timersAfterReAdd = timers();
    await new Promise((r) => setTimeout(r, 40));
    expect(expired).toEqual(['first', 'second', 'later']);
    expect(timersAfterReAdd).toBe(before + 1);
    expect(timers()).toBe(before);
    expect(laterAddedAt).toBeGreaterThan(0);
  });

  it('does not keep the process alive once nothing is waiting for a deadline', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const deadlines = new Deadlines();
    const e = entry(() => {});
    deadlines.add(e, 60_000);
    expect(timers()).toBe(before + 1);
    deadlines.remove(e);
    expect(timers()).toBe(before);
    deadlines.add(e, 60_000);
    expect(timers()).toBe(before + 1);
    deadlines.remove(e);
  });
});

describe('executeMessage stops a handler', () => {
  it('at its timeout: the run fails with KFAX_HANDLER_TIMEOUT and the signal aborts with that reason', async () => {
    let signal: AbortSignal | undefined;
    const ctx = context((d: Delivery) => {
      signal = d.signal;
      return never();
    });
    const started = performance.now();
    const outcome = await executeMessage(claimed(1), resolveEndpointSettings('ax', { ax: { handlerTimeoutMs: 100 } }), ctx, new Interrupter());
    expect(performance.now() - started).toBeGreaterThanOrEqual(99);
    expect(outcome.settlement).toMatchObject({ kind: 'in_doubt', error: { code: 'KFAX_HANDLER_TIMEOUT', kind: 'in_doubt' } });
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toMatchObject({ code: 'KFAX_HANDLER_TIMEOUT' });
  });

  it('at shutdown: running and later runs are recorded in doubt with KFAX_SHUTDOWN_INTERRUPTED', async () => {
    const interrupt = new Interrupter();
    const signals: AbortSignal[] = [];
    const ctx = context((d: Delivery) => {
      signals.push(d.signal);
      return never();
    });
    const settings = resolveEndpointSettings('ax', { ax: { handlerTimeoutMs: 60_000 } });
    const running = executeMessage(claimed(1), settings, ctx, interrupt);
    await new Promise((r) => setTimeout(r, 5));
    interrupt.fire();
    const later = executeMessage(claimed(2), settings, ctx, interrupt);
    for (const outcome of await Promise.all([running, later])) {
      expect(outcome).toMatchObject({ settlement: { kind: 'in_doubt', error: { code: 'KFAX_SHUTDOWN_INTERRUPTED' } }, breaker: 'none' });
    }
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
  });

  it('not when it settles first: its result commits, its signal stays unaborted, a late deadline finds nothing', async () => {
    let signal: AbortSignal | undefined;
    const ctx = context(async (d: Delivery) => {
      signal = d.signal;
      const { lookupXref } = d; // an own property: usable off the delivery
      return { output: { target: await lookupXref('ax', 'invoice', '1') } };
    });
    const outcome = await executeMessage(claimed(1), resolveEndpointSettings('ax', { ax: { handlerTimeoutMs: 100 } }), ctx, new Interrupter());
    expect(outcome).toMatchObject({ settlement: { kind: 'delivered', output: '{"target":"T-1"}' }, breaker: 'success' });
    await new Promise((r) => setTimeout(r, 130));
    expect(signal?.aborted).toBe(false);
  });

  it('turns a synchronous throw into a failure like a rejection', async () => {
    const ctx = context(() => {
      throw new Error('boom');
    });
    const outcome = await executeMessage(claimed(1), resolveEndpointSettings('ax', {}), ctx, new Interrupter());
    expect(outcome.settlement.kind).toBe('retry_wait');
  });
});
