import { expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { describeEachBackend } from './backends.js';
import { claimRequest, newMessage } from './fixtures.js';

const REJECTED = { code: 'KFAX_REMOTE_REJECTED', kind: 'permanent', message: 'rejected' } as const;

async function deadLetter(store: Store, payload = '{"amount":"10.00"}'): Promise<number> {
  const [r] = await store.enqueue([newMessage({ payload })], { now: 1 });
  await store.claim(claimRequest({ now: 2 }));
  await store.settle('w1', [{ kind: 'dead', id: r!.id!, attempt: 1, error: REJECTED }], 3);
  return r!.id!;
}

describeEachBackend('dead letters and operator actions', (ctx) => {
  it('lists dead letters with their reason and pages by id', async () => {
    const { store } = ctx();
    const a = await deadLetter(store);
    const b = await deadLetter(store);
    const list = await store.listMessages({ states: ['dead'], limit: 10 });
    expect(list.map((m) => m.id)).toEqual([a, b]);
    expect(list[0]).toMatchObject({ state: 'dead', lastError: REJECTED, attempts: 1 });
    expect(list[0]).not.toHaveProperty('payload');
    expect((await store.listMessages({ states: ['dead'], limit: 10, afterId: a })).map((m) => m.id)).toEqual([b]);
    expect(await store.listMessages({ states: ['dead'], limit: 10, type: 'nope' })).toEqual([]);
  });

  it('retries dead letters with a fresh budget and the same idempotency key, skipping others', async () => {
    const { store } = ctx();
    const a = await deadLetter(store);
    const before = await store.getMessage(a);
    const [pending] = await store.enqueue([newMessage()], { now: 4 });
    const result = await store.retryMessages([a, pending!.id!, 999_999], { actor: 'alice', now: 10, note: 'fixed mapping' }, ['dead']);
    expect(result).toEqual({ changed: [a], skipped: [{ id: pending!.id, state: 'pending' }, { id: 999_999, state: null }] });
    const row = await store.getMessage(a);
    expect(row).toMatchObject({ state: 'pending', budgetUsed: 0, attempts: 1, runAt: 10, idempotencyKey: before!.idempotencyKey });
    expect(row!.history.at(-1)).toEqual({ at: 10, from: 'dead', to: 'pending', attempt: 1, by: 'alice', note: 'fixed mapping' });
    expect((await store.listAudit({ messageId: a, limit: 5 }))[0]).toMatchObject({ actor: 'alice', action: 'message.retry', at: 10 });
  });

  it('edit-then-retry replaces the payload, keeps the original and the key, and audits the diff', async () => {
    const { store } = ctx();
    const a = await deadLetter(store, '{"amount":"10.00"}');
    const key = (await store.getMessage(a))!.idempotencyKey;
    const diff = [{ path: 'amount', from: '10.00', to: '12.00' }];
    const result = await store.editMessage(a, { payload: '{"amount":"12.00"}', expectedPayload: '{"amount":"10.00"}', details: { diff } }, { actor: 'bob', now: 20 });
    expect(result.changed).toEqual([a]);
    expect(await store.getMessage(a)).toMatchObject({ state: 'pending', payload: '{"amount":"12.00"}', originalPayload: '{"amount":"10.00"}', idempotencyKey: key });
    const [audit] = await store.listAudit({ messageId: a, limit: 5 });
    expect(audit).toMatchObject({ actor: 'bob', action: 'message.edit', at: 20, details: { diff } });
  });

  it('refuses an edit based on a stale payload and an edit of a message that is not dead or held', async () => {
    const { store } = ctx();
    const a = await deadLetter(store);
    const stale = await store.editMessage(a, { payload: '{}', expectedPayload: '{"amount":"99"}', details: {} }, { actor: 'bob', now: 20 });
    expect(stale).toEqual({ changed: [], skipped: [{ id: a, state: 'dead' }] });
    const [p] = await store.enqueue([newMessage()], { now: 1 });
    const wrongState = await store.editMessage(p!.id!, { payload: '{}', expectedPayload: '{"n":1}', details: {} }, { actor: 'bob', now: 20 });
    expect(wrongState.skipped).toEqual([{ id: p!.id, state: 'pending' }]);
    expect(await store.listAudit({ limit: 10 })).toEqual([]);
  });

  it('keeps the first original payload across several edits', async () => {
    const { store } = ctx();
    const a = await deadLetter(store, '{"v":1}');
    await store.editMessage(a, { payload: '{"v":2}', expectedPayload: '{"v":1}', details: {} }, { actor: 'x', now: 5 });
    await store.claim(claimRequest({ now: 6 }));
    await store.settle('w1', [{ kind: 'dead', id: a, attempt: 2, error: REJECTED }], 7);
    await store.editMessage(a, { payload: '{"v":3}', expectedPayload: '{"v":2}', details: {} }, { actor: 'x', now: 8 });
    expect(await store.getMessage(a)).toMatchObject({ payload: '{"v":3}', originalPayload: '{"v":1}' });
  });

  it('discards dead letters with a reason: hidden from the queue, kept on record, not retryable', async () => {
    const { store } = ctx();
    const a = await deadLetter(store);
    const result = await store.discardMessages([a], { actor: 'carol', now: 30, note: 'test invoice, never needed in AX' });
    expect(result.changed).toEqual([a]);
    expect(await store.listMessages({ states: ['dead'], limit: 10 })).toEqual([]);
    expect((await store.listMessages({ states: ['dead'], limit: 10, includeDiscarded: true }))[0]).toMatchObject({ id: a, discardReason: 'test invoice, never needed in AX', discardedAt: 30 });
    expect((await store.retryMessages([a], { actor: 'x', now: 31 }, ['dead'])).changed).toEqual([]);
    expect((await store.stats(31)).deadOpen).toBe(0);
    expect((await store.listAudit({ messageId: a, limit: 1 }))[0]).toMatchObject({ action: 'message.discard', details: { reason: 'test invoice, never needed in AX' } });
  });

  it('resolves an in-doubt message as delivered with its xrefs, or as a re-send', async () => {
    const { store } = ctx();
    const [a, b] = (await store.enqueue([newMessage(), newMessage()], { now: 1 })).map((r) => r.id!);
    await store.claim(claimRequest({ now: 2 }));
    const err = { code: 'KFAX_REMOTE_TIMEOUT', kind: 'in_doubt', message: 't' } as const;
    await store.settle('w1', [{ kind: 'in_doubt', id: a!, attempt: 1, runAt: null, error: err }, { kind: 'in_doubt', id: b!, attempt: 1, runAt: null, error: err }], 3);
    const delivered = await store.resolveInDoubt(a!, { outcome: 'delivered', xrefs: [{ system: 'kashflow', entity: 'invoice', sourceId: '101', targetId: 'FTI-9' }] }, { actor: 'ops', now: 10 });
    expect(delivered.changed).toEqual([a]);
    expect(await store.getMessage(a!)).toMatchObject({ state: 'delivered', deliveredAt: 10 });
    expect(await store.getXref('kashflow', 'invoice', '101')).toMatchObject({ targetId: 'FTI-9', messageId: a });
    await store.resolveInDoubt(b!, { outcome: 'resend' }, { actor: 'ops', now: 11 });
    expect(await store.getMessage(b!)).toMatchObject({ state: 'in_doubt', runAt: 11, budgetUsed: 0 });
    const [again] = await store.claim(claimRequest({ now: 12 }));
    expect(again).toMatchObject({ id: b, resend: true });
    expect((await store.resolveInDoubt(a!, { outcome: 'resend' }, { actor: 'ops', now: 13 })).skipped).toEqual([{ id: a, state: 'delivered' }]);
  });

  it('retries parked messages on request', async () => {
    const { store } = ctx();
    const [r] = await store.enqueue([newMessage()], { now: 1 });
    await store.claim(claimRequest({ now: 2 }));
    await store.settle('w1', [{ kind: 'parked', id: r!.id!, attempt: 1, parkedOn: 'k/customer/Q', fallbackRunAt: 5, error: { code: 'KFAX_DEPENDENCY_MISSING', kind: 'dependency', message: 'm' } }], 3);
    expect((await store.retryMessages([r!.id!], { actor: 'x', now: 4 }, ['dead'])).changed).toEqual([]);
    expect((await store.retryMessages([r!.id!], { actor: 'x', now: 4 }, ['parked'])).changed).toEqual([r!.id]);
    expect(await store.getMessage(r!.id!)).toMatchObject({ state: 'pending', parkedOn: null });
  });
});
