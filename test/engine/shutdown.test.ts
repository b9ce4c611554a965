import { expect, it } from 'vitest';
import { describeEachBackend } from '../store/backends.js';
import { assertValidHistory, registry, testEngine, waitFor, waitForState } from './helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describeEachBackend('engine: graceful shutdown', (ctx) => {
  it('drains running handlers within the timeout and commits their results', async () => {
    const { store } = ctx();
    let started = 0;
    const types = registry().define({
      type: 'x',
      endpoint: 'ax',
      handle: async () => {
        started++;
        await sleep(150);
      },
    });
    const engine = testEngine(store, types, { endpoints: { ax: { concurrency: 5 } } });
    const ids = (await engine.enqueueMany(Array.from({ length: 5 }, (_, i) => ({ type: 'x', payload: {}, key: String(i) })))).map((r) => r.id!);
    await engine.start();
    await waitFor(() => started === 5);
    const report = await engine.stop(2_000);
    expect(report).toEqual({ finished: 5, interrupted: 0, uncommitted: 0 });
    for (const id of ids) expect((await store.getMessage(id))!.state).toBe('delivered');
  });

  it('interrupts handlers that outlive the timeout: they are recorded in doubt and re-sent by the next worker', async () => {
    const { store, target } = ctx();
    const seen: { resend: boolean; aborted: boolean }[] = [];
    const types = registry().define({
      type: 'x',
      endpoint: 'ax',
      handle: (d) =>
        new Promise<void>((resolve) => {
          const entry = { resend: d.resend, aborted: false };
          seen.push(entry);
          d.signal.addEventListener('abort', () => (entry.aborted = true));
          if (d.resend) resolve();
        }),
    });
    const first = testEngine(store, types);
    const r = await first.enqueue({ type: 'x', payload: {}, key: 'k' });
    await first.start();
    await waitFor(() => seen.length === 1);
    const report = await first.stop(100);
    expect(report).toEqual({ finished: 0, interrupted: 1, uncommitted: 0 });
    expect(seen[0]!.aborted).toBe(true);
    const m = await store.getMessage(r.id!);
    expect(m).toMatchObject({ state: 'in_doubt', resend: true, lastError: { code: 'KFAX_SHUTDOWN_INTERRUPTED' } });
    const second = testEngine(await target.open(), types);
    await second.start();
    try {
      const done = await waitForState(store, r.id!, 'delivered');
      expect(seen[1]).toEqual({ resend: true, aborted: false });
      assertValidHistory(done);
    } finally {
      await second.stop();
    }
  });

  it('gives back, unstarted, what a claim in progress at shutdown brings back', async () => {
    const { store } = ctx();
    let ran = 0;
    const types = registry().define({ type: 'x', endpoint: 'ax', handle: () => void ran++ });
    const engine = testEngine(store, types);
    const ids = (await engine.enqueueMany(Array.from({ length: 5 }, (_, i) => ({ type: 'x', payload: {}, key: String(i) })))).map((r) => r.id!);
    const claim = store.claim.bind(store);
    let claims = 0;
    store.claim = async (request) => {
      claims++;
      await sleep(300); // the claim is still on its way when stop() begins
      return claim(request);
    };
    await engine.start();
    await waitFor(() => claims > 0);
    const report = await engine.stop();
    expect(report.uncommitted).toBe(0);
    expect(ran).toBe(0);
    for (const id of ids) {
      const m = (await store.getMessage(id))!;
      expect(m).toMatchObject({ state: 'pending', attempts: 0, leaseOwner: null });
      expect(m.history.map((h) => h.to)).toEqual(['pending', 'in_flight', 'pending']);
      expect(m.history[2]!.note).toBe('returned unstarted');
    }
  });

  it('stops claiming at once: queued messages stay pending with no attempt used', async () => {
    const { store } = ctx();
    const types = registry().define({ type: 'x', endpoint: 'ax', handle: () => sleep(50) });
    const engine = testEngine(store, types, { endpoints: { ax: { concurrency: 1 } } });
    const ids = (await engine.enqueueMany(Array.from({ length: 20 }, (_, i) => ({ type: 'x', payload: {}, key: String(i) })))).map((r) => r.id!);
    await engine.start();
    await waitForState(store, ids[0]!, 'delivered');
    await engine.stop();
    const states = await Promise.all(ids.map(async (id) => (await store.getMessage(id))!));
    const pending = states.filter((m) => m.state === 'pending');
    expect(pending.length).toBeGreaterThan(10);
    expect(pending.every((m) => m.attempts === 0)).toBe(true);
    expect(states.every((m) => m.state === 'pending' || m.state === 'delivered')).toBe(true);
  });
});
