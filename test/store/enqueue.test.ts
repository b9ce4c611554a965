import { expect, it } from 'vitest';
import { describeEachBackend } from './backends.js';
import { newMessage } from './fixtures.js';

describeEachBackend('enqueue', (ctx) => {
  it('writes messages as pending with a creation entry in their history, in input order', async () => {
    const { store } = ctx();
    const results = await store.enqueue([newMessage({ payload: '{"a":1}' }), newMessage({ payload: '{"a":2}', aggregateKey: 'inv-1' })], { now: 1000 });
    expect(results.map((r) => r.duplicate)).toEqual([false, false]);
    expect(results[1]!.id!).toBeGreaterThan(results[0]!.id!);
    const second = await store.getMessage(results[1]!.id!);
    expect(second).toMatchObject({ state: 'pending', payload: '{"a":2}', aggregateKey: 'inv-1', attempts: 0, runAt: 1000, createdAt: 1000 });
    expect(second!.history).toEqual([{ at: 1000, from: null, to: 'pending', attempt: 0 }]);
  });

  it('acknowledges a re-delivered inbox event as a duplicate of the original, writing nothing', async () => {
    const { store } = ctx();
    const [first] = await store.enqueue([newMessage({ inbox: { source: 'shop', dedupeKey: 'evt-1' } })], { now: 1 });
    const [again] = await store.enqueue([newMessage({ inbox: { source: 'shop', dedupeKey: 'evt-1' }, payload: '{"changed":true}' })], { now: 2 });
    expect(again).toEqual({ id: first!.id, duplicate: true });
    expect((await store.stats(3)).counts.pending).toBe(1);
    expect((await store.getMessage(first!.id!))!.payload).toBe('{"n":1}');
    // the same dedupe key from another source is a different event
    const [other] = await store.enqueue([newMessage({ inbox: { source: 'gateway', dedupeKey: 'evt-1' } })], { now: 3 });
    expect(other!.duplicate).toBe(false);
  });

  it('treats a second message with the same idempotency key as a duplicate', async () => {
    const { store } = ctx();
    const m = newMessage();
    const [a] = await store.enqueue([m], { now: 1 });
    const [b] = await store.enqueue([{ ...m, payload: '{"other":1}' }], { now: 2 });
    expect(b).toEqual({ id: a!.id, duplicate: true });
  });

  it('resolves repeats inside one batch to the first occurrence', async () => {
    const { store } = ctx();
    const m = newMessage();
    const results = await store.enqueue(
      [m, { ...m }, newMessage({ inbox: { source: 's', dedupeKey: 'k' } }), newMessage({ inbox: { source: 's', dedupeKey: 'k' } })],
      { now: 1 },
    );
    expect(results[0]!.duplicate).toBe(false);
    expect(results[1]).toEqual({ id: results[0]!.id, duplicate: true });
    expect(results[2]!.duplicate).toBe(false);
    expect(results[3]).toEqual({ id: results[2]!.id, duplicate: true });
    expect((await store.stats(1)).counts.pending).toBe(2);
  });

  it('writes cursors and snapshots in the same transaction as the messages', async () => {
    const { store } = ctx();
    await store.enqueue([newMessage()], { now: 5, cursors: [{ name: 'kashflow.customers', value: '2026-11-26T10:00:00' }], snapshots: [{ scope: 'invoices', key: '101', hash: 'abc' }] });
    expect(await store.getCursor('kashflow.customers')).toBe('2026-11-26T10:00:00');
    expect(await store.getSnapshots('invoices')).toEqual(new Map([['101', 'abc']]));
  });

  it('is all or nothing: a failing message leaves neither messages nor cursor behind', async () => {
    const { store } = ctx();
    const bad = newMessage({ payload: null as unknown as string });
    await expect(store.enqueue([newMessage(), bad], { now: 5, cursors: [{ name: 'c', value: 'v' }] })).rejects.toThrow();
    expect((await store.stats(5)).counts.pending).toBe(0);
    expect(await store.getCursor('c')).toBeNull();
  });

  it('keeps a future runAt: the message is not claimable before it', async () => {
    const { store } = ctx();
    await store.enqueue([newMessage({ runAt: 10_000 })], { now: 1 });
    expect(await store.claim({ workerId: 'w', endpoint: 'sink', types: ['test.noop'], limit: 10, now: 9_999, leaseMs: 1000 })).toEqual([]);
    expect(await store.claim({ workerId: 'w', endpoint: 'sink', types: ['test.noop'], limit: 10, now: 10_000, leaseMs: 1000 })).toHaveLength(1);
  });
});
