/**
 * Event-loop CPU per order of the engine on the SQLite store thread (`WorkerStore`): base build
 * against this build in one process, alternating, each with its own store. Counts only the
 * event loop's thread (`/proc/self/task/<pid>/schedstat`): the store thread's own work is not in
 * it, what it costs the loop to talk to that thread is — posting and receiving calls, xref
 * look-ups on the loop's own connection, the group committer and the inbox writer.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/engine/store-thread-loop.js <base-dist> <new-dist> [samples] [orders]
 *
 * The order cycle of `kfax bench intake` with stand-in handlers: each order is ingested (64 in
 * flight), its `shop.order` handler looks up the order's and the buyer's xref (200 recurring
 * buyers), waits 1 ms (its HTTP call) and records both xrefs with an `invoice.sync` follow-up;
 * that handler looks up the invoice's and the customer's xref, waits 1 ms and records the
 * invoice's xref. Reports medians of µs per order and of paired (adjacent) sample ratios.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine, EngineOptions } from '../../src/engine/engine.js';
import type { Delivery, HandlerResult } from '../../src/engine/handler.js';
import type { MessageTypeRegistry } from '../../src/engine/message-types.js';
import type { Store } from '../../src/store/store.js';
import { median } from '../lib/gc-meter.js';

const [baseDist, newDist, samplesArg, ordersArg] = process.argv.slice(2);
if (!baseDist || !newDist) throw new Error('usage: store-thread-loop.js <base-dist> <new-dist> [samples] [orders]');
const SAMPLES = Number(samplesArg ?? 9);
// Long samples: a running thread's schedstat is brought up to date only at a tick (4 ms).
const ORDERS = Number(ordersArg ?? 3_000);
const IN_FLIGHT = 64;
const BUYERS = 200;

function threadCpuUs(): number {
  const [ns] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
  return Number(ns) / 1000;
}

interface Build {
  Engine: new (o: EngineOptions) => Engine;
  MessageTypeRegistry: new () => MessageTypeRegistry;
  WorkerStore: new (o: { path: string }) => Store;
}

async function load(dist: string): Promise<Build> {
  const from = async (file: string) => (await import(pathToFileURL(resolve(dist, file)).href)) as Record<string, unknown>;
  return {
    Engine: (await from('src/engine/engine.js')).Engine as Build['Engine'],
    MessageTypeRegistry: (await from('src/engine/message-types.js')).MessageTypeRegistry as Build['MessageTypeRegistry'],
    WorkerStore: (await from('src/store/sqlite-worker/worker-store.js')).WorkerStore as Build['WorkerStore'],
  };
}

const httpCall = (): Promise<void> => new Promise((r) => setTimeout(r, 1));
let orderSeq = 0;

interface Variant {
  readonly build: Build;
  readonly store: Store;
  readonly dir: string;
}

function registry(build: Build, synced: () => void): MessageTypeRegistry {
  return new build.MessageTypeRegistry()
    .define({
      type: 'shop.order',
      endpoint: 'kashflow',
      handle: async (d: Delivery): Promise<HandlerResult> => {
        const p = d.payload as { order: number; email: string };
        if ((await d.lookupXref('shop', 'order', String(p.order))) !== null) return { output: { already: true } };
        const customer = (await d.lookupXref('shop', 'customer-email', p.email)) ?? `C-${p.email.length}-${p.order % BUYERS}`;
        await httpCall();
        const invoice = 100_000 + p.order;
        return {
          xrefs: [
            { system: 'shop', entity: 'order', sourceId: String(p.order), targetId: String(invoice) },
            { system: 'shop', entity: 'customer-email', sourceId: p.email, targetId: customer },
          ],
          enqueue: [{ type: 'invoice.sync', payload: { number: invoice, customer }, key: `kashflow/invoice/${invoice}`, global: true, aggregateKey: `kashflow/invoice/${invoice}` }],
          output: { invoice, customer, createdInvoice: true },
        };
      },
    })
    .define({
      type: 'invoice.sync',
      endpoint: 'ax',
      handle: async (d: Delivery): Promise<HandlerResult> => {
        const p = d.payload as { number: number; customer: string };
        const known = await d.lookupXref('kashflow', 'invoice', String(p.number));
        if (known !== null) return { output: { axInvoiceId: known, already: true } };
        await d.lookupXref('shop', 'customer-email', p.customer);
        await httpCall();
        synced();
        return { xrefs: [{ system: 'kashflow', entity: 'invoice', sourceId: String(p.number), targetId: `FTI-${p.number}` }], output: { axInvoiceId: `FTI-${p.number}`, outcome: 'created' } };
      },
    });
}

/** One sample: `ORDERS` orders through a fresh engine on the variant's store; event-loop CPU µs per order. */
async function sample(v: Variant): Promise<number> {
  let synced = 0;
  let allSynced: () => void = () => {};
  const done = new Promise<void>((r) => (allSynced = r));
  const engine = new v.build.Engine({
    store: v.store,
    registry: registry(v.build, () => {
      if (++synced === ORDERS) allSynced();
    }),
    endpoints: { kashflow: { concurrency: 32 }, ax: { concurrency: 32 } },
  });
  await engine.start();
  const t0 = threadCpuUs();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < ORDERS) {
      const n = orderSeq++;
      next++;
      await engine.ingest({ source: 'shop', dedupeKey: `order-${n}`, type: 'shop.order', payload: { order: n, email: `buyer-${n % BUYERS}@example.com`, lines: [{ sku: 'ENA-104', qty: 1, price: '19.99' }] } });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  await done;
  await engine.stop();
  const cpu = threadCpuUs() - t0;
  return cpu / ORDERS;
}

async function open(dist: string): Promise<Variant> {
  const build = await load(dist);
  const dir = mkdtempSync(join(tmpdir(), 'kfax-loop-'));
  const store = new build.WorkerStore({ path: join(dir, 'kfax.sqlite') });
  await store.migrate(Date.now());
  return { build, store, dir };
}

const variants = { base: await open(baseDist), new: await open(newDist) };
const figures: Record<'base' | 'new', number[]> = { base: [], new: [] };
try {
  for (const v of Object.values(variants)) await sample(v); // warm-up
  for (let s = 0; s < SAMPLES; s++) {
    const order: readonly ('base' | 'new')[] = s % 2 === 0 ? ['base', 'new'] : ['new', 'base'];
    for (const name of order) figures[name].push(await sample(variants[name]));
  }
} finally {
  for (const v of Object.values(variants)) {
    await v.store.close();
    rmSync(v.dir, { recursive: true, force: true });
  }
}
console.log(`Engine on the store thread: ${SAMPLES} samples × ${ORDERS} orders (shop.order + invoice.sync, 4 look-ups each order); median event-loop CPU µs per order`);
for (const name of ['base', 'new'] as const) console.log(name.padEnd(5), median(figures[name]).toFixed(1), ` (samples: ${figures[name].map((x) => x.toFixed(1)).join(' ')})`);
console.log('new/base, median of paired samples:', median(figures.new.map((x, i) => x / figures.base[i]!)).toFixed(3));
