import { expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { describeEachBackend } from './backends.js';
import { TRANSIENT, claimRequest, newMessage } from './fixtures.js';

async function enqueueN(store: Store, n: number, now = 1): Promise<number[]> {
  const results = await store.enqueue(Array.from({ length: n }, (_, i) => newMessage({ payload: `{"i":${i}}` })), { now });
  return results.map((r) => r.id!);
}

describeEachBackend('claim', (ctx) => {
  it('leases up to `limit` messages, oldest first, and records the claim in the history', async () => {
    const { store } = ctx();
    const ids = await enqueueN(store, 5);
    const claimed = await store.claim(claimRequest({ limit: 3, now: 100, leaseMs: 500, workerId: 'w-a' }));
    expect(claimed.map((c) => c.id)).toEqual(ids.slice(0, 3));
    expect(claimed[0]).toMatchObject({ attempt: 1, budgetUsed: 1, resend: false, previousState: 'pending', payload: '{"i":0}', type: 'test.noop', endpoint: 'sink' });
    const row = await store.getMessage(ids[0]!);
    expect(row).toMatchObject({ state: 'in_flight', leaseOwner: 'w-a', leaseExpiresAt: 600, attempts: 1 });
    expect(row!.history.at(-1)).toEqual({ at: 100, from: 'pending', to: 'in_flight', attempt: 1, by: 'w-a' });
  });

  it('keeps the history valid JSON whatever the worker id contains', async () => {
    const { store } = ctx();
    const [id] = await enqueueN(store, 1);
    const odd = 'host "a"\\b:1:ü';
    await store.claim(claimRequest({ now: 5, workerId: odd }));
    await store.settle(odd, [{ kind: 'retry_wait', id: id!, attempt: 1, runAt: 6, error: { ...TRANSIENT, message: 'quote " and newline \n' }, throttled: false }], 6);
    const row = await store.getMessage(id!);
    expect(row!.history.map((h) => h.by ?? null)).toEqual([null, odd, odd]);
    expect(row!.history[2]!.error!.message).toBe('quote " and newline \n');
  });

  it('never hands out a leased message again while the lease holds', async () => {
    const { store } = ctx();
    await enqueueN(store, 2);
    const a = await store.claim(claimRequest({ limit: 10, now: 100 }));
    const b = await store.claim(claimRequest({ limit: 10, now: 200, workerId: 'w2' }));
    expect(a).toHaveLength(2);
    expect(b).toEqual([]);
  });

  it('claims only the requested endpoint and message types', async () => {
    const { store } = ctx();
    await store.enqueue([newMessage({ endpoint: 'ax' }), newMessage({ type: 'other' }), newMessage()], { now: 1 });
    const claimed = await store.claim(claimRequest({ now: 10 }));
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({ endpoint: 'sink', type: 'test.noop' });
    expect(await store.claim(claimRequest({ now: 10, endpoint: 'ax' }))).toHaveLength(1);
    expect(await store.claim(claimRequest({ now: 10, types: ['other'] }))).toHaveLength(1);
  });

  it('delivers messages of one aggregate one at a time, in order', async () => {
    const { store } = ctx();
    const [invoice, payment, other] = (await store.enqueue(
      [newMessage({ aggregateKey: 'INV-1' }), newMessage({ aggregateKey: 'INV-1' }), newMessage({ aggregateKey: 'INV-2' })],
      { now: 1 },
    )).map((r) => r.id!);
    const first = await store.claim(claimRequest({ now: 10 }));
    expect(first.map((c) => c.id)).toEqual([invoice, other]);
    // while the invoice is in flight, retrying, parked or held, its payment waits
    await store.settle('w1', [{ kind: 'retry_wait', id: invoice!, attempt: 1, runAt: 20, error: TRANSIENT, throttled: false }], 11);
    expect((await store.claim(claimRequest({ now: 15 }))).map((c) => c.id)).toEqual([]);
    const again = await store.claim(claimRequest({ now: 20 }));
    expect(again.map((c) => c.id)).toEqual([invoice]);
    const done = await store.settle('w1', [{ kind: 'delivered', id: invoice!, attempt: 2, output: null, xrefs: [], enqueue: [] }], 21);
    // the settlement names the endpoint whose next message in the aggregate became claimable
    expect(done.unblocked).toEqual(['sink']);
    expect((await store.claim(claimRequest({ now: 22 }))).map((c) => c.id)).toEqual([payment]);
  });

  it('lets later messages of an aggregate proceed once an earlier one is dead', async () => {
    const { store } = ctx();
    const [a, b] = (await store.enqueue([newMessage({ aggregateKey: 'X' }), newMessage({ aggregateKey: 'X' })], { now: 1 })).map((r) => r.id!);
    await store.claim(claimRequest({ now: 2 }));
    const done = await store.settle('w1', [{ kind: 'dead', id: a!, attempt: 1, error: { code: 'KFAX_REMOTE_REJECTED', kind: 'permanent', message: 'no' } }], 3);
    expect(done.unblocked).toEqual(['sink']);
    expect((await store.claim(claimRequest({ now: 4 }))).map((c) => c.id)).toEqual([b]);
  });

  it('returns work of a dead worker: an expired lease becomes in_doubt and is re-sent with resend set', async () => {
    const { store } = ctx();
    const [id] = await enqueueN(store, 1);
    await store.claim(claimRequest({ now: 100, leaseMs: 50, workerId: 'dead-worker' }));
    expect(await store.expireLeases(149, 10)).toEqual([]);
    expect(await store.expireLeases(151, 10)).toEqual([{ id, endpoint: 'sink' }]);
    const row = await store.getMessage(id!);
    expect(row).toMatchObject({ state: 'in_doubt', resend: true, leaseOwner: null, runAt: 151 });
    expect(row!.lastError).toMatchObject({ code: 'KFAX_LEASE_EXPIRED', kind: 'in_doubt' });
    expect(row!.lastError!.message).toContain('dead-worker');
    const [reclaimed] = await store.claim(claimRequest({ now: 152, workerId: 'w2' }));
    expect(reclaimed).toMatchObject({ id, attempt: 2, resend: true, previousState: 'in_doubt' });
    // the dead worker's late settlement is ignored: its lease is gone
    const late = await store.settle('dead-worker', [{ kind: 'delivered', id: id!, attempt: 1, output: null, xrefs: [], enqueue: [] }], 153);
    expect(late.lost).toEqual([id]);
    expect((await store.getMessage(id!))!.state).toBe('in_flight');
  });

  it('reports the state each message was claimed from, as its history records it, whatever the worker id and attempt', async () => {
    const { store } = ctx();
    const workers = ['w', 'host "a"\\b:1:ü', 'pending', '"in_doubt"', 'wörker-😀-retry_wait'];
    const [returned, retried, doubted] = await enqueueN(store, 3);
    const expected = new Map([[returned, 'pending'], [retried, 'retry_wait'], [doubted, 'in_doubt']]);
    // Eleven rounds: attempt numbers reach two digits.
    for (let round = 0; round < 11; round++) {
      const worker = workers[round % workers.length]!;
      const now = 10 + round;
      const claimed = await store.claim(claimRequest({ now, workerId: worker }));
      expect(claimed).toHaveLength(3);
      for (const c of claimed) {
        const history = (await store.getMessage(c.id))!.history;
        expect(c.previousState).toBe(history.at(-1)!.from);
        expect(c.previousState).toBe(round === 0 ? 'pending' : expected.get(c.id));
      }
      const attempt = (id: number | undefined) => claimed.find((c) => c.id === id)!.attempt;
      await store.settle(
        worker,
        [
          { kind: 'returned', id: returned!, attempt: attempt(returned) },
          { kind: 'retry_wait', id: retried!, attempt: attempt(retried), runAt: now, error: TRANSIENT, throttled: false },
          { kind: 'in_doubt', id: doubted!, attempt: attempt(doubted), runAt: now, error: { ...TRANSIENT, kind: 'in_doubt' } },
        ],
        now,
      );
    }
    expect((await store.getMessage(retried!))!.attempts).toBe(11);
  });

  it('extends only the leases the worker still holds', async () => {
    const { store } = ctx();
    const ids = await enqueueN(store, 2);
    await store.claim(claimRequest({ now: 100, leaseMs: 50, limit: 1, workerId: 'w-a' }));
    await store.claim(claimRequest({ now: 100, leaseMs: 50, limit: 1, workerId: 'w-b' }));
    expect(await store.extendLeases('w-a', ids, 10_000)).toEqual([ids[0]]);
    expect(await store.expireLeases(200, 10)).toEqual([{ id: ids[1], endpoint: 'sink' }]);
  });

  it('shares work between concurrent claimers without ever leasing one message twice', async () => {
    const { target, store } = ctx();
    const ids = await enqueueN(store, 400);
    const others = await Promise.all([target.open(), target.open()]);
    const seen: number[] = [];
    await Promise.all(
      [store, ...others].map(async (s, w) => {
        for (;;) {
          const batch = await s.claim(claimRequest({ workerId: `w${w}`, limit: 7, now: 10 }));
          if (batch.length === 0) return;
          seen.push(...batch.map((c) => c.id));
        }
      }),
    );
    expect(seen.length).toBe(ids.length);
    expect(new Set(seen).size).toBe(ids.length);
  });
});
