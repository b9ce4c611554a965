import { expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { describeEachBackend } from '../store/backends.js';
import { registry, testEngine, waitFor } from './helpers.js';

function countEnqueues(store: Store): { calls: number[] } {
  const seen = { calls: [] as number[] };
  const original = store.enqueue.bind(store);
  store.enqueue = (messages, options) => {
    seen.calls.push(messages.length);
    return original(messages, options);
  };
  return seen;
}

describeEachBackend('engine: group commit at the inbox', (ctx) => {
  it('writes concurrent single ingests together, answering each caller after its commit', async () => {
    const { store } = ctx();
    const spy = countEnqueues(store);
    const engine = testEngine(store, registry().define({ type: 'e', endpoint: 'x', handle: () => {} }));
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => engine.ingest({ source: 's', dedupeKey: String(i % 50), type: 'e', payload: { i } })));
    expect(spy.calls.length).toBeLessThan(60);
    expect(spy.calls.reduce((a, b) => a + b, 0)).toBe(60);
    // the ten repeats inside the burst are duplicates of the first fifty
    expect(results.filter((r) => r.duplicate)).toHaveLength(10);
    for (let i = 50; i < 60; i++) expect(results[i]).toEqual({ id: results[i - 50]!.id, duplicate: true });
    for (const r of results.slice(0, 50)) expect((await store.getMessage(r.id!))!.state).toBe('pending');
  });

  it('fails every caller of a group when the store fails, and keeps working afterwards', async () => {
    const { store } = ctx();
    const engine = testEngine(store, registry().define({ type: 'e', endpoint: 'x', handle: () => {} }));
    const original = store.enqueue.bind(store);
    let fail = true;
    store.enqueue = (messages, options) => (fail ? Promise.reject(new Error('disk full')) : original(messages, options));
    const outcomes = await Promise.allSettled([1, 2, 3].map((i) => engine.ingest({ source: 's', dedupeKey: String(i), type: 'e', payload: {} })));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    fail = false;
    const ok = await engine.ingest({ source: 's', dedupeKey: '1', type: 'e', payload: {} });
    expect(ok.duplicate).toBe(false);
    await engine.start();
    try {
      await waitFor(async () => (await store.getMessage(ok.id!))!.state === 'delivered');
    } finally {
      await engine.stop();
    }
  });
});
