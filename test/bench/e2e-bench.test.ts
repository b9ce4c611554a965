import { describe, expect, it } from 'vitest';
import { boundDocsPerSecond, fractionOfBound, latencyMeanMs, latencyMedianMs, normalCdf, profileBoundDocsPerSecond, quantiles } from '../../bench/e2e/e2e-bound.js';
import { runE2eSyncBench } from '../../bench/e2e/e2e-sync.js';
import { IN_PROCESS } from './in-process-launchers.js';
import { sampleLatency } from '../../src/sandbox/faults/injector.js';
import { builtInProfile, type LatencySpec } from '../../src/sandbox/faults/profiles.js';
import { Rng } from '../../src/sandbox/seed/rng.js';

describe('the bound of kfax bench e2e', () => {
  it('is C fully busy AX slots over the AX time one document takes', () => {
    expect(boundDocsPerSecond(8, 640)).toBe(12.5);
    expect(boundDocsPerSecond(1, 1000)).toBe(1);
    expect(boundDocsPerSecond(8, 0)).toBeNaN();
    expect(boundDocsPerSecond(0, 100)).toBeNaN();
    // At the bound every slot is busy all the time: the fraction is Σ busy / (C · window).
    const docs = 400;
    const busyMs = 400 * 680;
    const windowS = 36;
    const throughput = docs / windowS;
    expect(fractionOfBound(throughput, boundDocsPerSecond(8, busyMs / docs))).toBeCloseTo(busyMs / 1000 / (8 * windowS), 12);
    expect(fractionOfBound(10, 0)).toBeNaN();
  });

  it('takes the profile figures: medians as configured, means of the capped log-normal the sandbox draws', () => {
    const realistic = builtInProfile('realistic').ax;
    expect(latencyMedianMs(realistic.writeLatency)).toBe(400);
    expect(latencyMedianMs(realistic.readLatency)).toBe(150);
    expect(latencyMedianMs({ dist: 'fixed', ms: 30 })).toBe(30);
    expect(latencyMedianMs({ dist: 'uniform', minMs: 10, maxMs: 30 })).toBe(20);
    expect(latencyMeanMs({ dist: 'none' })).toBe(0);
    // Against the sandbox's own sampler (200,000 draws).
    const specs: LatencySpec[] = [realistic.writeLatency, realistic.readLatency, { dist: 'lognormal', medianMs: 100, p99Ms: 3000, maxMs: 400 }];
    for (const spec of specs) {
      const rng = new Rng(42);
      let sum = 0;
      const n = 200_000;
      for (let i = 0; i < n; i++) sum += sampleLatency(spec, rng);
      expect(latencyMeanMs(spec) / (sum / n)).toBeCloseTo(1, 2);
    }
    // One read and one write per document, 8 slots.
    expect(profileBoundDocsPerSecond(8, { readsPerDocument: 1, writesPerDocument: 1 }, realistic, 'median')).toBeCloseTo(8000 / 550, 10);
    expect(profileBoundDocsPerSecond(8, { readsPerDocument: 1, writesPerDocument: 1 }, realistic, 'mean')).toBeLessThan(8000 / 550);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(2.3263)).toBeCloseTo(0.99, 4);
    expect(normalCdf(-1.96)).toBeCloseTo(0.025, 4);
  });

  it('reports nearest-rank quantiles', () => {
    const q = quantiles(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(q).toEqual({ p50: 50, p90: 90, p99: 99, max: 100, count: 100 });
    expect(quantiles([7])).toEqual({ p50: 7, p90: 7, p99: 7, max: 7, count: 1 });
    expect(quantiles([]).p50).toBeNaN();
  });
});

describe('kfax bench e2e (smoke, fast profile)', () => {
  it('carries a small backlog and an open-loop trickle from KashFlow to AX and reports the figures', async () => {
    const lines: string[] = [];
    const r = await runE2eSyncBench({ invoices: 6, axConcurrency: 2, handlers: 4, kashflowConnections: 4, hotIntervalSeconds: 1, perPage: 500, customers: 3, latencySeconds: 2, latencyLoad: 0.5, latencyRate: 4, profile: 'fast', seed: 3, drainTimeoutSeconds: 25, log: (l) => lines.push(l), launchers: IN_PROCESS });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ bench: 'e2e', profile: 'fast', invoices: 6, payments: 6, documents: 12, complete: true, ax_concurrency: 2, ax_handlers: 4, customers: 3, goal: 0.9 });
    expect(r.throughput_docs_per_s).toBeGreaterThan(0);
    expect(r.bound_docs_per_s).toBeGreaterThan(0);
    expect(r.fraction_of_bound).toBeCloseTo((r.ax.busy_ms_per_doc * r.documents) / 1000 / (2 * r.throughput_window_s), 1);
    expect(r.ax.max_in_flight).toBeLessThanOrEqual(2);
    // Every document travels in one create (nothing is re-sent in the fast profile); while both
    // connections are busy some travel together (ax.batch.whenBusy), so there may be fewer calls.
    expect(r.ax.writes_per_doc).toBeLessThanOrEqual(1);
    expect(r.ax.writes_per_doc).toBeGreaterThan(0);
    expect(Object.keys(r.ax.by_operation)).toEqual(expect.arrayContaining(['FreeTextInvoiceService/create', 'CustPaymJournalService/create']));
    expect(r.latency_phase).toMatchObject({ created_invoices: 4, created_payments: 4, delivered: 8, create_errors: 0, complete: true });
    expect(r.latency_ms.count).toBe(8);
    expect(r.latency_ms.p50).toBeGreaterThan(0);
    expect(r.latency_ms.p99).toBeGreaterThanOrEqual(r.latency_ms.p50);
    expect(r.latency_detect_ms.p50).toBeLessThanOrEqual(r.latency_ms.p50);
    expect(lines.some((l) => l.includes('created 6 invoices'))).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toMatchObject({ latency_ms: { p50: r.latency_ms.p50, p99: r.latency_ms.p99 } });
  }, 60_000);
});
