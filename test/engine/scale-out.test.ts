import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startIdempotentSink } from '../../src/engine/bench/idempotent-sink.js';
import { sinkMessageType } from '../../src/engine/bench/sink-message-type.js';
import { spawnScript, waitForLine } from '../../src/engine/bench/spawn.js';
import type { Delivery } from '../../src/engine/handler.js';
import { BACKENDS, createTarget, describeEachBackend } from '../store/backends.js';
import { registry, testEngine, waitFor } from './helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describeEachBackend('engine: several workers on one store', (ctx) => {
  it('share the work without ever running one message twice at the same time, keeping aggregate order', async () => {
    const { store, target } = ctx();
    const running = new Set<number>();
    const runs = new Map<number, number>();
    const byWorker = new Map<string, number>();
    const order = new Map<string, number[]>();
    let overlap = 0;
    const types = (worker: string) =>
      registry().define({
        type: 'doc',
        endpoint: 'ax',
        schema: z.object({ agg: z.string(), n: z.number() }),
        handle: async (d: Delivery<{ agg: string; n: number }>) => {
          if (running.has(d.id)) overlap++;
          running.add(d.id);
          runs.set(d.id, (runs.get(d.id) ?? 0) + 1);
          byWorker.set(worker, (byWorker.get(worker) ?? 0) + 1);
          const list = order.get(d.payload.agg) ?? [];
          list.push(d.payload.n);
          order.set(d.payload.agg, list);
          await sleep(1);
          running.delete(d.id);
        },
      });
    const n = 300;
    // A long poll interval: progress along each aggregate must come from wake-ups (in process and,
    // on PostgreSQL, NOTIFY between the two stores), not from polling.
    const settings = { pollIntervalMs: 60_000 };
    const engines = [testEngine(store, types('w1'), { workerId: 'w1', settings }), testEngine(await target.open(), types('w2'), { workerId: 'w2', settings })];
    await engines[0]!.enqueueMany(Array.from({ length: n }, (_, i) => ({ type: 'doc', payload: { agg: `A${i % 10}`, n: Math.floor(i / 10) }, key: String(i), aggregateKey: `A${i % 10}` })));
    await Promise.all(engines.map((e) => e.start()));
    try {
      await waitFor(async () => (await store.stats(Date.now())).counts.delivered === n, 15_000, 'all delivered');
      expect(overlap).toBe(0);
      expect([...runs.values()].every((c) => c === 1)).toBe(true);
      expect(runs.size).toBe(n);
      expect(byWorker.get('w1')).toBeGreaterThan(0);
      expect(byWorker.get('w2')).toBeGreaterThan(0);
      for (const [agg, list] of order) expect(list, agg).toEqual([...list].sort((a, b) => a - b));
    } finally {
      await Promise.all(engines.map((e) => e.stop()));
    }
  });
  // Two stores on one file behave as two processes. SQLite has no wake-ups between them, so
  // with a 60 s poll the second worker's share comes only from its first claim; with each store
  // on its own thread, whether anything is claimable at that moment is a race between threads.
}, BACKENDS);

describe('engine: several worker processes on one store', () => {
  for (const backend of BACKENDS) {
    it(`${backend}: two processes share the work and deliver each message exactly once`, { timeout: 90_000 }, async () => {
      const target = await createTarget(backend);
      const sink = await startIdempotentSink({ latencyMs: 1 });
      const children: ChildProcess[] = [];
      try {
        const store = await target.open();
        const engine = testEngine(store, registry().define(sinkMessageType(sink.url)));
        const n = 600;
        await engine.enqueueMany(Array.from({ length: n }, (_, i) => ({ type: 'bench.sink.deliver', payload: { seq: i }, key: String(i) })));
        const args = [JSON.stringify({ store: target.url, ...(target.schema ? { schema: target.schema } : {}), sinkUrl: sink.url, leaseMs: 30_000, concurrency: 4 })];
        for (let i = 0; i < 2; i++) {
          const child = await spawnScript('crash-worker', args);
          children.push(child);
          await waitForLine(child, 'ready');
        }
        await waitFor(async () => (await store.stats(Date.now())).counts.delivered === n, 60_000, 'all delivered');
        const s = sink.stats();
        // no message was sent twice: raw deliveries equal effects equal messages
        expect(s).toMatchObject({ effects: n, rawDeliveries: n, duplicatedSeqs: 0, lookups: 0 });
        const workers = new Set<string>();
        for (const m of await store.listMessages({ states: ['delivered'], limit: n })) {
          const full = (await store.getMessage(m.id))!;
          workers.add(String(full.history.find((h) => h.to === 'in_flight')!.by));
        }
        expect(workers.size).toBe(2);
      } finally {
        for (const c of children) c.kill('SIGKILL');
        await sink.close();
        await target.dispose();
      }
    });
  }
});
