import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KashflowConnection } from '../../../../src/connectors/kashflow/client/connector.js';
import { PollerRunner, type PollerSettings, type SweepReport } from '../../../../src/connectors/kashflow/change-detection/index.js';
import type { Engine } from '../../../../src/engine/engine.js';
import type { ProblemEvent } from '../../../../src/engine/events.js';
import { isKfaxError } from '../../../../src/errors/kfax-error.js';
import { createTarget, type StoreTarget } from '../../../store/backends.js';
import { controlRequest, useSandbox } from '../../../helpers/sandbox.js';
import { connect, sandboxClock, settings, testEngine } from './helpers.js';

const sandbox = useSandbox();

/** Fast intervals: customers and hot every second, full every minute. */
const fast = (extras: Parameters<typeof settings>[1] = {}): PollerSettings => settings({ hotIntervalSeconds: 1, customersIntervalSeconds: 1, fullIntervalSeconds: 60 }, extras);

let target: StoreTarget;
const cleanup: (() => Promise<void>)[] = [];

beforeEach(async () => {
  sandbox().reset();
  target = await createTarget('sqlite');
});

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  const control = sandbox().endpoints.control.kashflowUrl;
  await controlRequest(control, 'DELETE', '/faults/rules');
  await controlRequest(control, 'POST', '/kashflow/unlock');
  await target.dispose();
});

interface Candidate {
  runner: PollerRunner;
  reports: SweepReport[];
  engine: Engine;
  problems: ProblemEvent[];
  connection: KashflowConnection;
}

/** A runner on its own store handle, engine and connection, all closed after the test. */
async function candidate(s: PollerSettings = fast(), password?: string): Promise<Candidate> {
  const store = await target.open();
  const engine = testEngine(store);
  const connection = connect(sandbox(), password);
  const reports: SweepReport[] = [];
  const problems: ProblemEvent[] = [];
  engine.events.on('problem', (p) => problems.push(p));
  const runner = new PollerRunner({ connection, engine, settings: s, clock: sandboxClock(sandbox()), onReport: (r) => reports.push(r), leader: { ttlMs: 600 } });
  cleanup.push(async () => {
    await runner.stop();
    await engine.stop();
    await connection.close();
  });
  return { runner, reports, engine, problems, connection };
}

async function waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PollerRunner', () => {
  it('sweeps only on the leader of two runners sharing a store; the other takes over when it stops, without a new full sweep', async () => {
    const a = await candidate();
    const b = await candidate();
    a.runner.start();
    b.runner.start();
    await waitFor(() => a.reports.length + b.reports.length >= 4, 'four reports');
    await sleep(1200);
    const [leader, follower] = a.reports.length > 0 ? [a, b] : [b, a];
    expect(follower.reports).toEqual([]);
    expect(leader.runner.state).toBe('leading');
    expect(follower.runner.state).toBe('standby');
    // The leader started with customers, then a full sweep (none had run), then hot sweeps.
    expect(leader.reports.slice(0, 2).map((r) => r.kind)).toEqual(['customers', 'full']);
    expect(leader.reports.filter((r) => r.kind === 'hot').length).toBeGreaterThan(0);
    expect(leader.reports.filter((r) => r.kind === 'customers').length).toBeGreaterThan(1);
    for (const r of leader.reports) expect(r.errors).toEqual([]);

    await leader.runner.stop();
    expect(leader.runner.state).toBe('idle');
    await waitFor(() => follower.reports.some((r) => r.kind === 'hot'), 'the follower to sweep', 5000);
    expect(follower.runner.state).toBe('leading');
    // The last full sweep's time is in the store: the new leader does not start with another one.
    expect(follower.reports.map((r) => r.kind)).not.toContain('full');
    // Its first hot sweep finds nothing new (the snapshots are shared).
    expect(follower.reports.find((r) => r.kind === 'hot')).toMatchObject({ changed: 0, ingested: 0 });
  });

  it('a failed sweep is reported and retried at its next interval', async () => {
    const c = await candidate();
    c.runner.start();
    await waitFor(() => c.reports.some((r) => r.kind === 'hot'), 'a first hot sweep');
    // Every read attempt of the next invoice list fails (the client's own retries included).
    await controlRequest(sandbox().endpoints.control.kashflowUrl, 'POST', '/faults/rules', { system: 'kashflow', operation: 'GET /v2/invoices', fault: 'serverError', status: 503, count: 4 });
    const failed = await waitFor(() => c.reports.find((r) => r.kind === 'hot' && r.incomplete), 'a failed hot sweep');
    expect(failed.errors[0]).toMatchObject({ code: 'KFAX_REMOTE_UNAVAILABLE' });
    expect(failed.alert).toBeUndefined();
    const index = c.reports.indexOf(failed);
    await waitFor(() => c.reports.slice(index + 1).some((r) => r.kind === 'hot' && !r.incomplete), 'a hot sweep after the failure');
    expect(c.runner.state).toBe('leading');
  });

  it('a locked KashFlow account stops the poller with an alert and no login loop; start() resumes after unlocking', async () => {
    // Five wrong passwords lock the account (each from its own session, as separate users would).
    for (let i = 0; i < 5; i++) {
      const wrong = connect(sandbox(), 'not-the-password');
      await wrong.rest.get('/invoices/1001').catch(() => undefined);
      await wrong.close();
    }
    const lock = await controlRequest(sandbox().endpoints.control.kashflowUrl, 'GET', '/kashflow/lock');
    expect(JSON.stringify(lock.body)).toMatch(/true/);
    const c = await candidate();
    c.runner.start();
    await waitFor(() => c.runner.state === 'halted', 'the runner to halt');
    expect(c.reports).toHaveLength(1);
    expect(c.reports[0]!.alert).toMatchObject({ code: 'KFAX_KASHFLOW_ACCOUNT_LOCKED' });
    expect(c.runner.alert?.code).toBe('KFAX_KASHFLOW_ACCOUNT_LOCKED');
    expect(c.problems.some((p) => isKfaxError(p.error) && p.error.code === 'KFAX_POLLER_STOPPED')).toBe(true);
    const requests = c.connection.requestCount();
    await sleep(2500);
    expect(c.reports).toHaveLength(1);
    expect(c.connection.requestCount()).toBe(requests);

    await controlRequest(sandbox().endpoints.control.kashflowUrl, 'POST', '/kashflow/unlock');
    c.runner.start();
    await waitFor(() => c.reports.some((r) => r.kind === 'full' && !r.incomplete), 'sweeps after the unlock');
    expect(c.runner.alert).toBeUndefined();
  });

  it('a refused login (wrong password) also halts instead of retrying towards a lock-out', async () => {
    const c = await candidate(fast(), 'wrong-password');
    c.runner.start();
    await waitFor(() => c.runner.state === 'halted', 'the runner to halt');
    expect(c.runner.alert?.code).toBe('KFAX_KASHFLOW_LOGIN_FAILED');
    await sleep(1500);
    expect(c.reports).toHaveLength(1);
  });

  it('stop() aborts a running sweep at its next page and returns promptly; the sweep reports what it did', async () => {
    const c = await candidate(fast({}));
    // Slow invoice pages: a full sweep of 24 invoices at 20 per page takes two slow requests.
    await controlRequest(sandbox().endpoints.control.kashflowUrl, 'POST', '/faults/rules', { system: 'kashflow', operation: 'GET /v2/invoices', fault: 'delay', delayMs: 400, count: 100 });
    c.runner.start();
    await waitFor(() => c.reports.some((r) => r.kind === 'customers'), 'the customer sweep');
    await sleep(150); // inside the first slow page of the full sweep
    const started = Date.now();
    await c.runner.stop();
    expect(Date.now() - started).toBeLessThan(1500);
    const full = c.reports.find((r) => r.kind === 'full');
    expect(full).toMatchObject({ incomplete: true });
    expect(full!.errors[0]).toMatchObject({ code: 'KFAX_POLLER_ABORTED' });
    expect(c.runner.state).toBe('idle');
  });

  it('sweepNow never overlaps a sweep with another one', async () => {
    const c = await candidate();
    await controlRequest(sandbox().endpoints.control.kashflowUrl, 'POST', '/faults/rules', { system: 'kashflow', operation: 'GET /v2/invoices', fault: 'delay', delayMs: 100, count: 100 });
    const [one, two, three] = await Promise.all([c.runner.sweepNow('hot'), c.runner.sweepNow('hot'), c.runner.sweepNow('customers')]);
    const spans = [one![0]!, two![0]!, three![0]!].map((r) => [Date.parse(r.started), Date.parse(r.started) + r.durationMs] as const);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1] - 1);
    expect(one![0]!.durationMs).toBeGreaterThanOrEqual(100);
  });

  it('does nothing when polling is disabled', async () => {
    const c = await candidate(settings({ enabled: false }));
    c.runner.start();
    await sleep(300);
    expect(c.runner.state).toBe('idle');
    expect(c.reports).toEqual([]);
  });
});
