/**
 * `kfax bench intake`: signed Shopify order webhooks driven by wrk into a `kfax run` process,
 * carried through KashFlow into AX by the real flows, with both sandboxes (`fast` profile) in a
 * third process. Reports the rate accepted durably, the rate carried through to AX (orders
 * whose AX invoice is posted per second, over the whole run including the drain), the
 * end-to-end latency (webhook accepted → AX invoice posted) and CPU per order per process.
 *
 * Two kinds of load. Paced (`ratePerSecond`): wrk offers a fixed rate, and the sustained carry
 * is the rate at which AX invoices posted between the end of a warm-up and the end of the load
 * — at or above the offered rate only if kfax keeps up with it, because while a backlog exists
 * the carry runs at kfax's capacity. Unpaced: wrk's connections send as fast as they are
 * answered, which overloads kfax (the intake outruns the carry and a backlog builds up); the
 * carried rate then mixes the warm-up, the overload and the drain.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { MESSAGE } from '../../src/flows/contracts.js';
import { openStore } from '../../src/store/open-store.js';
import { MESSAGE_STATES } from '../../src/store/types.js';
import { driveShopifyWebhooks } from '../intake/drive-webhooks.js';
import { CHILD_PROCESSES, startKfaxProcess, type E2eLaunchers, type E2eProcess } from './processes.js';
import { dropSchema } from '../../src/engine/bench/targets.js';
import type { Store } from '../../src/store/store.js';
import type { AxCallStatsView } from '../../src/sandbox/ax/http/call-stats.js';
import { getJson, sendJson } from '../lib/control-http.js';
import { CountSampler } from './count-sampler.js';

export interface IntakePipelineOptions {
  durationSeconds: number;
  connections: number;
  /** Offer this many webhooks per second (wrk paced); undefined: as fast as they are answered. */
  ratePerSecond?: number;
  /**
   * Paced load only: seconds at the start of the load left out of the sustained carry (JIT
   * warm-up, the buyers' first customer syncs). Default: 10, at most a third of the load.
   */
  warmupSeconds?: number;
  /** Recurring buyers the orders come from. */
  buyers: number;
  /** Give up waiting for the pipeline to drain after this long. */
  drainTimeoutSeconds: number;
  /**
   * kfax processes: 1 runs everything; 2 runs the webhook intake and `shop-orders` in one
   * (`kfax run --flows shop-orders`) and the carry to AX in another (`--flows invoices,customers`),
   * over the same store.
   */
  processes: 1 | 2;
  /** The store: a SQLite file, or a fresh schema on this PostgreSQL URL. */
  store: { kind: 'sqlite'; thread?: 'main' | 'worker' } | { kind: 'postgres'; url: string };
  log: (line: string) => void;
  /**
   * How the sandboxes and a single kfax are started (default: child processes of the build, whose
   * CPU time is read from /proc). Tests start them in their own process. Two kfax processes are
   * always child processes.
   */
  launchers?: E2eLaunchers;
}

export interface IntakePipelineResult {
  durationSeconds: number;
  processes: 1 | 2;
  store: 'sqlite' | 'postgres';
  /** SQLite only: where the store ran its work (`store.sqlite.thread`). */
  sqliteThread?: 'main' | 'worker';
  connections: number;
  /** The paced rate offered (webhooks/s), or null when wrk sent as fast as it was answered. */
  offeredPerSecond: number | null;
  buyers: number;
  accepted: number;
  acceptedPerSecond: number;
  /** Orders with their AX invoice posted. */
  carried: number;
  /** carried / (time from the first webhook to the last AX invoice). */
  carriedPerSecond: number;
  /** Seconds the pipeline needed after the load stopped. */
  drainSeconds: number;
  /**
   * Paced load only (else null): AX invoices posted per second between the end of the warm-up
   * and the end of the load, and the orders accepted but not yet posted when the load ended.
   */
  sustained: { warmupSeconds: number; windowSeconds: number; carriedPerSecond: number; backlogAtLoadEnd: number } | null;
  endToEndMs: { p50: number; p99: number; max: number };
  intakeLatencyMs: { p50: number; p99: number };
  cpuMicrosPerOrder: { kfax: number; sandboxes: number };
  /**
   * HTTP calls the sandboxes served per carried order: KashFlow REST/SOAP requests, and AIF
   * calls in all and per operation (`<Service>/<operation>`), from their counters.
   */
  callsPerOrder: { kashflow: number; ax: number; axByOperation: Record<string, number> };
  errors: number;
  loadAverage: number;
  /** The gate: events/s accepted and carried through to AX, sustained. */
  goalEventsPerSecond: number;
  /**
   * Both the accepted and the carried rate reach the goal: under paced load the sustained
   * carry, else the carry over the whole run.
   */
  goalMet: boolean;
}

/** Shop-order webhooks per second that must be accepted and carried through to AX (issue gate). */
export const INTAKE_GOAL_EVENTS_PER_SECOND = 1_700;

const SECRET = 'bench-intake-shopify-secret-01234';

export async function runIntakePipelineBench(options: IntakePipelineOptions): Promise<IntakePipelineResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kfax-bench-intake-'));
  const launchers = options.launchers ?? CHILD_PROCESSES;
  const sandbox = await launchers.startSandbox('fast', 1);
  const pgSchema = options.store.kind === 'postgres' ? `kfax_bench_intake_${randomBytes(4).toString('hex')}` : undefined;
  const storeUrl = options.store.kind === 'postgres' ? options.store.url : join(dir, 'kfax.sqlite');
  const storeTarget: StoreTarget = { url: storeUrl, ...(pgSchema ? { schema: pgSchema } : {}) };
  // kfax's own default (store.sqlite.thread) unless told otherwise.
  const sqliteThread = options.store.kind === 'sqlite' ? (options.store.thread ?? 'worker') : undefined;
  let kfax: { process: E2eProcess; url: string }[] = [];
  try {
    const e = sandbox.endpoints;
    const configPath = join(dir, 'kfax.yaml');
    await writeFile(configPath, stringify({
      store: { url: storeUrl, ...(pgSchema ? { postgres: { schema: pgSchema } } : {}), ...(sqliteThread ? { sqlite: { thread: sqliteThread } } : {}) },
      kashflow: { restUrl: e.kashflow.restUrl, soapUrl: e.kashflow.soapUrl, username: e.kashflow.username, password: e.kashflow.password, memorableWord: e.kashflow.memorableWord, connections: 16 },
      ax: { url: e.ax.url, company: e.ax.company, auth: { kind: 'basic', domain: e.ax.domain, username: e.ax.username, password: e.ax.password }, connections: 8, batch: { whenBusy: 2 } },
      shop: { sources: { shopify: { secret: SECRET } } },
      flows: { enabled: ['shop-orders', 'invoices', 'customers'] },
      server: { host: '127.0.0.1', port: 0 },
      mapping: { file: fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../../examples/kfax-mapping.yaml' : '../../examples/kfax-mapping.yaml', import.meta.url)), reference: 'ax' },
      endpoints: { kashflow: { concurrency: 64 }, ax: { concurrency: 64 } },
    }));
    // The first process migrates the store; a second one starts after it.
    if (options.processes === 1) kfax = [await launchers.startKfax(configPath)];
    else {
      kfax = [await startKfaxProcess(configPath, {}, ['--flows', 'shop-orders'])];
      kfax.push(await startKfaxProcess(configPath, {}, ['--flows', 'invoices,customers']));
    }
    const front = kfax[0]!;
    options.log(`kfax (${options.processes} process${options.processes === 1 ? '' : 'es'}, ${options.store.kind}) at ${front.url}; sandboxes at ${e.kashflow.restUrl} and ${e.ax.url}`);
    const kfaxCpu = (): number => kfax.reduce((n, k) => n + k.process.cpuMicros(), 0);
    const cpu0 = { kfax: kfaxCpu(), sandboxes: sandbox.process.cpuMicros() };
    await sendJson('DELETE', `${e.control.axUrl}/ax/stats`);
    await sendJson('DELETE', `${e.control.kashflowUrl}/kashflow/requests`);
    let startedAt = 0;
    // Invoices posted in AX, read in the background (a cheap counter of the sandbox), so the
    // drain's end and the counts at the warm-up's and the load's end need no pause to ask.
    const posted = new CountSampler(() => countPostedInvoices(e.control.axUrl, e.ax.company), POLL_MS);
    const drive = await driveShopifyWebhooks({
      baseUrl: front.url, secret: SECRET, durationSeconds: options.durationSeconds, connections: options.connections, buyers: options.buyers,
      ...(options.ratePerSecond !== undefined ? { ratePerSecond: options.ratePerSecond } : {}),
      onLoadStart: () => {
        startedAt = Date.now();
        posted.start();
      },
    });
    const loadEnded = Date.now();
    const deadline = loadEnded + options.drainTimeoutSeconds * 1000;
    const waitPosted = async (target: number): Promise<void> => {
      while (posted.latest < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS));
    };
    // wrk counts only the answers it read before it stopped, and the store knows every order
    // committed; counting the store reads every order's row, so it waits until AX has the
    // orders wrk saw answered, and the time the last order posted is taken from the samples.
    const answered = drive.requests - drive.non2xx;
    options.log(`wrk saw ${answered} orders answered in ${options.durationSeconds} s; waiting for AX…`);
    await waitPosted(answered);
    const accepted = await storedOrders(storeTarget);
    options.log(`accepted ${accepted} orders in ${options.durationSeconds} s; waiting for the last of them in AX…`);
    await waitPosted(accepted);
    await posted.sample();
    posted.stop();
    const carried = posted.latest;
    const doneAt = posted.firstAtLeast(accepted)?.at ?? Date.now();
    const cpu = { kfax: kfaxCpu() - cpu0.kfax, sandboxes: sandbox.process.cpuMicros() - cpu0.sandboxes };
    const axStats = (await getJson(`${e.control.axUrl}/ax/stats`)) as AxCallStatsView;
    const kashflowRequests = ((await getJson(`${e.control.kashflowUrl}/kashflow/requests`)) as { total: number }).total;
    const perOrder = (n: number): number => Math.round((100 * n) / Math.max(1, carried)) / 100;
    for (const k of kfax) {
      const warnings = k.process.stderrTail().split('\n').filter((l) => l.trim() !== '');
      if (warnings.length > 0) options.log(`kfax wrote ${warnings.length} log lines; last: ${warnings.slice(-3).join(' | ').slice(0, 600)}`);
    }
    for (const k of kfax) await k.process.stop();
    kfax = [];
    const latencies = await endToEndLatencies(storeTarget);
    const acceptedPerSecond = Math.round(accepted / options.durationSeconds);
    const carriedPerSecond = Math.round(carried / ((doneAt - startedAt) / 1000));
    const sustained = options.ratePerSecond === undefined ? null : sustainedCarry(posted, startedAt, loadEnded, accepted, warmupSeconds(options));
    const goalCarry = sustained ? sustained.carriedPerSecond : carriedPerSecond;
    return {
      durationSeconds: options.durationSeconds,
      processes: options.processes,
      store: options.store.kind,
      ...(sqliteThread ? { sqliteThread } : {}),
      connections: options.connections,
      offeredPerSecond: options.ratePerSecond ?? null,
      buyers: options.buyers,
      accepted,
      acceptedPerSecond,
      carried,
      carriedPerSecond,
      drainSeconds: Math.max(0, Math.round((doneAt - loadEnded) / 100) / 10),
      sustained,
      endToEndMs: latencies,
      intakeLatencyMs: { p50: drive.latencyP50Ms, p99: drive.latencyP99Ms },
      cpuMicrosPerOrder: { kfax: Math.round(cpu.kfax / Math.max(1, carried)), sandboxes: Math.round(cpu.sandboxes / Math.max(1, carried)) },
      callsPerOrder: {
        kashflow: perOrder(kashflowRequests),
        ax: perOrder(axStats.calls),
        axByOperation: Object.fromEntries(Object.entries(axStats.byOperation).map(([op, o]) => [op, perOrder(o.calls)])),
      },
      errors: drive.non2xx + drive.socketErrors,
      loadAverage: Number(loadavg()[0]?.toFixed(2)),
      goalEventsPerSecond: INTAKE_GOAL_EVENTS_PER_SECOND,
      goalMet: acceptedPerSecond >= INTAKE_GOAL_EVENTS_PER_SECOND && goalCarry >= INTAKE_GOAL_EVENTS_PER_SECOND,
    };
  } finally {
    for (const k of kfax) await k.process.stop();
    await sandbox.process.stop();
    if (pgSchema && options.store.kind === 'postgres') await dropSchema(options.store.url, pgSchema);
    await rm(dir, { recursive: true, force: true });
  }
}

/** How often the AX posted count is read during the run (ms). */
const POLL_MS = 100;

/** The warm-up of a paced run: as asked, else 10 s, at most a third of the load. */
function warmupSeconds(options: IntakePipelineOptions): number {
  const w = options.warmupSeconds ?? Math.min(10, Math.floor(options.durationSeconds / 3));
  return Math.max(0, Math.min(w, options.durationSeconds - 1));
}

/** AX invoices posted per second from the end of the warm-up to the end of the load. */
function sustainedCarry(posted: CountSampler, startedAt: number, loadEnded: number, accepted: number, warmup: number): NonNullable<IntakePipelineResult['sustained']> {
  const from = Math.min(startedAt + warmup * 1000, loadEnded);
  const windowMs = loadEnded - from;
  const atEnd = posted.countAt(loadEnded);
  return {
    warmupSeconds: warmup,
    windowSeconds: Math.round(windowMs / 100) / 10,
    carriedPerSecond: windowMs > 0 ? Math.round(((atEnd - posted.countAt(from)) * 1000) / windowMs) : 0,
    backlogAtLoadEnd: Math.max(0, Math.round(accepted - atEnd)),
  };
}

/** kfax's store as the benchmark reads it (a SQLite file, or a PostgreSQL URL and schema). */
interface StoreTarget {
  url: string;
  schema?: string;
}

function openTarget(t: StoreTarget): Promise<Store> {
  return openStore(t.url, { migrate: false, ...(t.schema ? { schema: t.schema, poolSize: 2 } : {}) });
}

/** Shop orders in kfax's store (any state): the orders accepted durably. */
async function storedOrders(target: StoreTarget): Promise<number> {
  const store = await openTarget(target);
  try {
    let n = 0;
    for (let after = 0; ; ) {
      const page = await store.listMessages({ states: MESSAGE_STATES, type: MESSAGE.shopOrder, afterId: after, limit: 5000 });
      if (page.length === 0) return n;
      n += page.length;
      after = page[page.length - 1]!.id;
    }
  } finally {
    await store.close();
  }
}

/** Posted free-text invoices of the company, from the AX sandbox's control API. */
async function countPostedInvoices(axControl: string, company: string): Promise<number> {
  const counts = (await (await fetch(`${axControl}/ax/counts?company=${company}`)).json()) as { companies: Record<string, { freeTextInvoicesPosted: number }> };
  return counts.companies[company]?.freeTextInvoicesPosted ?? 0;
}

/** Webhook accepted (the order message's creation) → AX invoice posted (the invoice sync's delivery), from kfax's store. */
async function endToEndLatencies(target: StoreTarget): Promise<{ p50: number; p99: number; max: number }> {
  const store = await openTarget(target);
  try {
    const ordersCreated = new Map<number, number>();
    const durations: number[] = [];
    for (let after = 0; ; ) {
      const page = await store.listMessages({ states: ['delivered'], type: MESSAGE.shopOrder, afterId: after, limit: 5000 });
      if (page.length === 0) break;
      for (const m of page) ordersCreated.set(m.id, m.createdAt);
      after = page[page.length - 1]!.id;
    }
    for (let after = 0; ; ) {
      const page = await store.listMessages({ states: ['delivered'], type: MESSAGE.invoiceSync, afterId: after, limit: 5000 });
      if (page.length === 0) break;
      for (const m of page) {
        const created = m.parentId === null ? undefined : ordersCreated.get(m.parentId);
        if (created !== undefined && m.deliveredAt !== null) durations.push(m.deliveredAt - created);
      }
      after = page[page.length - 1]!.id;
    }
    durations.sort((a, b) => a - b);
    const q = (p: number): number => durations[Math.min(durations.length - 1, Math.floor(p * durations.length))] ?? Number.NaN;
    return { p50: q(0.5), p99: q(0.99), max: durations[durations.length - 1] ?? Number.NaN };
  } finally {
    await store.close();
  }
}
