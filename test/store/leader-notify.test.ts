import { expect, it } from 'vitest';
import { advisoryKey } from '../../src/store/postgres/leader.js';
import { describeEachBackend } from './backends.js';
import { newMessage } from './fixtures.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describeEachBackend('leadership and wake-ups', (ctx) => {
  it('grants leadership to one holder at a time and hands it over on release', async () => {
    const { store, target } = ctx();
    const other = await target.open();
    const lease = await store.tryAcquireLeadership('pollers', 'a', 5_000);
    expect(lease).not.toBeNull();
    expect(await other.tryAcquireLeadership('pollers', 'b', 5_000)).toBeNull();
    expect(await other.tryAcquireLeadership('other-role', 'b', 5_000)).not.toBeNull();
    expect(await lease!.renew()).toBe(true);
    await lease!.release();
    expect(await lease!.renew()).toBe(false);
    const next = await other.tryAcquireLeadership('pollers', 'b', 5_000);
    expect(next).not.toBeNull();
    await next!.release();
  });

  it('fails over when the holder disappears without releasing', async () => {
    const { store, target } = ctx();
    const other = await target.open();
    const lease = await store.tryAcquireLeadership('pollers', 'a', 300);
    expect(lease).not.toBeNull();
    if (target.backend === 'postgres') {
      // kill the holder's session, as a crashed process would lose it
      const [k1, k2] = advisoryKey(target.schema, 'leader:pollers');
      const killed = await target.raw(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND classid::bigint = $1 AND objid::bigint = $2`,
        [k1 >>> 0, k2 >>> 0],
      );
      expect(killed).toEqual([{ ok: true }]);
      await sleep(100);
      expect(await lease!.renew()).toBe(false);
    } else {
      expect(await other.tryAcquireLeadership('pollers', 'b', 300)).toBeNull();
      await sleep(350);
    }
    const next = await other.tryAcquireLeadership('pollers', 'b', 5_000);
    expect(next).not.toBeNull();
    if (target.backend === 'sqlite') expect(await lease!.renew()).toBe(false);
    await next!.release();
    await lease!.release().catch(() => {});
  });

  it('wakes subscribers in other processes when work is enqueued (PostgreSQL only)', async () => {
    const { store, target } = ctx();
    const heard: string[] = [];
    const unsubscribe = await store.subscribe((endpoint) => heard.push(endpoint));
    try {
      // a process's own writes do not echo back (it wakes its worker directly)
      await store.enqueue([newMessage({ endpoint: 'own' })], { now: Date.now() });
      const producer = await target.open();
      await producer.enqueue([newMessage({ endpoint: 'ax-kfuk' }), newMessage({ endpoint: 'ax-kfuk' }), newMessage({ endpoint: 'kashflow' })], { now: Date.now() });
      await sleep(300);
      // coalesced: one wake-up per endpoint for the batch
      if (target.backend === 'postgres') expect(heard.sort()).toEqual(['ax-kfuk', 'kashflow']);
      else expect(heard).toEqual([]);
    } finally {
      await unsubscribe();
    }
  });
});
