import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { kfaxConfigSchema, type KfaxConfig } from '../config/schema.js';
import { createKfaxApp, type KfaxApp } from '../app/kfax-app.js';
import { snapshotFromWorld } from '../mapping/reference/from-seed.js';
import { parseReferenceSnapshot } from '../mapping/reference/snapshot.js';
import { startSandbox, type RunningSandbox } from '../sandbox/sandbox.js';
import { ShopSimulator, type SimulatedOrder } from './shop-simulator.js';
import { loadMappingFile } from '../mapping/config/load.js';
import { runReconcile } from '../reconcile/run.js';
import { demoProgress, type DemoProgress } from './progress.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Orders to place; `undefined` keeps going until stopped. */
  orders?: number;
  /** Orders per second the simulated shop places. */
  ratePerSecond: number;
  seed: number;
  /** Sandbox latency/fault profile. */
  profile: string;
  /** Give up after this long (headless). */
  timeoutSeconds: number;
  /** kfax server port (0 = any free port). */
  port: number;
  /** Progress lines (URLs first, then counts). */
  log: (line: string) => void;
  /** Stops an open-ended demo. */
  signal?: AbortSignal;
}

/** The headless summary (`kfax demo --headless --json`, last stdout line). */
export interface DemoSummary {
  orders: number;
  kashflow: { invoices: number; payments: number; grossTotal: string };
  ax: { invoices: number; payments: number; settled: number; grossTotal: string };
  duplicates: number;
  deadLetters: number;
  reconciled: boolean;
  elapsedSeconds: number;
  timedOut: boolean;
  reconciliation: unknown;
}

const SHOPIFY_SECRET = 'demo-shopify-webhook-secret';
const STRIPE_SECRET = 'whsec_demo_stripe_endpoint_secret';

/**
 * The whole path on one machine: both sandboxes, kfax on a temporary SQLite file, and a
 * simulated shop sending signed Shopify orders and Stripe payments to kfax at a steady rate.
 * With a number of orders it waits until every order is invoiced, paid and synced (or the
 * timeout), then reconciles KashFlow against AX.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'kfax-demo-'));
  let sandbox: RunningSandbox | undefined;
  let app: KfaxApp | undefined;
  try {
    sandbox = await startSandbox({ seed: options.seed, profile: options.profile, historicalInvoices: 0, historicalPurchases: 0 });
    const config = demoConfig(sandbox, dir, options.port);
    const reference = parseReferenceSnapshot(snapshotFromWorld(sandbox.context.world, sandbox.endpoints.ax.company));
    app = await createKfaxApp({ config, reference, logger: pino({ level: process.env.KFAX_LOG_LEVEL ?? 'warn' }, pino.destination(2)) });
    await app.start();
    const e = sandbox.endpoints;
    options.log(`kfax        ${app.url()}  (metrics ${app.url()}/metrics, health ${app.url()}/healthz)`);
    options.log(`KashFlow    ${e.kashflow.restUrl}  user ${e.kashflow.username} / ${e.kashflow.password}, memorable word ${e.kashflow.memorableWord}`);
    options.log(`AX (AIF)    ${e.ax.url}  user ${e.ax.domain}\\${e.ax.username} / ${e.ax.password}, company ${e.ax.company}`);
    options.log(`inspect     ${e.control.kashflowUrl}/kashflow/counts   ${e.control.axUrl}/ax/counts?company=${e.ax.company}`);

    const shop = new ShopSimulator({ kfaxUrl: app.url(), shopifySecret: SHOPIFY_SECRET, stripeSecret: STRIPE_SECRET, world: sandbox.context.world, seed: options.seed, orderDate: sandbox.context.clock.today() });
    const placed: SimulatedOrder[] = [];
    const paid: Promise<void>[] = [];
    const deadline = started + options.timeoutSeconds * 1000;
    const stop = (): boolean => options.signal?.aborted === true || Date.now() > deadline;
    const interval = 1000 / options.ratePerSecond;
    let lastReport = 0;
    const report = async (): Promise<DemoProgress> => {
      const p = await demoProgress(sandbox as RunningSandbox, placed, async () => (await (app as KfaxApp).engine.stats()).store);
      options.log(`orders ${p.orders}  KashFlow invoices ${p.kashflowInvoices} payments ${p.kashflowPayments}  AX invoices ${p.axInvoices} settled ${p.axSettled}  waiting ${p.pending}  dead ${p.deadLetters}`);
      return p;
    };
    for (let i = 0; (options.orders === undefined || i < options.orders) && !stop(); i++) {
      const t0 = Date.now();
      const order = await shop.placeOrder();
      placed.push(order);
      // The shopper pays a moment after ordering; the payment may even reach kfax first.
      paid.push(new Promise((resolve) => setTimeout(resolve, 50)).then(() => shop.payOrder(order)));
      if (Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        await report();
      }
      const wait = interval - (Date.now() - t0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(paid);
    let progress = await report();
    while (!progress.complete && !stop()) {
      await new Promise((r) => setTimeout(r, 1000));
      progress = await report();
    }
    options.log('reconciling KashFlow against AX…');
    const today = sandbox.context.clock.today();
    const reconciliation = await runReconcile({ config, period: { from: today, to: today }, mapping: loadMappingFile(config.mapping.file).config, store: app.store });
    return await finalSummary(app, placed, progress, started, !progress.complete, reconciliation.agree, reconciliation.toJSON());
  } finally {
    await app?.stop().catch(() => undefined);
    await sandbox?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function demoConfig(sandbox: RunningSandbox, dir: string, port: number): KfaxConfig {
  const e = sandbox.endpoints;
  return kfaxConfigSchema.parse({
    store: { url: join(dir, 'kfax-demo.sqlite') },
    kashflow: { restUrl: e.kashflow.restUrl, soapUrl: e.kashflow.soapUrl, username: e.kashflow.username, password: e.kashflow.password, memorableWord: e.kashflow.memorableWord, polling: { hotIntervalSeconds: 5, fullIntervalSeconds: 300, customersIntervalSeconds: 60 } },
    ax: { url: e.ax.url, company: e.ax.company, auth: { kind: 'ntlm', domain: e.ax.domain, username: e.ax.username, password: e.ax.password }, connections: 4, timeoutMs: 15_000 },
    shop: { sources: { shopify: { secret: SHOPIFY_SECRET }, stripe: { secret: STRIPE_SECRET } } },
    server: { host: '127.0.0.1', port },
    mapping: { file: fileURLToPath(new URL(import.meta.url.includes('/dist/src/') ? '../../../examples/kfax-mapping.yaml' : '../../examples/kfax-mapping.yaml', import.meta.url)) },
    endpoints: { default: { retry: { baseDelayMs: 200, maxDelayMs: 5_000 } } },
  });
}

async function finalSummary(app: KfaxApp, placed: readonly SimulatedOrder[], p: DemoProgress, started: number, timedOut: boolean, agree: boolean, reconciliation: unknown): Promise<DemoSummary> {
  const stats = await app.engine.stats();
  return {
    orders: placed.length,
    kashflow: { invoices: p.kashflowInvoices, payments: p.kashflowPayments, grossTotal: p.kashflowGross.toFixed(2) },
    ax: { invoices: p.axInvoices, payments: p.axPayments, settled: p.axSettled, grossTotal: p.axGross.toFixed(2) },
    duplicates: p.duplicates,
    deadLetters: stats.store.counts.dead ?? 0,
    // Reconciled: every order made it through, nothing twice, and kfax reconcile finds the two ledgers agree.
    reconciled: !timedOut && p.complete && p.duplicates === 0 && agree,
    elapsedSeconds: Math.round((Date.now() - started) / 100) / 10,
    timedOut,
    reconciliation,
  };
}

