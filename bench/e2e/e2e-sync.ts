/**
 * `kfax bench e2e`: KashFlow invoices and payments, typed into the KashFlow sandbox over its REST
 * API, found by kfax's pollers and carried into the AX sandbox by the real flows, with both
 * sandboxes on a latency profile (`realistic` by default) in one process and `kfax run` in another.
 *
 * 1. Throughput: a backlog of N invoices, each with one payment, is created in KashFlow before
 *    kfax starts; kfax then carries them. Throughput = 2N documents / (first AX call → last
 *    document delivered). Bound = C / (AX busy seconds per document), where the AX busy time is
 *    what the AX sandbox measured for every AIF call of the run (request received → answer
 *    sent, `/_sandbox/ax/stats`) divided by the documents, and C the AX concurrency.
 * 2. Latency: invoices (+ one payment each) are created open-loop at a fixed fraction of that
 *    bound; latency = KashFlow create answered → kfax delivery committed after AX confirmed the
 *    posted document.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { connectKashflow, type KashflowConnection } from '../../src/connectors/kashflow/client/connector.js';
import { MESSAGE } from '../../src/flows/contracts.js';
import type { AxCallStatsView } from '../../src/sandbox/ax/http/call-stats.js';
import { builtInProfile } from '../../src/sandbox/faults/profiles.js';
import type { SandboxEndpoints } from '../../src/sandbox/sandbox.js';
import { openStore } from '../../src/store/open-store.js';
import { boundDocsPerSecond, fractionOfBound, profileBoundDocsPerSecond, quantiles, round } from './e2e-bound.js';
import { CHILD_PROCESSES, type E2eLaunchers } from './processes.js';
import { getJson, sendJson } from '../lib/control-http.js';


export interface E2eSyncOptions {
  /** Invoices in the throughput backlog (each with one payment: 2N documents). */
  invoices: number;
  /** C: AIF calls kfax may have in flight (`ax.connections`). */
  axConcurrency: number;
  /** Handlers of the `ax` endpoint running at once (`endpoints.ax.concurrency`). */
  handlers: number;
  /** KashFlow connections of kfax (`kashflow.connections`). */
  kashflowConnections: number;
  /** `kashflow.polling.hotIntervalSeconds`. */
  hotIntervalSeconds: number;
  /** `kashflow.polling.perPage`. */
  perPage: number;
  /** Distinct KashFlow customers the invoices are for. */
  customers: number;
  /** Seconds of open-loop creation in the latency phase (0: no latency phase). */
  latencySeconds: number;
  /** Rate of the latency phase as a fraction of the measured bound. */
  latencyLoad: number;
  /** Rate of the latency phase in documents per second (instead of `latencyLoad`). */
  latencyRate?: number;
  profile: string;
  seed: number;
  /** Give up waiting for a phase to drain after this long. */
  drainTimeoutSeconds: number;
  log: (line: string) => void;
  launchers?: E2eLaunchers;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  count: number;
}

export interface E2eSyncReport {
  bench: 'e2e';
  profile: string;
  invoices: number;
  payments: number;
  documents: number;
  /** All 2N documents delivered before the drain timeout. */
  complete: boolean;
  throughput_docs_per_s: number;
  bound_docs_per_s: number;
  fraction_of_bound: number;
  goal: number;
  goal_met: boolean;
  /** The bound from the profile's configured AX latencies and the measured call mix (injected latency only). */
  profile_bound_docs_per_s: { median_based: number; mean_based: number };
  ax_concurrency: number;
  ax_handlers: number;
  kashflow_connections: number;
  hot_interval_s: number;
  per_page: number;
  customers: number;
  /** first AX call → last document delivered. */
  throughput_window_s: number;
  /** kfax running → first AX call (the first sweep finding the backlog). */
  detect_s: number;
  /** kfax running → last document delivered. */
  wall_s: number;
  ax: {
    calls: number;
    calls_per_doc: number;
    reads_per_doc: number;
    writes_per_doc: number;
    busy_ms_per_doc: number;
    injected_ms_per_doc: number;
    /** Σ busy / window: AX calls in flight on average (C at the bound). */
    mean_in_flight: number;
    max_in_flight: number;
    faults: Record<string, number>;
    by_operation: Record<string, { calls: number; mean_ms: number; injected_mean_ms: number }>;
  };
  kashflow_requests_per_doc: number;
  cpu_pct: { kfax: number; sandboxes: number };
  /** KashFlow create answered → AX document confirmed posted (kfax delivery commit), invoices and payments. */
  latency_ms: LatencySummary;
  latency_ms_invoices: LatencySummary;
  latency_ms_payments: LatencySummary;
  /** KashFlow create answered → the message stored by kfax's poller (the detection part of `latency_ms`). */
  latency_detect_ms: LatencySummary;
  /** Mean duration of the invoice hot sweeps during the latency phase (kfax /metrics). */
  hot_sweep_mean_ms: number;
  latency_phase: { seconds: number; target_docs_per_s: number; created_invoices: number; created_payments: number; delivered: number; create_errors: number; complete: boolean };
  errors: string[];
  load_average: number[];
  cores: number;
  node: string;
}

/** One synced document of the benchmark: its KashFlow id and when KashFlow answered its create. */
interface Created {
  invoice: number;
  invoiceAt: number;
  payment?: number;
  paymentAt?: number;
}

export const GOAL = 0.9;

export async function runE2eSyncBench(options: E2eSyncOptions): Promise<E2eSyncReport> {
  const launchers = options.launchers ?? CHILD_PROCESSES;
  const log = options.log;
  const errors: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'kfax-bench-e2e-'));
  const sandbox = await launchers.startSandbox(options.profile, options.seed);
  let kfax: Awaited<ReturnType<E2eLaunchers['startKfax']>> | undefined;
  let kf: KashflowConnection | undefined;
  try {
    const e = sandbox.endpoints;
    const kfControl = e.control.kashflowUrl;
    const axControl = e.control.axUrl;
    const today = ((await getJson(`${kfControl}/clock`)) as { today: string }).today;
    kf = connectKashflow({ restUrl: e.kashflow.restUrl, soapUrl: e.kashflow.soapUrl, credentials: { username: e.kashflow.username, password: e.kashflow.password, memorableWord: e.kashflow.memorableWord }, connections: 16 });
    const admin = await KashflowAdmin.open(kf, options.customers, today);

    // Setup with the sandboxes' latency off, then back to the profile before kfax starts.
    await sendJson('PUT', `${kfControl}/faults/profile`, { name: 'fast' });
    const setupStart = Date.now();
    const backlog = await mapLimit(range(options.invoices), 16, async (i) => {
      const { number, gross } = await admin.createInvoice(i);
      return { number, gross };
    });
    const paymentIds = await admin.payMany(backlog.map((b) => ({ invoice: b.number, amount: b.gross })));
    await sendJson('PUT', `${kfControl}/faults/profile`, { name: options.profile });
    await sendJson('DELETE', `${kfControl}/faults/stats`);
    log(`created ${backlog.length} invoices with one payment each in KashFlow in ${Date.now() - setupStart} ms (profile fast for the set-up; now ${options.profile})`);
    const base = await axCounts(axControl, e.ax.company);

    const storePath = join(dir, 'kfax.sqlite');
    const configPath = join(dir, 'kfax.yaml');
    await writeFile(configPath, stringify(kfaxConfig(e, storePath, today, options)));
    kfax = await launchers.startKfax(configPath);
    const kfaxReady = Date.now();
    await sendJson('DELETE', `${axControl}/ax/stats`);
    await sendJson('DELETE', `${kfControl}/kashflow/requests`);
    const cpu0 = { kfax: kfax.process.cpuMicros(), sandboxes: sandbox.process.cpuMicros(), at: Date.now() };
    log(`kfax at ${kfax.url} (AX concurrency ${options.axConcurrency}, ${options.handlers} ax handlers, hot sweep every ${options.hotIntervalSeconds} s); carrying ${2 * options.invoices} documents…`);

    const target = { fti: base.fti + options.invoices, journals: base.journals + options.invoices };
    const complete = await waitFor(axControl, e.ax.company, target, options.drainTimeoutSeconds, log);
    const throughputStats = (await getJson(`${axControl}/ax/stats`)) as AxCallStatsView;
    const kfRequests = ((await getJson(`${kfControl}/kashflow/requests`)) as { total: number }).total;
    const cpu1 = { kfax: kfax.process.cpuMicros(), sandboxes: sandbox.process.cpuMicros(), at: Date.now() };
    if (!complete) errors.push(`throughput phase: not every document reached AX within ${options.drainTimeoutSeconds} s`);

    // Bound from this run's AX time, so the latency phase can run at a fraction of it.
    const documents = 2 * options.invoices;
    const busyPerDoc = throughputStats.busyMs / documents;
    const bound = boundDocsPerSecond(options.axConcurrency, busyPerDoc);

    const latencyDocs: Created[] = [];
    let createErrors = 0;
    let latencyComplete = true;
    let sweeps0 = await hotSweepStats(kfax.url);
    const targetRate = options.latencyRate ?? options.latencyLoad * bound;
    if (options.latencySeconds > 0 && Number.isFinite(targetRate) && targetRate > 0) {
      const invoicesPerSecond = targetRate / 2;
      const count = Math.max(1, Math.floor(options.latencySeconds * invoicesPerSecond));
      log(`latency phase: ${count} invoices (+ payments) over ${options.latencySeconds} s, ${round(targetRate)} documents/s (${options.latencyRate === undefined ? `${options.latencyLoad} ×` : 'set; '} bound ${round(bound)})`);
      const before = await axCounts(axControl, e.ax.company);
      sweeps0 = await hotSweepStats(kfax.url);
      const started = Date.now();
      const pending: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const due = started + (i * 1000) / invoicesPerSecond;
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
        pending.push(
          (async () => {
            const { number, gross } = await admin.createInvoice(options.invoices + i);
            const doc: Created = { invoice: number, invoiceAt: Date.now() };
            latencyDocs.push(doc);
            doc.payment = await admin.pay(number, gross);
            doc.paymentAt = Date.now();
          })().catch((err: unknown) => {
            createErrors++;
            if (createErrors <= 3) errors.push(`latency phase: KashFlow create failed: ${(err as Error).message}`);
          }),
        );
      }
      await Promise.all(pending);
      const paid = latencyDocs.filter((d) => d.payment !== undefined).length;
      latencyComplete = await waitFor(axControl, e.ax.company, { fti: before.fti + latencyDocs.length, journals: before.journals + paid }, options.drainTimeoutSeconds, log);
      if (!latencyComplete) errors.push(`latency phase: not every document reached AX within ${options.drainTimeoutSeconds} s`);
    }
    const sweeps1 = await hotSweepStats(kfax.url);
    const hotSweeps = { count: sweeps1.count - sweeps0.count, sumSeconds: sweeps1.sumSeconds - sweeps0.sumSeconds };

    const tail = kfax.process.stderrTail().split('\n').filter((l) => l.trim() !== '');
    if (tail.length > 0) log(`kfax wrote ${tail.length} log lines; last: ${tail.slice(-3).join(' | ').slice(0, 600)}`);
    await kfax.process.stop();
    kfax = undefined;

    const delivered = await deliveries(storePath);
    const backlogTimes = [...backlog.map((b) => delivered.invoices.get(b.number)?.deliveredAt), ...paymentIds.map((p) => delivered.payments.get(p)?.deliveredAt)].filter((t): t is number => t !== undefined);
    const lastDelivered = backlogTimes.length > 0 ? Math.max(...backlogTimes) : Number.NaN;
    const firstAx = throughputStats.firstStartMs ?? Number.NaN;
    const windowS = (lastDelivered - firstAx) / 1000;
    const throughput = backlogTimes.length / windowS;

    const invoiceLatencies: number[] = [];
    const paymentLatencies: number[] = [];
    const detectLatencies: number[] = [];
    for (const d of latencyDocs) {
      const inv = delivered.invoices.get(d.invoice);
      if (inv !== undefined) {
        invoiceLatencies.push(inv.deliveredAt - d.invoiceAt);
        detectLatencies.push(inv.createdAt - d.invoiceAt);
      }
      const pay = d.payment === undefined ? undefined : delivered.payments.get(d.payment);
      if (pay !== undefined && d.paymentAt !== undefined) {
        paymentLatencies.push(pay.deliveredAt - d.paymentAt);
        detectLatencies.push(pay.createdAt - d.paymentAt);
      }
    }

    const ops = Object.entries(throughputStats.byOperation);
    const reads = ops.filter(([, s]) => !s.isWrite).reduce((n, [, s]) => n + s.calls, 0);
    const writes = ops.filter(([, s]) => s.isWrite).reduce((n, [, s]) => n + s.calls, 0);
    const faults: Record<string, number> = {};
    for (const [, s] of ops) for (const [k, v] of Object.entries(s.faults)) faults[k] = (faults[k] ?? 0) + (v ?? 0);
    const profile = builtInProfile(options.profile);
    const mix = { readsPerDocument: reads / documents, writesPerDocument: writes / documents };
    const cpuWindowUs = (cpu1.at - cpu0.at) * 1000;
    const fraction = fractionOfBound(throughput, bound);
    return {
      bench: 'e2e',
      profile: options.profile,
      invoices: options.invoices,
      payments: paymentIds.length,
      documents,
      complete,
      throughput_docs_per_s: round(throughput),
      bound_docs_per_s: round(bound),
      fraction_of_bound: round(fraction, 3),
      goal: GOAL,
      goal_met: complete && fraction >= GOAL,
      profile_bound_docs_per_s: { median_based: round(profileBoundDocsPerSecond(options.axConcurrency, mix, profile.ax, 'median')), mean_based: round(profileBoundDocsPerSecond(options.axConcurrency, mix, profile.ax, 'mean')) },
      ax_concurrency: options.axConcurrency,
      ax_handlers: options.handlers,
      kashflow_connections: options.kashflowConnections,
      hot_interval_s: options.hotIntervalSeconds,
      per_page: options.perPage,
      customers: admin.customerCount,
      throughput_window_s: round(windowS),
      detect_s: round((firstAx - kfaxReady) / 1000),
      wall_s: round((lastDelivered - kfaxReady) / 1000),
      ax: {
        calls: throughputStats.calls,
        calls_per_doc: round(throughputStats.calls / documents, 3),
        reads_per_doc: round(mix.readsPerDocument, 3),
        writes_per_doc: round(mix.writesPerDocument, 3),
        busy_ms_per_doc: round(busyPerDoc, 1),
        injected_ms_per_doc: round(throughputStats.injectedLatencyMs / documents, 1),
        mean_in_flight: round(throughputStats.busyMs / 1000 / windowS, 2),
        max_in_flight: throughputStats.maxInFlight,
        faults,
        by_operation: Object.fromEntries(ops.map(([k, s]) => [k, { calls: s.calls, mean_ms: round(s.busyMs / s.calls, 1), injected_mean_ms: round(s.injectedLatencyMs / s.calls, 1) }])),
      },
      kashflow_requests_per_doc: round(kfRequests / documents, 2),
      cpu_pct: { kfax: round(((cpu1.kfax - cpu0.kfax) / cpuWindowUs) * 100, 1), sandboxes: round(((cpu1.sandboxes - cpu0.sandboxes) / cpuWindowUs) * 100, 1) },
      latency_ms: summary([...invoiceLatencies, ...paymentLatencies]),
      latency_ms_invoices: summary(invoiceLatencies),
      latency_ms_payments: summary(paymentLatencies),
      latency_detect_ms: summary(detectLatencies),
      hot_sweep_mean_ms: round(hotSweeps.count > 0 ? (hotSweeps.sumSeconds * 1000) / hotSweeps.count : Number.NaN, 0),
      latency_phase: { seconds: options.latencySeconds, target_docs_per_s: round(targetRate), created_invoices: latencyDocs.length, created_payments: latencyDocs.filter((d) => d.payment !== undefined).length, delivered: invoiceLatencies.length + paymentLatencies.length, create_errors: createErrors, complete: latencyComplete },
      errors,
      load_average: loadavg().map((l) => round(l)),
      cores: availableParallelism(),
      node: process.version,
    };
  } finally {
    await kf?.close().catch(() => undefined);
    await kfax?.process.stop();
    await sandbox.process.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The `kfax run` configuration of the benchmark. */
export function kfaxConfig(e: SandboxEndpoints, storePath: string, today: string, o: Pick<E2eSyncOptions, 'axConcurrency' | 'handlers' | 'kashflowConnections' | 'hotIntervalSeconds' | 'perPage'>): Record<string, unknown> {
  return {
    store: { url: storePath },
    kashflow: {
      restUrl: e.kashflow.restUrl,
      soapUrl: e.kashflow.soapUrl,
      username: e.kashflow.username,
      password: e.kashflow.password,
      memorableWord: e.kashflow.memorableWord,
      connections: o.kashflowConnections,
      // The seeded history (issued before today) is recorded, never sent: only the benchmark's documents go.
      polling: { hotIntervalSeconds: o.hotIntervalSeconds, fullIntervalSeconds: 3600, customersIntervalSeconds: 3600, perPage: o.perPage, syncFrom: today },
    },
    ax: { url: e.ax.url, company: e.ax.company, auth: { kind: 'basic', domain: e.ax.domain, username: e.ax.username, password: e.ax.password }, connections: o.axConcurrency },
    flows: { enabled: ['invoices', 'payments', 'customers', 'polling'], invoiceTrigger: 'issued' },
    server: { host: '127.0.0.1', port: 0 },
    mapping: { file: fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../../examples/kfax-mapping.yaml' : '../../examples/kfax-mapping.yaml', import.meta.url)), reference: 'ax' },
    endpoints: { ax: { concurrency: o.handlers } },
  };
}

function summary(values: number[]): LatencySummary {
  const q = quantiles(values);
  return { p50: Math.round(q.p50), p90: Math.round(q.p90), p99: Math.round(q.p99), max: Math.round(q.max), count: q.count };
}

/** Creates invoices and payments in KashFlow the way a user of the account would (REST). */
class KashflowAdmin {
  private constructor(
    private readonly kf: KashflowConnection,
    private readonly customers: string[],
    private readonly bank: number,
    private readonly method: number,
    private readonly today: string,
  ) {}

  static async open(kf: KashflowConnection, wanted: number, today: string): Promise<KashflowAdmin> {
    const rows = await kf.rest.all<{ Code?: string; Currency?: { Code?: string } | null }>('/customers', 500);
    const codes = rows
      .filter((r) => typeof r.Code === 'string' && (r.Currency?.Code ?? 'GBP') === 'GBP')
      .map((r) => r.Code as string)
      .sort()
      .slice(0, wanted);
    if (codes.length === 0) throw new Error('the KashFlow sandbox has no GBP customer');
    const banks = await kf.rest.get<{ Id: number }[]>('/bankaccounts');
    const methods = await kf.rest.get<{ Id: number }[]>('/paymentmethods/invoice');
    return new KashflowAdmin(kf, codes, banks[0]!.Id, methods[0]!.Id, today);
  }

  get customerCount(): number {
    return this.customers.length;
  }

  async createInvoice(i: number): Promise<{ number: number; gross: string }> {
    const body = { CustomerCode: this.customers[i % this.customers.length], CustomerReference: `BENCH-${i}`, LineItems: [{ Description: `Bench item ${i}`, Quantity: 1 + (i % 3), Rate: (20 + (i % 17) * 3.5).toFixed(2), VATLevel: 20 }] };
    const created = await this.kf.rest.post<{ Number: number; GrossAmount: string | number }>('/invoices', body);
    return { number: Number(created.Number), gross: String(created.GrossAmount) };
  }

  /** One payment for the whole gross of one invoice; returns the payment line id. */
  async pay(invoice: number, amount: string): Promise<number> {
    const [id] = await this.payBulk([{ invoice, amount }]);
    return id as number;
  }

  /** One payment per invoice, 50 per bulk request; returns the payment line ids. */
  async payMany(items: { invoice: number; amount: string }[]): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < items.length; i += 50) ids.push(...(await this.payBulk(items.slice(i, i + 50))));
    return ids;
  }

  private async payBulk(items: { invoice: number; amount: string }[]): Promise<number[]> {
    const bulk = await this.kf.rest.post<{ PaymentItems: { Id: number }[] }>('/invoices/bulk/payments', { Date: this.today, AccountId: this.bank, Method: this.method, Comment: 'bench e2e', PaymentItems: items.map((p) => ({ ObjectNumber: p.invoice, Amount: p.amount })) });
    return bulk.PaymentItems.map((p) => Number(p.Id));
  }
}

/** Posted free-text invoices and journals of the company (AX control API). */
async function axCounts(axControl: string, company: string): Promise<{ fti: number; journals: number }> {
  const counts = (await getJson(`${axControl}/ax/counts?company=${company}`)) as { companies: Record<string, { freeTextInvoicesPosted: number; journalsPosted: number }> };
  const c = counts.companies[company];
  return { fti: c?.freeTextInvoicesPosted ?? 0, journals: c?.journalsPosted ?? 0 };
}

/** Polls the AX counts until both targets are reached (true) or the timeout passes (false). */
async function waitFor(axControl: string, company: string, target: { fti: number; journals: number }, timeoutSeconds: number, log: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let lastLog = Date.now();
  for (;;) {
    const c = await axCounts(axControl, company);
    if (c.fti >= target.fti && c.journals >= target.journals) return true;
    if (Date.now() > deadline) return false;
    if (Date.now() - lastLog >= 5000) {
      log(`  AX: ${c.fti}/${target.fti} invoices, ${c.journals}/${target.journals} payment journals posted`);
      lastLog = Date.now();
    }
    await sleep(100);
  }
}

/** When kfax stored (found) and delivered each message. */
interface MessageTimes {
  createdAt: number;
  deliveredAt: number;
}

/** Times of the delivered invoice and payment sync messages, by KashFlow invoice number and payment id (kfax's store). */
async function deliveries(storePath: string): Promise<{ invoices: Map<number, MessageTimes>; payments: Map<number, MessageTimes> }> {
  const store = await openStore(storePath, { migrate: false });
  try {
    const invoices = new Map<number, MessageTimes>();
    const payments = new Map<number, MessageTimes>();
    for (const [type, into, field] of [
      [MESSAGE.invoiceSync, invoices, 'number'],
      [MESSAGE.paymentSync, payments, 'paymentId'],
    ] as const) {
      for (let after = 0; ; ) {
        const page = await store.listMessages({ states: ['delivered'], type, afterId: after, limit: 5000 });
        if (page.length === 0) break;
        for (const m of page) {
          const full = await store.getMessage(m.id);
          const id = Number((JSON.parse(full?.payload ?? '{}') as Record<string, unknown>)[field]);
          if (m.deliveredAt !== null && Number.isInteger(id)) into.set(id, { createdAt: m.createdAt, deliveredAt: m.deliveredAt });
        }
        after = page[page.length - 1]!.id;
      }
    }
    return { invoices, payments };
  } finally {
    await store.close();
  }
}

/** Invoice hot sweeps so far and their summed duration, from kfax's Prometheus metrics. */
async function hotSweepStats(kfaxUrl: string): Promise<{ count: number; sumSeconds: number }> {
  const text = await (await fetch(`${kfaxUrl}/metrics`)).text();
  const value = (suffix: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`kfax_poller_sweep_duration_seconds_${suffix}{`) && l.includes('poller="kashflow-invoices"') && l.includes('kind="hot"'));
    return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  return { count: value('count'), sumSeconds: value('sum') };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
