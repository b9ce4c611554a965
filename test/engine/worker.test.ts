import { expect, it } from 'vitest';
import { z } from 'zod';
import { KfaxError } from '../../src/errors/kfax-error.js';
import { dependencyMissing, heldFor, type Delivery } from '../../src/engine/handler.js';
import { rootIdempotencyKey } from '../../src/engine/idempotency.js';
import type { TransitionEvent } from '../../src/engine/events.js';
import { describeEachBackend } from '../store/backends.js';
import { assertValidHistory, registry, testEngine, waitFor, waitForState } from './helpers.js';

describeEachBackend('engine: delivery', (ctx) => {
  it('runs an ingested event through its handler once and records the delivery and its history', async () => {
    const { store } = ctx();
    const seen: Delivery[] = [];
    const types = registry().define({
      type: 'shop.order',
      endpoint: 'kashflow',
      schema: z.object({ orderId: z.string(), total: z.string() }),
      handle: (d) => {
        seen.push(d as Delivery);
        return { output: { invoice: 'INV-1' } };
      },
    });
    const engine = testEngine(store, types);
    const events: TransitionEvent[] = [];
    engine.events.on('transitions', (batch) => events.push(...batch));
    await engine.start();
    try {
      const event = { source: 'shop', dedupeKey: 'evt-1', type: 'shop.order', payload: { orderId: 'A1', total: '12.50' } };
      const first = await engine.ingest(event);
      const again = await engine.ingest(event);
      expect(again).toEqual({ id: first.id, duplicate: true });
      const m = await waitForState(store, first.id!, 'delivered');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ payload: { orderId: 'A1', total: '12.50' }, attempt: 1, resend: false, idempotencyKey: rootIdempotencyKey('shop.order', 'shop/evt-1') });
      expect(m.output).toBe('{"invoice":"INV-1"}');
      expect(m.history.map((h) => h.to)).toEqual(['pending', 'in_flight', 'delivered']);
      assertValidHistory(m);
      await waitFor(() => events.some((e) => e.id === first.id && e.to === 'delivered'));
      expect(events.filter((e) => e.id === first.id).map((e) => e.to)).toEqual(['pending', 'in_flight', 'delivered']);
    } finally {
      await engine.stop();
    }
  });

  it('commits xrefs and follow-up messages with the completion; follow-ups get deterministic keys', async () => {
    const { store } = ctx();
    const keys: string[] = [];
    const types = registry()
      .define({
        type: 'customer.sync',
        endpoint: 'ax',
        handle: () => ({ xrefs: [{ system: 'kashflow', entity: 'customer', sourceId: 'ABC01', targetId: 'C0001' }], enqueue: [{ type: 'customer.notify', payload: { ax: 'C0001' }, key: 'notify' }] }),
      })
      .define({ type: 'customer.notify', endpoint: 'mail', handle: (d) => void keys.push(d.idempotencyKey) });
    const engine = testEngine(store, types);
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'customer.sync', payload: {}, key: 'ABC01@v1' });
      await waitForState(store, r.id!, 'delivered');
      expect(await engine.lookupXref('kashflow', 'customer', 'ABC01')).toBe('C0001');
      const [child] = await waitFor(async () => {
        const list = await store.listMessages({ states: ['delivered'], type: 'customer.notify', limit: 5 });
        return list.length > 0 ? list : undefined;
      });
      expect(keys).toHaveLength(1);
      expect(child).toMatchObject({ parentId: r.id, endpoint: 'mail' });
      expect(keys[0]).toBe(child!.idempotencyKey);
      expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      await engine.stop();
    }
  });

  it('gives a global follow-up the same identity as a direct enqueue, so the pair runs once', async () => {
    const { store } = ctx();
    const runs: string[] = [];
    const types = registry()
      .define({ type: 'order.create', endpoint: 'kashflow', handle: () => ({ enqueue: [{ type: 'invoice.sync', payload: { n: 7 }, key: 'invoice:7', global: true }] }) })
      .define({ type: 'invoice.sync', endpoint: 'ax', handle: (d) => void runs.push(d.idempotencyKey) });
    const engine = testEngine(store, types);
    await engine.start();
    try {
      const direct = await engine.enqueue({ type: 'invoice.sync', payload: { n: 7 }, key: 'invoice:7' });
      const order = await engine.enqueue({ type: 'order.create', payload: {}, key: 'o1' });
      await waitForState(store, order.id!, 'delivered');
      await waitForState(store, direct.id!, 'delivered');
      expect(runs).toEqual([rootIdempotencyKey('invoice.sync', 'invoice:7')]);
      expect(await store.listMessages({ states: ['pending', 'in_flight', 'delivered', 'retry_wait', 'parked', 'held', 'in_doubt', 'dead'], type: 'invoice.sync', limit: 5 })).toHaveLength(1);
    } finally {
      await engine.stop();
    }
  });

  it('delivers the messages of one aggregate in order, even when the first one needs retries', async () => {
    const { store } = ctx();
    const calls: string[] = [];
    let invoiceFailures = 2;
    const types = registry().define({
      type: 'doc.post',
      endpoint: 'ax',
      schema: z.object({ doc: z.string() }),
      handle: (d: Delivery<{ doc: string }>) => {
        calls.push(d.payload.doc);
        if (d.payload.doc === 'invoice' && invoiceFailures-- > 0) throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['ax', 503]);
      },
    });
    const engine = testEngine(store, types, { endpoints: { ax: { concurrency: 4 } } });
    await engine.start();
    try {
      const ids = (await engine.enqueueMany([
        { type: 'doc.post', payload: { doc: 'invoice' }, key: 'i', aggregateKey: 'INV-1' },
        { type: 'doc.post', payload: { doc: 'payment' }, key: 'p', aggregateKey: 'INV-1' },
        { type: 'doc.post', payload: { doc: 'other' }, key: 'o', aggregateKey: 'INV-2' },
      ])).map((r) => r.id!);
      await waitForState(store, ids[1]!, 'delivered');
      const aggregateCalls = calls.filter((c) => c !== 'other');
      expect(aggregateCalls).toEqual(['invoice', 'invoice', 'invoice', 'payment']);
      for (const id of ids) assertValidHistory((await store.getMessage(id))!);
    } finally {
      await engine.stop();
    }
  });

  it('parks a message whose dependency is missing and releases it when the xref lands', async () => {
    const { store } = ctx();
    const types = registry()
      .define({
        type: 'payment.post',
        endpoint: 'ax',
        handle: async (d) => {
          const customer = await d.lookupXref('kashflow', 'customer', 'NEW01');
          if (!customer) throw dependencyMissing({ system: 'kashflow', entity: 'customer', sourceId: 'NEW01' });
          return { output: { customer } };
        },
      })
      .define({ type: 'customer.create', endpoint: 'ax', handle: () => ({ xrefs: [{ system: 'kashflow', entity: 'customer', sourceId: 'NEW01', targetId: 'C0042' }] }) });
    const engine = testEngine(store, types);
    await engine.start();
    try {
      const payment = await engine.enqueue({ type: 'payment.post', payload: {}, key: 'pay-1' });
      const parked = await waitForState(store, payment.id!, 'parked');
      expect(parked.parkedOn).toBe('kashflow/customer/NEW01');
      expect(parked.lastError).toMatchObject({ code: 'KFAX_DEPENDENCY_MISSING', kind: 'dependency', details: { dependency: { system: 'kashflow', entity: 'customer', sourceId: 'NEW01' } } });
      await engine.enqueue({ type: 'customer.create', payload: {}, key: 'NEW01' });
      const done = await waitForState(store, payment.id!, 'delivered');
      expect(done.output).toBe('{"customer":"C0042"}');
      expect(done.history.map((h) => h.to)).toEqual(['pending', 'in_flight', 'parked', 'pending', 'in_flight', 'delivered']);
      assertValidHistory(done);
    } finally {
      await engine.stop();
    }
  });

  it('holds a message with its reason until the hold key is released', async () => {
    const { store } = ctx();
    let periodOpen = false;
    const types = registry().define({
      type: 'journal.post',
      endpoint: 'ax',
      handle: () => {
        if (!periodOpen) throw heldFor('AX period 2026-11 of kfuk is closed', 'ax/period/kfuk/2026-11');
      },
    });
    const engine = testEngine(store, types);
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'journal.post', payload: {}, key: 'j1' });
      const held = await waitForState(store, r.id!, 'held');
      expect(held).toMatchObject({ holdKey: 'ax/period/kfuk/2026-11', lastError: { code: 'KFAX_MESSAGE_HELD', message: 'held: AX period 2026-11 of kfuk is closed' } });
      periodOpen = true;
      expect(await engine.releaseHeld('ax/period/kfuk/2026-11', 'period-watcher', 'period reopened')).toBe(1);
      await waitForState(store, r.id!, 'delivered');
    } finally {
      await engine.stop();
    }
  });

  it('retries transient failures with backoff and dead-letters them when the budget is spent', async () => {
    const { store } = ctx();
    let calls = 0;
    const types = registry().define({
      type: 'x',
      endpoint: 'ax',
      handle: () => {
        calls++;
        throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['ax', 503]);
      },
    });
    const engine = testEngine(store, types, { endpoints: { ax: { breaker: null } } });
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'x', payload: { a: 1 }, key: 'k' });
      const dead = await waitForState(store, r.id!, 'dead');
      expect(calls).toBe(4);
      expect(dead.lastError).toMatchObject({ code: 'KFAX_RETRIES_EXHAUSTED', kind: 'permanent', message: 'gave up after 4 attempts: ax answered 503', details: { last: { code: 'KFAX_REMOTE_UNAVAILABLE' } } });
      expect(dead.history.map((h) => h.to)).toEqual(['pending', 'in_flight', 'retry_wait', 'in_flight', 'retry_wait', 'in_flight', 'retry_wait', 'in_flight', 'dead']);
      expect(dead.history.filter((h) => h.to === 'retry_wait').every((h) => h.error?.code === 'KFAX_REMOTE_UNAVAILABLE' && typeof h.runAt === 'number')).toBe(true);
      assertValidHistory(dead);
    } finally {
      await engine.stop();
    }
  });

  it('retries at the scheduled time, not at the next poll, with nobody listening to events', async () => {
    const { store } = ctx();
    const times: number[] = [];
    const types = registry().define({
      type: 'x',
      endpoint: 'ax',
      handle: () => {
        times.push(Date.now());
        if (times.length < 3) throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['ax', 503]);
      },
    });
    const engine = testEngine(store, types, { settings: { pollIntervalMs: 60_000 }, endpoints: { ax: { breaker: null } } });
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'x', payload: {}, key: 'k' });
      await waitForState(store, r.id!, 'delivered', 5_000);
      expect(times).toHaveLength(3);
      expect(times[2]! - times[0]!).toBeLessThan(2_000);
    } finally {
      await engine.stop();
    }
  });

  it('keeps every scheduled retry time, not only the earliest', async () => {
    const { store } = ctx();
    const calls = new Map<number, number[]>();
    const types = registry().define({
      type: 'x',
      endpoint: 'ax',
      handle: (d) => {
        const list = calls.get(d.id) ?? [];
        list.push(Date.now());
        calls.set(d.id, list);
        if (list.length === 1) throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['ax', 503]);
      },
    });
    // backoff ceiling 1 s; the pinned random values give delays of 150 ms and 450 ms
    const randoms = [0.15, 0.45];
    const engine = testEngine(store, types, {
      settings: { pollIntervalMs: 60_000 },
      endpoints: { ax: { breaker: null, retry: { baseDelayMs: 1_000, maxDelayMs: 1_000 } } },
      random: () => randoms.shift() ?? 0,
    });
    await engine.start();
    try {
      const ids = (await engine.enqueueMany([{ type: 'x', payload: {}, key: 'a' }, { type: 'x', payload: {}, key: 'b' }])).map((r) => r.id!);
      for (const id of ids) await waitForState(store, id, 'delivered', 5_000);
      const gaps = ids.map((id) => calls.get(id)![1]! - calls.get(id)![0]!).sort((a, b) => a - b);
      expect(gaps[0]).toBeGreaterThanOrEqual(140);
      expect(gaps[1]).toBeGreaterThanOrEqual(440);
      expect(gaps[1]).toBeLessThan(1_500);
    } finally {
      await engine.stop();
    }
  });

  it('treats unknown exceptions as transient with the lower cap', async () => {
    const { store } = ctx();
    let calls = 0;
    const types = registry().define({
      type: 'x',
      endpoint: 'ax',
      handle: () => {
        calls++;
        throw new TypeError('cannot read properties of undefined');
      },
    });
    const engine = testEngine(store, types, { endpoints: { ax: { breaker: null } } });
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'x', payload: {}, key: 'k' });
      const dead = await waitForState(store, r.id!, 'dead');
      expect(calls).toBe(3);
      expect(dead.lastError!.details!.last).toMatchObject({ code: 'KFAX_HANDLER_FAILED', kind: 'transient', message: 'handler for x failed: cannot read properties of undefined', details: { error: 'TypeError' } });
    } finally {
      await engine.stop();
    }
  });

  it('honours retryAfterMs of a throttled answer without spending the retry budget', async () => {
    const { store } = ctx();
    const times: number[] = [];
    const types = registry().define({
      type: 'x',
      endpoint: 'kashflow',
      handle: () => {
        times.push(Date.now());
        if (times.length <= 4) throw new KfaxError('KFAX_REMOTE_THROTTLED', ['kashflow'], { retryAfterMs: 150 });
      },
    });
    const engine = testEngine(store, types);
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'x', payload: {}, key: 'k' });
      const done = await waitForState(store, r.id!, 'delivered');
      // 4 throttles with a budget of 4 attempts: still delivered, because throttles are given back
      expect(times).toHaveLength(5);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(140);
      expect(done.budgetUsed).toBe(1);
    } finally {
      await engine.stop();
    }
  });

  it('re-sends an in-doubt message with the same idempotency key and the resend flag', async () => {
    const { store } = ctx();
    const seen: { key: string; resend: boolean; attempt: number }[] = [];
    const types = registry().define({
      type: 'x',
      endpoint: 'ax',
      handle: (d) => {
        seen.push({ key: d.idempotencyKey, resend: d.resend, attempt: d.attempt });
        if (seen.length === 1) throw new KfaxError('KFAX_REMOTE_TIMEOUT', ['ax', 30000]);
      },
    });
    const engine = testEngine(store, types);
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'x', payload: {}, key: 'k' });
      await waitForState(store, r.id!, 'delivered');
      expect(seen).toEqual([
        { key: seen[0]!.key, resend: false, attempt: 1 },
        { key: seen[0]!.key, resend: true, attempt: 2 },
      ]);
    } finally {
      await engine.stop();
    }
  });

  it('dead-letters a permanent failure at once, and edit-then-retry delivers it with the same key', async () => {
    const { store } = ctx();
    const posted: { key: string; amount: string }[] = [];
    const types = registry().define({
      type: 'invoice.post',
      endpoint: 'ax',
      schema: z.object({ amount: z.string().regex(/^\d+\.\d{2}$/), account: z.string() }),
      handle: (d: Delivery<{ amount: string; account: string }>) => {
        if (d.payload.account === '9999') throw new KfaxError('KFAX_REMOTE_REJECTED', ['ax', 'main account 9999 does not exist'], { details: { hint: 'map nominal 4000 to an AX main account' } });
        posted.push({ key: d.idempotencyKey, amount: d.payload.amount });
      },
    });
    const engine = testEngine(store, types);
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'invoice.post', payload: { amount: '10.00', account: '9999' }, key: 'inv-7' });
      const dead = await waitForState(store, r.id!, 'dead');
      expect(dead.attempts).toBe(1);
      expect(dead.lastError).toMatchObject({ code: 'KFAX_REMOTE_REJECTED', details: { hint: 'map nominal 4000 to an AX main account' } });
      await expect(engine.deadLetters.edit(r.id!, { set: [{ path: ['amount'], value: '10' }] }, 'alice')).rejects.toMatchObject({ code: 'KFAX_PAYLOAD_INVALID' });
      const edit = await engine.deadLetters.edit(r.id!, { set: [{ path: ['account'], value: '4000' }] }, 'alice', 'account fixed');
      expect(edit.diff).toEqual([{ path: 'account', from: '9999', to: '4000' }]);
      const done = await waitForState(store, r.id!, 'delivered');
      expect(posted).toEqual([{ key: dead.idempotencyKey, amount: '10.00' }]);
      expect(done.originalPayload).toBe('{"amount":"10.00","account":"9999"}');
      const audit = await store.listAudit({ messageId: r.id!, limit: 5 });
      expect(audit[0]).toMatchObject({ actor: 'alice', action: 'message.edit', details: { note: 'account fixed', validated: true, diff: [{ path: 'account', from: '9999', to: '4000' }] } });
      assertValidHistory(done);
    } finally {
      await engine.stop();
    }
  });

  it('dead-letters a corrupt row with a reason and keeps delivering the others', async () => {
    const { store, target } = ctx();
    const delivered: number[] = [];
    const types = registry().define({ type: 'x', endpoint: 'ax', handle: (d) => void delivered.push(d.id) });
    const engine = testEngine(store, types);
    const ids = (await engine.enqueueMany([1, 2, 3].map((i) => ({ type: 'x', payload: { i }, key: String(i) })))).map((r) => r.id!);
    await target.raw(target.backend === 'sqlite' ? 'UPDATE kfax_messages SET payload = ? WHERE id = ?' : 'UPDATE kfax_messages SET payload = $1 WHERE id = $2', ['{"i": 2, broken', ids[1]]);
    await engine.start();
    try {
      const dead = await waitForState(store, ids[1]!, 'dead');
      expect(dead.lastError).toMatchObject({ code: 'KFAX_PAYLOAD_CORRUPT', kind: 'permanent' });
      expect(dead.lastError!.message).toContain(`stored payload of message ${ids[1]} cannot be read`);
      await waitForState(store, ids[2]!, 'delivered');
      await waitForState(store, ids[0]!, 'delivered');
      expect(delivered.sort()).toEqual([ids[0], ids[2]]);
    } finally {
      await engine.stop();
    }
  });

  it('abandons a handler that outlives its timeout as in doubt and re-sends it', async () => {
    const { store } = ctx();
    let calls = 0;
    let aborted = false;
    const types = registry().define({
      type: 'slow',
      endpoint: 'ax',
      handle: (d) =>
        new Promise<void>((resolve) => {
          calls++;
          if (calls > 1) return resolve();
          d.signal.addEventListener('abort', () => (aborted = true));
        }),
    });
    const engine = testEngine(store, types, { endpoints: { ax: { handlerTimeoutMs: 100 } } });
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'slow', payload: {}, key: 'k' });
      const done = await waitForState(store, r.id!, 'delivered');
      expect(aborted).toBe(true);
      expect(done.history.map((h) => h.to)).toEqual(['pending', 'in_flight', 'in_doubt', 'in_flight', 'delivered']);
      expect(done.history[2]!.error).toMatchObject({ code: 'KFAX_HANDLER_TIMEOUT', kind: 'in_doubt' });
    } finally {
      await engine.stop();
    }
  });
});
