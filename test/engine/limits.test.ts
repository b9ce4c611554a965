import { expect, it } from 'vitest';
import { KfaxError } from '../../src/errors/kfax-error.js';
import type { BreakerEvent } from '../../src/engine/events.js';
import { describeEachBackend } from '../store/backends.js';
import { registry, testEngine, waitFor } from './helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describeEachBackend('engine: per-endpoint limits', (ctx) => {
  it('never runs more handlers of an endpoint at once than its concurrency limit', async () => {
    const { store } = ctx();
    let running = 0;
    let peak = 0;
    let done = 0;
    const types = registry().define({
      type: 'x',
      endpoint: 'ax',
      handle: async () => {
        peak = Math.max(peak, ++running);
        await sleep(15);
        running--;
        done++;
      },
    });
    const engine = testEngine(store, types, { endpoints: { ax: { concurrency: 3 } } });
    await engine.enqueueMany(Array.from({ length: 30 }, (_, i) => ({ type: 'x', payload: {}, key: String(i) })));
    await engine.start();
    try {
      await waitFor(() => done === 30);
      expect(peak).toBe(3);
    } finally {
      await engine.stop();
    }
  });

  it('spaces deliveries by the rate limit (token bucket)', async () => {
    const { store } = ctx();
    const times: number[] = [];
    const types = registry().define({ type: 'x', endpoint: 'kashflow', handle: () => void times.push(Date.now()) });
    const engine = testEngine(store, types, { endpoints: { kashflow: { concurrency: 10, rateLimit: { perSecond: 20, burst: 2 } } } });
    await engine.enqueueMany(Array.from({ length: 8 }, (_, i) => ({ type: 'x', payload: {}, key: String(i) })));
    const started = Date.now();
    await engine.start();
    try {
      await waitFor(() => times.length === 8);
      // 2 at once, then one every 50 ms: the 8th is at least 6 × 50 ms after the start
      expect(times[7]! - started).toBeGreaterThanOrEqual(290);
      const inFirst100 = times.filter((t) => t - started < 100).length;
      expect(inFirst100).toBeLessThanOrEqual(4);
    } finally {
      await engine.stop();
    }
  });

  it('opens the breaker after consecutive failures: messages then wait without using attempts, and a probe closes it', async () => {
    const { store } = ctx();
    let healthy = false;
    let calls = 0;
    const types = registry().define({
      type: 'x',
      endpoint: 'ax',
      handle: () => {
        calls++;
        if (!healthy) throw new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['ax', 503]);
      },
    });
    const breaker: BreakerEvent[] = [];
    const engine = testEngine(store, types, {
      endpoints: { ax: { concurrency: 1, breaker: { failureThreshold: 2, openMs: 400 }, retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 50 } } },
    });
    engine.events.on('breaker', (e) => breaker.push(e));
    const ids = (await engine.enqueueMany(Array.from({ length: 5 }, (_, i) => ({ type: 'x', payload: {}, key: String(i) })))).map((r) => r.id!);
    await engine.start();
    try {
      await waitFor(() => breaker.some((b) => b.to === 'open'));
      const callsWhenOpened = calls;
      expect(callsWhenOpened).toBe(2);
      expect((await engine.stats()).endpoints.find((e) => e.endpoint === 'ax')!.breaker).toBe('open');
      await sleep(250);
      expect(calls).toBe(callsWhenOpened); // nothing claimed while open
      const attemptsWhileOpen = await Promise.all(ids.map(async (id) => (await store.getMessage(id))!.attempts));
      expect(attemptsWhileOpen.reduce((a, b) => a + b, 0)).toBe(2);
      healthy = true;
      await waitFor(async () => (await store.stats(Date.now())).counts.delivered === 5, 10_000, 'all delivered');
      expect(breaker.map((b) => b.to)).toEqual(['open', 'half_open', 'closed']);
    } finally {
      await engine.stop();
    }
  });

  it('pauses an endpoint for Retry-After: other messages of it are not sent meanwhile', async () => {
    const { store } = ctx();
    const times: number[] = [];
    const types = registry().define({
      type: 'x',
      endpoint: 'kashflow',
      handle: () => {
        times.push(Date.now());
        if (times.length === 1) throw new KfaxError('KFAX_REMOTE_THROTTLED', ['kashflow'], { retryAfterMs: 300 });
      },
    });
    const engine = testEngine(store, types, { endpoints: { kashflow: { concurrency: 1 } } });
    await engine.enqueueMany(Array.from({ length: 3 }, (_, i) => ({ type: 'x', payload: {}, key: String(i) })));
    await engine.start();
    try {
      await waitFor(() => times.length === 4);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(290);
    } finally {
      await engine.stop();
    }
  });
});
