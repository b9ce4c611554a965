import { expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import type { ClaimRequest } from '../../src/store/types.js';
import { describeEachBackend } from '../store/backends.js';
import { registry, testEngine, waitFor } from './helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The store with its claims counted (every other call passes straight through). */
function countingClaims(store: Store): { store: Store; claims: number[] } {
  const claims: number[] = [];
  const counted = new Proxy(store, {
    get(target, prop) {
      if (prop === 'claim') {
        return async (r: ClaimRequest) => {
          const got = await target.claim(r);
          claims.push(got.length);
          return got;
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: counted, claims };
}

async function burnDown(store: Store, prefetch: number | null): Promise<{ claims: number[]; peak: number; runs: Map<string, number> }> {
  const counted = countingClaims(store);
  const runs = new Map<string, number>();
  let running = 0;
  let peak = 0;
  const types = registry().define({
    type: 'x',
    endpoint: 'ax',
    handle: async (d) => {
      peak = Math.max(peak, ++running);
      runs.set(d.idempotencyKey, (runs.get(d.idempotencyKey) ?? 0) + 1);
      // Staggered finishes (1–7 ms), as real calls finish: slots free a few at a time.
      await sleep(1 + (((d.payload as { i: number }).i * 7919) % 7));
      running--;
    },
  });
  const engine = testEngine(counted.store, types, { endpoints: { ax: { concurrency: 8, prefetch } } });
  await engine.enqueueMany(Array.from({ length: 400 }, (_, i) => ({ type: 'x', payload: { i }, key: String(i) })));
  await engine.start();
  try {
    await waitFor(async () => (await store.stats(Date.now())).counts.delivered === 400, 20_000, 'all delivered');
  } finally {
    await engine.stop();
  }
  return { claims: counted.claims.filter((n) => n > 0), peak, runs };
}

describeEachBackend('engine: prefetch', (ctx) => {
  it('behind a backlog, claims in batches instead of once per finished message, and still runs each message once within the concurrency', async () => {
    const { store } = ctx();
    const withPrefetch = await burnDown(store, null);
    expect(withPrefetch.runs.size).toBe(400);
    expect([...withPrefetch.runs.values()].every((n) => n === 1)).toBe(true);
    expect(withPrefetch.peak).toBeLessThanOrEqual(8);
    // Low water is half the prefetch (4): every claim after the first tops up at least 4.
    expect(withPrefetch.claims.length).toBeLessThanOrEqual(400 / 4 + 2);
  });

  it('with prefetch 0, claims only for free slots', async () => {
    const { store } = ctx();
    const without = await burnDown(store, 0);
    expect(without.runs.size).toBe(400);
    expect(without.peak).toBeLessThanOrEqual(8);
    // No claim is larger than the free slots, so nothing waits under a lease beyond them.
    expect(Math.max(...without.claims)).toBeLessThanOrEqual(8);
    expect(without.claims.length).toBeGreaterThanOrEqual(400 / 8);
  });

  it('gives prefetched messages back unstarted on stop: pending again, no attempt used', async () => {
    const { store } = ctx();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const types = registry().define({
      type: 'x',
      endpoint: 'ax',
      handle: async () => {
        started++;
        await gate;
      },
    });
    const engine = testEngine(store, types, { endpoints: { ax: { concurrency: 1, prefetch: 4 } } });
    const ids = (await engine.enqueueMany(Array.from({ length: 20 }, (_, i) => ({ type: 'x', payload: {}, key: String(i) })))).map((r) => r.id!);
    await engine.start();
    // One running, then (the first claim came back full: a backlog) four claimed ahead.
    await waitFor(async () => (await store.stats(Date.now())).counts.in_flight === 5, 5_000, 'five in flight');
    expect(started).toBe(1);
    expect((await engine.stats()).endpoints.find((e) => e.endpoint === 'ax')).toMatchObject({ inFlight: 1, prefetched: 4 });
    const stopping = engine.stop(2_000);
    release();
    await stopping;
    const rows = await Promise.all(ids.map(async (id) => (await store.getMessage(id))!));
    expect(rows.filter((m) => m.state === 'delivered').length).toBe(1);
    const rest = rows.filter((m) => m.state !== 'delivered');
    expect(rest.every((m) => m.state === 'pending' && m.attempts === 0)).toBe(true);
  });

  it('does not prefetch for a rate-limited endpoint: nothing waits under a lease beyond the running handlers', async () => {
    const { store } = ctx();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const types = registry().define({ type: 'x', endpoint: 'kashflow', handle: () => gate });
    const engine = testEngine(store, types, { endpoints: { kashflow: { concurrency: 2, prefetch: 10, rateLimit: { perSecond: 1_000, burst: 1_000 } } } });
    await engine.enqueueMany(Array.from({ length: 20 }, (_, i) => ({ type: 'x', payload: {}, key: String(i) })));
    await engine.start();
    try {
      await waitFor(async () => (await store.stats(Date.now())).counts.in_flight === 2, 5_000, 'two in flight');
      await sleep(100);
      expect((await store.stats(Date.now())).counts.in_flight).toBe(2);
    } finally {
      release();
      await engine.stop();
    }
  });
});
