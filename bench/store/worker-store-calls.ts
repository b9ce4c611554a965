/**
 * Owning-thread CPU of the store calls of `kfax bench intake`'s order cycle made through a
 * {@link WorkerStore} (the SQLite store on its own thread): base build against this build in one
 * process, alternating, each with its own store thread and database file. Counts only the
 * calling thread's CPU time (`/proc/self/task/<pid>/schedstat`), which is what the store thread
 * saves kfax's event loop: posting calls (structured clone, the thread's wake-up), receiving and
 * rebuilding the answers, resolving the promises — plus the bench's own building of the
 * messages and settlements, the same for both builds. The store thread's CPU (its schedstat)
 * and the whole process's are reported too: what is cheaper here must not cost the store thread.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/store/worker-store-calls.js <base-dist> <new-dist> [samples] [rounds]
 *
 * One round = 64 orders, the call mix of `bench/engine/store-order-cycle.ts`: 2 `enqueue` calls
 * of 32 `shop.order` messages (inbox rows, ~600-byte payloads), 2 claims of 32 on `kashflow`,
 * 4 settles of 16 delivered (2 xrefs and one `kashflow.invoice.sync` follow-up each), 2 claims of
 * 32 follow-ups on `ax`, 4 settles of 16 with one xref each. Reports medians of µs per order.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Store } from '../../src/store/store.js';
import type { DeliveredSettlement } from '../../src/store/types.js';
import { median } from '../lib/gc-meter.js';
import { orderMessage, uuidOf } from '../lib/store-orders.js';

type StoreClass = new (options: { path: string }) => Store;

const [baseDist, newDist, samplesArg, roundsArg] = process.argv.slice(2);
if (!baseDist || !newDist) throw new Error('usage: worker-store-calls.js <base-dist> <new-dist> [samples] [rounds]');
const SAMPLES = Number(samplesArg ?? 9);
// Long samples: the kernel brings a running thread's schedstat up to date only at a scheduler
// tick (4 ms) or a context switch, so each reading may lag by a tick.
const ROUNDS = Number(roundsArg ?? 100);
const ORDERS_PER_ROUND = 64;
const WORKER = 'bench-host-4711-9f2c';

/** CPU time of one thread of this process (default: the main thread), µs. */
function threadCpuUs(tid: number | string = process.pid): number {
  const [ns] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ');
  return Number(ns) / 1000;
}

let clock = 1_790_000_000_000;
const tick = (): number => ++clock;
let orderSeq = 0;

function invoiceSettlement(id: number, attempt: number): DeliveredSettlement {
  const invoice = 100_000 + (id % 1_000_000);
  const customer = `SMI${String(id % 1000).padStart(3, '0')}`;
  return {
    kind: 'delivered',
    id,
    attempt,
    output: JSON.stringify({ invoice, customer, createdCustomer: false, createdInvoice: true }),
    xrefs: [
      { system: 'shop', entity: 'order', sourceId: `shopify:${820_982_911_946 + id}`, targetId: String(invoice) },
      { system: 'shop', entity: 'customer-email', sourceId: `ada.smith.${id}@example.com`, targetId: customer },
    ],
    enqueue: [
      { type: 'kashflow.invoice.sync', endpoint: 'ax', payload: JSON.stringify({ number: invoice, detectedBy: 'shop' }), idempotencyKey: uuidOf(`invoice-sync:${invoice}`), aggregateKey: `kashflow/invoice/${invoice}`, runAt: clock, parentId: id },
    ],
  };
}

function syncSettlement(id: number, attempt: number): DeliveredSettlement {
  return { kind: 'delivered', id, attempt, output: JSON.stringify({ axInvoiceId: `FTI-${id}`, outcome: 'created' }), xrefs: [{ system: 'kashflow', entity: 'invoice', sourceId: String(id), targetId: `FTI-${id}` }], enqueue: [] };
}

async function claimAndSettle(store: Store, endpoint: string, type: string, settlement: (id: number, attempt: number) => DeliveredSettlement): Promise<void> {
  let done = 0;
  while (done < ORDERS_PER_ROUND) {
    const claimed = await store.claim({ workerId: WORKER, endpoint, types: [type], limit: 32, now: tick(), leaseMs: 60_000 });
    if (claimed.length === 0) throw new Error(`nothing to claim on ${endpoint}`);
    for (let i = 0; i < claimed.length; i += 16) {
      const batch = claimed.slice(i, i + 16).map((m) => settlement(m.id, m.attempt));
      const result = await store.settle(WORKER, batch, tick());
      if (result.settled.length !== batch.length) throw new Error('settle lost some');
    }
    done += claimed.length;
  }
}

async function round(store: Store): Promise<void> {
  for (let i = 0; i < ORDERS_PER_ROUND; i += 32) {
    const results = await store.enqueue(Array.from({ length: 32 }, () => orderMessage(orderSeq++)), { now: tick() });
    if (results.some((r) => r.duplicate)) throw new Error('duplicate');
  }
  await claimAndSettle(store, 'kashflow', 'shop.order', invoiceSettlement);
  await claimAndSettle(store, 'ax', 'kashflow.invoice.sync', syncSettlement);
}

/** A WorkerStore of the build, and the id of its store thread (the thread that appeared with it). */
async function open(dist: string): Promise<{ store: Store; dir: string; thread: string }> {
  const { WorkerStore } = (await import(pathToFileURL(resolve(dist, 'src/store/sqlite-worker/worker-store.js')).href)) as { WorkerStore: StoreClass };
  const dir = mkdtempSync(join(tmpdir(), 'kfax-worker-calls-'));
  const before = new Set(readdirSync('/proc/self/task'));
  const store = new WorkerStore({ path: join(dir, 'kfax.sqlite') });
  await store.migrate(tick());
  const started = readdirSync('/proc/self/task').filter((t) => !before.has(t));
  if (started.length !== 1) throw new Error(`expected one new thread, found ${started.length}`);
  return { store, dir, thread: started[0]! };
}

const variants = { base: await open(baseDist), new: await open(newDist) };
const figures: Record<'base' | 'new', number[]> = { base: [], new: [] };
const processFigures: Record<'base' | 'new', number[]> = { base: [], new: [] };
const storeThreadFigures: Record<'base' | 'new', number[]> = { base: [], new: [] };
try {
  for (const v of Object.values(variants)) for (let r = 0; r < 3; r++) await round(v.store); // warm-up
  for (let s = 0; s < SAMPLES; s++) {
    const order: readonly ('base' | 'new')[] = s % 2 === 0 ? ['base', 'new'] : ['new', 'base'];
    for (const name of order) {
      const t0 = threadCpuUs();
      const s0 = threadCpuUs(variants[name].thread);
      const p0 = process.cpuUsage();
      for (let r = 0; r < ROUNDS; r++) await round(variants[name].store);
      const p = process.cpuUsage(p0);
      storeThreadFigures[name].push((threadCpuUs(variants[name].thread) - s0) / (ROUNDS * ORDERS_PER_ROUND));
      figures[name].push((threadCpuUs() - t0) / (ROUNDS * ORDERS_PER_ROUND));
      processFigures[name].push((p.user + p.system) / (ROUNDS * ORDERS_PER_ROUND));
    }
  }
} finally {
  for (const v of Object.values(variants)) {
    await v.store.close();
    rmSync(v.dir, { recursive: true, force: true });
  }
}
console.log(`WorkerStore order cycle: ${SAMPLES} samples × ${ROUNDS * ORDERS_PER_ROUND} orders; median CPU µs per order of the calling thread (and of the store thread, and the whole process)`);
for (const name of ['base', 'new'] as const) {
  console.log(name.padEnd(5), median(figures[name]).toFixed(2), ` (store thread ${median(storeThreadFigures[name]).toFixed(1)}, process ${median(processFigures[name]).toFixed(1)}; samples: ${figures[name].map((x) => x.toFixed(1)).join(' ')})`);
}
// Each new sample ran next to a base sample: the median of their ratios is less sensitive to the machine's load drifting.
const paired = (f: Record<'base' | 'new', number[]>): string => median(f.new.map((x, i) => x / f.base[i]!)).toFixed(3);
console.log('new/base, median of paired samples: calling thread', paired(figures), ' store thread', paired(storeThreadFigures), ' process', paired(processFigures));
