import { expect, it } from 'vitest';
import { xrefKey } from '../../src/store/keys.js';
import type { Store } from '../../src/store/store.js';
import { describeEachBackend } from './backends.js';
import { TRANSIENT, claimRequest, newMessage } from './fixtures.js';

const DEP = { code: 'KFAX_DEPENDENCY_MISSING', kind: 'dependency', message: 'waiting for kashflow/customer/ABC01' } as const;
const HELD = { code: 'KFAX_MESSAGE_HELD', kind: 'held', message: 'held: period 2026-11 closed' } as const;

async function claimOne(store: Store, now = 10, payload = '{}', extra: Parameters<typeof newMessage>[0] = {}): Promise<number> {
  const [r] = await store.enqueue([newMessage({ payload, ...extra })], { now: now - 1 });
  const claimed = await store.claim(claimRequest({ now, limit: 100 }));
  expect(claimed.map((c) => c.id)).toContain(r!.id);
  return r!.id!;
}

describeEachBackend('settle (complete and fail)', (ctx) => {
  it('completes a batch in one commit, recording xrefs and follow-ups with the delivery', async () => {
    const { store } = ctx();
    const a = await claimOne(store);
    const b = await claimOne(store, 11);
    const followUp = newMessage({ type: 'ax.post', endpoint: 'ax', payload: '{"doc":1}', parentId: a });
    const result = await store.settle(
      'w1',
      [
        { kind: 'delivered', id: a, attempt: 1, output: '{"axId":"C001"}', xrefs: [{ system: 'kashflow', entity: 'customer', sourceId: 'ABC01', targetId: 'C001' }], enqueue: [followUp] },
        { kind: 'delivered', id: b, attempt: 1, output: null, xrefs: [], enqueue: [] },
      ],
      20,
    );
    expect(result.settled).toEqual(expect.arrayContaining([{ id: a, to: 'delivered' }, { id: b, to: 'delivered' }]));
    expect(result.lost).toEqual([]);
    expect(result.enqueued).toEqual([{ id: expect.any(Number), endpoint: 'ax' }]);
    const row = await store.getMessage(a);
    expect(row).toMatchObject({ state: 'delivered', output: '{"axId":"C001"}', deliveredAt: 20, leaseOwner: null });
    expect(row!.history.at(-1)).toEqual({ at: 20, from: 'in_flight', to: 'delivered', attempt: 1, by: 'w1' });
    expect(await store.getXref('kashflow', 'customer', 'ABC01')).toMatchObject({ targetId: 'C001', messageId: a, key: xrefKey('kashflow', 'customer', 'ABC01') });
    expect(await store.getXrefTarget('kashflow', 'customer', 'ABC01')).toBe('C001');
    expect(await store.findXrefByTarget('kashflow', 'customer', 'C001')).toHaveLength(1);
    const child = await store.getMessage(result.enqueued[0]!.id);
    expect(child).toMatchObject({ type: 'ax.post', endpoint: 'ax', state: 'pending', parentId: a, idempotencyKey: followUp.idempotencyKey });
  });

  it('skips a settlement whose lease was lost, together with its xrefs and follow-ups', async () => {
    const { store } = ctx();
    const a = await claimOne(store);
    const result = await store.settle(
      'someone-else',
      [{ kind: 'delivered', id: a, attempt: 1, output: null, xrefs: [{ system: 'k', entity: 'c', sourceId: '1', targetId: 'x' }], enqueue: [newMessage()] }],
      20,
    );
    expect(result).toEqual({ settled: [], lost: [a], enqueued: [], released: [], unblocked: [] });
    expect(await store.getXref('k', 'c', '1')).toBeNull();
    expect(await store.getXrefTarget('k', 'c', '1')).toBeNull();
    expect((await store.getMessage(a))!.state).toBe('in_flight');
  });

  it('schedules a transient failure for retry and records the error in the history', async () => {
    const { store } = ctx();
    const a = await claimOne(store);
    const result = await store.settle('w1', [{ kind: 'retry_wait', id: a, attempt: 1, runAt: 500, error: TRANSIENT, throttled: false }], 20);
    expect(result.settled).toEqual([{ id: a, to: 'retry_wait' }]);
    const row = await store.getMessage(a);
    expect(row).toMatchObject({ state: 'retry_wait', runAt: 500, lastError: TRANSIENT, budgetUsed: 1, attempts: 1 });
    expect(row!.history.at(-1)).toEqual({ at: 20, from: 'in_flight', to: 'retry_wait', attempt: 1, by: 'w1', error: TRANSIENT, runAt: 500 });
  });

  it('gives a throttled attempt back to the retry budget', async () => {
    const { store } = ctx();
    const a = await claimOne(store);
    await store.settle('w1', [{ kind: 'retry_wait', id: a, attempt: 1, runAt: 30, error: { code: 'KFAX_REMOTE_THROTTLED', kind: 'throttled', message: 'slow down' }, throttled: true }], 20);
    expect(await store.getMessage(a)).toMatchObject({ attempts: 1, budgetUsed: 0 });
  });

  it('marks an in-doubt message for re-send, scheduled or left to an operator', async () => {
    const { store } = ctx();
    const a = await claimOne(store);
    const b = await claimOne(store, 11);
    const err = { code: 'KFAX_REMOTE_TIMEOUT', kind: 'in_doubt', message: 'no answer' } as const;
    await store.settle('w1', [{ kind: 'in_doubt', id: a, attempt: 1, runAt: 40, error: err }, { kind: 'in_doubt', id: b, attempt: 1, runAt: null, error: err }], 20);
    expect(await store.getMessage(a)).toMatchObject({ state: 'in_doubt', resend: true, runAt: 40 });
    expect(await store.getMessage(b)).toMatchObject({ state: 'in_doubt', resend: true, runAt: null });
    const again = await store.claim(claimRequest({ now: 10_000 }));
    expect(again.map((c) => [c.id, c.resend])).toEqual([[a, true]]);
  });

  it('parks a message on a missing xref and releases it in the transaction that records the xref', async () => {
    const { store } = ctx();
    const key = xrefKey('kashflow', 'customer', 'ABC01');
    const a = await claimOne(store);
    await store.settle('w1', [{ kind: 'parked', id: a, attempt: 1, parkedOn: key, fallbackRunAt: 99, error: DEP }], 20);
    expect(await store.getMessage(a)).toMatchObject({ state: 'parked', parkedOn: key, lastError: DEP });
    expect(await store.claim(claimRequest({ now: 1_000_000 }))).toEqual([]);
    const released = await store.recordXrefs([{ system: 'kashflow', entity: 'customer', sourceId: 'ABC01', targetId: 'C9' }], 30);
    expect(released).toEqual([{ id: a, endpoint: 'sink' }]);
    const row = await store.getMessage(a);
    expect(row).toMatchObject({ state: 'pending', parkedOn: null, runAt: 30 });
    expect(row!.history.at(-1)).toMatchObject({ from: 'parked', to: 'pending', note: `dependency ${key} recorded` });
  });

  it('releases parked messages when another message completes with the xref they wait for', async () => {
    const { store } = ctx();
    const key = xrefKey('kashflow', 'customer', 'NEW1');
    const payment = await claimOne(store);
    await store.settle('w1', [{ kind: 'parked', id: payment, attempt: 1, parkedOn: key, fallbackRunAt: 99, error: DEP }], 20);
    const customer = await claimOne(store, 21);
    const result = await store.settle('w1', [{ kind: 'delivered', id: customer, attempt: 1, output: null, xrefs: [{ system: 'kashflow', entity: 'customer', sourceId: 'NEW1', targetId: 'C77' }], enqueue: [] }], 22);
    expect(result.released).toEqual([{ id: payment, endpoint: 'sink' }]);
    expect((await store.getMessage(payment))!.state).toBe('pending');
  });

  it('releases everything that several deliveries of one settle wait for, once each', async () => {
    const { store } = ctx();
    const keyA = xrefKey('kashflow', 'customer', 'A1');
    const keyB = xrefKey('kashflow', 'customer', 'B1');
    const parked: number[] = [];
    for (const key of [keyB, keyA, keyB]) {
      const id = await claimOne(store, 10 + parked.length);
      await store.settle('w1', [{ kind: 'parked', id, attempt: 1, parkedOn: key, fallbackRunAt: 99, error: DEP }], 20);
      parked.push(id);
    }
    const [waitsB1, waitsA, waitsB2] = parked;
    const first = await claimOne(store, 30);
    const second = await claimOne(store, 31);
    const xref = (sourceId: string) => ({ system: 'kashflow', entity: 'customer', sourceId, targetId: `T-${sourceId}` });
    const result = await store.settle(
      'w1',
      [
        { kind: 'delivered', id: first, attempt: 1, output: null, xrefs: [xref('A1'), xref('NONE')], enqueue: [newMessage({ endpoint: 'ax' })] },
        { kind: 'delivered', id: second, attempt: 1, output: null, xrefs: [xref('B1'), xref('A1')], enqueue: [] },
      ],
      40,
    );
    expect([...result.released].sort((x, y) => x.id - y.id)).toEqual([waitsB1, waitsA, waitsB2].map((id) => ({ id, endpoint: 'sink' })));
    for (const id of parked) expect(await store.getMessage(id)).toMatchObject({ state: 'pending', parkedOn: null, runAt: 40 });
  });

  it('does not park on an xref that already exists: retry at the fallback time, or dead without one', async () => {
    const { store } = ctx();
    await store.recordXrefs([{ system: 'kashflow', entity: 'customer', sourceId: 'X', targetId: 'C1' }], 5);
    const key = xrefKey('kashflow', 'customer', 'X');
    const a = await claimOne(store);
    const b = await claimOne(store, 11);
    const result = await store.settle(
      'w1',
      [
        { kind: 'parked', id: a, attempt: 1, parkedOn: key, fallbackRunAt: 77, error: DEP },
        { kind: 'parked', id: b, attempt: 1, parkedOn: key, fallbackRunAt: null, error: DEP },
      ],
      20,
    );
    expect(result.settled).toEqual(expect.arrayContaining([{ id: a, to: 'retry_wait' }, { id: b, to: 'dead' }]));
    expect(await store.getMessage(a)).toMatchObject({ state: 'retry_wait', runAt: 77 });
  });

  it('sees xrefs recorded earlier in the same batch when deciding to park', async () => {
    const { store } = ctx();
    const customer = await claimOne(store);
    const payment = await claimOne(store, 11);
    const result = await store.settle(
      'w1',
      [
        { kind: 'parked', id: payment, attempt: 1, parkedOn: xrefKey('k', 'customer', 'Z'), fallbackRunAt: 50, error: DEP },
        { kind: 'delivered', id: customer, attempt: 1, output: null, xrefs: [{ system: 'k', entity: 'customer', sourceId: 'Z', targetId: 'C' }], enqueue: [] },
      ],
      20,
    );
    expect(result.settled).toEqual(expect.arrayContaining([{ id: payment, to: 'retry_wait' }]));
  });

  it('holds a message with its reason until released by hold key', async () => {
    const { store } = ctx();
    const a = await claimOne(store);
    const b = await claimOne(store, 11);
    await store.settle(
      'w1',
      [
        { kind: 'held', id: a, attempt: 1, holdKey: 'ax/period/kfuk/2026-11', error: HELD },
        { kind: 'held', id: b, attempt: 1, holdKey: 'ax/period/kfuk/2026-12', error: HELD },
      ],
      20,
    );
    expect(await store.getMessage(a)).toMatchObject({ state: 'held', holdKey: 'ax/period/kfuk/2026-11', lastError: HELD });
    const result = await store.releaseHeld({ holdKey: 'ax/period/kfuk/2026-11' }, { actor: 'ops', now: 30, note: 'period reopened' });
    expect(result).toEqual({ changed: [a], skipped: [] });
    expect(await store.getMessage(a)).toMatchObject({ state: 'pending', holdKey: null, runAt: 30 });
    expect((await store.getMessage(b))!.state).toBe('held');
    const byId = await store.releaseHeld({ ids: [b, a] }, { actor: 'ops', now: 31 });
    expect(byId).toEqual({ changed: [b], skipped: [{ id: a, state: 'pending' }] });
    const audit = await store.listAudit({ messageId: a, limit: 10 });
    expect(audit[0]).toMatchObject({ actor: 'ops', action: 'message.release', details: { note: 'period reopened', holdKey: 'ax/period/kfuk/2026-11' } });
  });

  it('dead-letters a permanent failure with its reason', async () => {
    const { store } = ctx();
    const a = await claimOne(store);
    const err = { code: 'KFAX_REMOTE_REJECTED', kind: 'permanent', message: 'AX rejected: account 9999 does not exist', details: { hint: 'map nominal 4000' } } as const;
    await store.settle('w1', [{ kind: 'dead', id: a, attempt: 1, error: err }], 20);
    expect(await store.getMessage(a)).toMatchObject({ state: 'dead', lastError: err });
    expect((await store.stats(20)).deadOpen).toBe(1);
  });

  it('returns an unstarted message without consuming the attempt', async () => {
    const { store } = ctx();
    const a = await claimOne(store);
    const result = await store.settle('w1', [{ kind: 'returned', id: a, attempt: 1 }], 20);
    expect(result.settled).toEqual([{ id: a, to: 'pending' }]);
    expect(await store.getMessage(a)).toMatchObject({ state: 'pending', attempts: 0, budgetUsed: 0, runAt: 20 });
    const [again] = await store.claim(claimRequest({ now: 21 }));
    expect(again).toMatchObject({ id: a, attempt: 1 });
  });

  it('returns an unstarted re-send to in_doubt, keeping the resend flag', async () => {
    const { store } = ctx();
    const a = await claimOne(store);
    await store.settle('w1', [{ kind: 'in_doubt', id: a, attempt: 1, runAt: 11, error: { code: 'KFAX_REMOTE_TIMEOUT', kind: 'in_doubt', message: 'x' } }], 11);
    await store.claim(claimRequest({ now: 12 }));
    await store.settle('w1', [{ kind: 'returned', id: a, attempt: 2 }], 13);
    expect(await store.getMessage(a)).toMatchObject({ state: 'in_doubt', resend: true, attempts: 1 });
  });

  it('audits an xref whose target changes', async () => {
    const { store } = ctx();
    await store.recordXrefs([{ system: 'kashflow', entity: 'customer', sourceId: 'A', targetId: 'C1' }], 1);
    await store.recordXrefs([{ system: 'kashflow', entity: 'customer', sourceId: 'A', targetId: 'C1' }], 2);
    await store.recordXrefs([{ system: 'kashflow', entity: 'customer', sourceId: 'A', targetId: 'C2' }], 3);
    const audit = await store.listAudit({ limit: 10 });
    expect(audit.map((a) => a.action)).toEqual(['xref.changed']);
    expect(audit[0]!.details).toEqual({ key: xrefKey('kashflow', 'customer', 'A'), from: 'C1', to: 'C2' });
  });

  it('getXrefTarget answers the target getXref would, after a change too, and null for no xref (any source id)', async () => {
    const { store } = ctx();
    const odd = 'a/b c%d?é';
    await store.recordXrefs([{ system: 'kashflow', entity: 'customer', sourceId: odd, targetId: 'C1' }], 1);
    expect(await store.getXrefTarget('kashflow', 'customer', odd)).toBe('C1');
    await store.recordXrefs([{ system: 'kashflow', entity: 'customer', sourceId: odd, targetId: 'C2' }], 2);
    expect(await store.getXrefTarget('kashflow', 'customer', odd)).toBe('C2');
    expect((await store.getXref('kashflow', 'customer', odd))?.targetId).toBe('C2');
    expect(await store.getXrefTarget('kashflow', 'customer', 'a/b c')).toBeNull();
    expect(await store.getXrefTarget('kashflow', 'supplier', odd)).toBeNull();
  });

  it('recheckParked releases messages whose xref appeared without releasing them', async () => {
    const { store, target } = ctx();
    const a = await claimOne(store);
    const key = xrefKey('k', 'customer', 'RACE');
    await store.settle('w1', [{ kind: 'parked', id: a, attempt: 1, parkedOn: key, fallbackRunAt: 50, error: DEP }], 20);
    // simulate the READ COMMITTED race: the xref row lands without the release
    await target.raw(
      target.backend === 'sqlite'
        ? 'INSERT INTO kfax_xref (key, system, entity, source_id, target_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1)'
        : 'INSERT INTO kfax_xref (key, system, entity, source_id, target_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, 1)',
      [key, 'k', 'customer', 'RACE', 'C'],
    );
    expect((await store.getMessage(a))!.state).toBe('parked');
    expect(await store.recheckParked(30, 100)).toEqual([{ id: a, endpoint: 'sink' }]);
    expect((await store.getMessage(a))!.state).toBe('pending');
  });
});
