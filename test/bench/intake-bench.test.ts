import { describe, expect, it } from 'vitest';
import { INTAKE_GOAL_EVENTS_PER_SECOND, runIntakePipelineBench } from '../../bench/e2e/intake-pipeline.js';
import { hasWrk } from '../../bench/lib/wrk.js';
import { IN_PROCESS } from './in-process-launchers.js';

// `kfax bench intake` end to end on a small scale: wrk (installed by .ci/run) drives signed
// Shopify webhooks into kfax, which carries every order through KashFlow into AX. Skipped
// without wrk, like the intake drive test.
describe('kfax bench intake (smoke, fast profile)', () => {
  it('carries every accepted order to AX once and reports rates, latency and HTTP calls per order', async (ctx) => {
    if (!(await hasWrk())) ctx.skip();
    const lines: string[] = [];
    const r = await runIntakePipelineBench({ durationSeconds: 1, connections: 4, buyers: 5, drainTimeoutSeconds: 60, processes: 1, store: { kind: 'sqlite' }, log: (l) => lines.push(l), launchers: IN_PROCESS });
    expect(r.errors).toBe(0);
    expect(r.accepted).toBeGreaterThan(0);
    // Every accepted order's invoice is posted in AX, and no order is posted twice.
    expect(r.carried).toBe(r.accepted);
    expect(r.carriedPerSecond).toBeGreaterThan(0);
    expect(r.endToEndMs.p50).toBeGreaterThan(0);
    expect(r.endToEndMs.p99).toBeGreaterThanOrEqual(r.endToEndMs.p50);
    // One KashFlow create per order at least (plus the buyers' customer look-ups and creates).
    expect(r.callsPerOrder.kashflow).toBeGreaterThanOrEqual(1);
    // One AX create per order at most: from 2 calls in flight documents share a create.
    const creates = r.callsPerOrder.axByOperation['FreeTextInvoiceService/create'] ?? 0;
    expect(creates).toBeGreaterThan(0);
    expect(creates).toBeLessThanOrEqual(1);
    expect(r.callsPerOrder.ax).toBeGreaterThanOrEqual(creates);
    expect(r.goalEventsPerSecond).toBe(INTAKE_GOAL_EVENTS_PER_SECOND);
    expect(r.offeredPerSecond).toBeNull();
    expect(r.sustained).toBeNull();
    expect(r.goalMet).toBe(r.acceptedPerSecond >= INTAKE_GOAL_EVENTS_PER_SECOND && r.carriedPerSecond >= INTAKE_GOAL_EVENTS_PER_SECOND);
    expect(lines.some((l) => l.startsWith(`accepted ${r.accepted} orders`))).toBe(true);
  }, 120_000);

  it('paced: offers the rate asked for and reports the carry after the warm-up', async (ctx) => {
    if (!(await hasWrk())) ctx.skip();
    const rate = 40;
    const seconds = 3;
    const r = await runIntakePipelineBench({ durationSeconds: seconds, ratePerSecond: rate, warmupSeconds: 1, connections: 4, buyers: 5, drainTimeoutSeconds: 60, processes: 1, store: { kind: 'sqlite' }, log: () => undefined, launchers: IN_PROCESS });
    expect(r.errors).toBe(0);
    expect(r.offeredPerSecond).toBe(rate);
    // wrk's schedule: rate × seconds orders (not what 4 connections could send unpaced).
    expect(r.accepted).toBeGreaterThanOrEqual(rate * seconds * 0.9);
    expect(r.accepted).toBeLessThanOrEqual(rate * seconds + 5);
    expect(r.carried).toBe(r.accepted);
    const s = r.sustained!;
    expect(s.warmupSeconds).toBe(1);
    expect(s.windowSeconds).toBeGreaterThan(1.5);
    expect(s.windowSeconds).toBeLessThanOrEqual(seconds);
    // 40 orders a second are far below kfax's capacity: the carry keeps pace after the warm-up.
    expect(s.carriedPerSecond).toBeGreaterThan(rate * 0.5);
    expect(s.carriedPerSecond).toBeLessThan(rate * 2);
    expect(s.backlogAtLoadEnd).toBeLessThanOrEqual(r.accepted);
    // Under paced load the gate is judged on the sustained carry (and 40/s is far below it).
    expect(r.goalMet).toBe(false);
  }, 120_000);
});
