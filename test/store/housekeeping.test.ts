import { expect, it } from 'vitest';
import { describeEachBackend } from './backends.js';
import { claimRequest, newMessage } from './fixtures.js';

describeEachBackend('cursors, snapshots, audit, stats and pruning', (ctx) => {
  it('compare-and-sets a cursor', async () => {
    const { store } = ctx();
    expect(await store.getCursor('c')).toBeNull();
    expect(await store.setCursor('c', 'v1', 1, null)).toBe(true);
    expect(await store.setCursor('c', 'v1b', 1, null)).toBe(false);
    expect(await store.setCursor('c', 'v2', 2, 'v0')).toBe(false);
    expect(await store.setCursor('c', 'v2', 2, 'v1')).toBe(true);
    expect(await store.setCursor('c', 'v3', 3)).toBe(true);
    expect(await store.getCursor('c')).toBe('v3');
  });

  it('stores snapshot hashes per scope and returns the requested keys', async () => {
    const { store } = ctx();
    await store.putSnapshots([{ scope: 'inv', key: '1', hash: 'a' }, { scope: 'inv', key: '2', hash: 'b' }, { scope: 'pur', key: '1', hash: 'z' }], 1);
    await store.putSnapshots([{ scope: 'inv', key: '2', hash: 'b2' }], 2);
    expect(await store.getSnapshots('inv')).toEqual(new Map([['1', 'a'], ['2', 'b2']]));
    expect(await store.getSnapshots('inv', ['2', '3'])).toEqual(new Map([['2', 'b2']]));
  });

  it('appends audit entries and lists them newest first', async () => {
    const { store } = ctx();
    await store.appendAudit([{ actor: 'a', action: 'config.reload', details: { file: 'kfax.yaml' } }, { actor: 'b', action: 'message.retry', messageId: 7 }], 5);
    const all = await store.listAudit({ limit: 10 });
    expect(all.map((e) => e.action)).toEqual(['message.retry', 'config.reload']);
    expect(all[1]).toMatchObject({ actor: 'a', at: 5, messageId: null, details: { file: 'kfax.yaml' } });
    expect((await store.listAudit({ messageId: 7, limit: 10 })).map((e) => e.actor)).toEqual(['b']);
  });

  it('counts messages per state and reports the age of the oldest ready work', async () => {
    const { store } = ctx();
    await store.enqueue([newMessage(), newMessage(), newMessage({ runAt: 5000 })], { now: 100 });
    await store.claim(claimRequest({ now: 150, limit: 1 }));
    const stats = await store.stats(400);
    expect(stats.counts).toMatchObject({ pending: 2, in_flight: 1, delivered: 0, dead: 0 });
    expect(stats.oldestReadyAgeMs).toBe(300);
    expect((await store.stats(50)).oldestReadyAgeMs).toBeNull();
  });

  it('prunes delivered messages and old inbox entries, keeping everything else', async () => {
    const { store } = ctx();
    const [a, b] = (await store.enqueue([newMessage({ inbox: { source: 's', dedupeKey: '1' } }), newMessage()], { now: 10 })).map((r) => r.id!);
    await store.claim(claimRequest({ now: 11, limit: 1 }));
    await store.settle('w1', [{ kind: 'delivered', id: a!, attempt: 1, output: null, xrefs: [], enqueue: [] }], 12);
    expect(await store.prune(10, 100)).toBe(0);
    expect(await store.prune(13, 100)).toBe(2);
    expect(await store.getMessage(a!)).toBeNull();
    expect((await store.getMessage(b!))!.state).toBe('pending');
    // once the inbox entry is gone the event is accepted again (the dedupe window is the retention)
    const [again] = await store.enqueue([newMessage({ inbox: { source: 's', dedupeKey: '1' } })], { now: 14 });
    expect(again!.duplicate).toBe(false);
  });
});
