import { describe, expect, it } from 'vitest';
import { runBurndown } from '../../src/engine/bench/burndown.js';
import { runGraphileBurndown } from '../../src/engine/bench/graphile.js';
import { runIngestLatency } from '../../src/engine/bench/ingest-latency.js';
import { median, summarize } from '../../src/engine/bench/percentiles.js';
import { benchSizes } from '../../src/engine/bench/run-engine-bench.js';
import { BACKENDS, TEST_PG_URL, createTarget } from '../store/backends.js';

describe('bench helpers', () => {
  it('computes nearest-rank percentiles and medians', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(summarize([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('sizes the full run as the workloads require and keeps the quick run small', () => {
    expect(benchSizes(false)).toMatchObject({ burndownMessages: 100_000, ingestRatePerSec: 500, memoryMessages: 1_000_000 });
    expect(benchSizes(true).burndownMessages).toBeLessThanOrEqual(20_000);
  });
});

for (const backend of BACKENDS) {
  describe(`${backend}: bench workloads (small)`, () => {
    it('burn-down delivers every message and measures a throughput', async () => {
      const target = await createTarget(backend);
      try {
        const store = await target.open();
        const result = await runBurndown(store, 2_000);
        expect(result.messages).toBe(2_000);
        expect(result.msgsPerSec).toBeGreaterThan(0);
        expect((await store.stats(Date.now())).counts.delivered).toBe(2_000);
      } finally {
        await target.dispose();
      }
    });

    it('open-loop ingest measures every event after the warm-up', async () => {
      const target = await createTarget(backend);
      try {
        const store = await target.open();
        const result = await runIngestLatency(store, { ratePerSec: 200, warmupSeconds: 0.25, seconds: 0.5 });
        expect(result.enqueueToDone.count).toBe(100);
        expect(result.errors).toBe(0);
        expect(Number.isFinite(result.enqueueToDone.max)).toBe(true);
        expect(result.enqueueToStart.p50).toBeLessThanOrEqual(result.enqueueToDone.p50);
      } finally {
        await target.dispose();
      }
    });
  });
}

describe('postgres: graphile-worker side by side', () => {
  it('runs the tuned graphile-worker burn-down on its own schema and cleans up', async () => {
    const result = await runGraphileBurndown(TEST_PG_URL, 1_000);
    expect(result).toMatchObject({ messages: 1_000, version: '0.17.3' });
    expect(result.msgsPerSec).toBeGreaterThan(0);
  });
});
