/**
 * Store CPU per order: replays the store calls of `kfax bench intake`'s order cycle on a
 * {@link SqliteStore} in this process (no store thread, no engine) and reports the process CPU
 * time (user and system separately) and the bytes written per order.
 *
 *   npx vite-node bench/engine/store-order-cycle.ts -- [--base <dir>] [--samples 9] [--rounds 20] [--pragma 'name = value']…
 *
 * One round = 64 orders: 2 `enqueue` calls of 32 `shop.order` messages with inbox rows and
 * ~600-byte payloads, 2 claims of 32 on `kashflow`, 4 settles of 16 delivered (~80-byte output,
 * 2 xrefs, one `kashflow.invoice.sync` follow-up each), 2 claims of 32 follow-ups on `ax`, 4
 * settles of 16 with one xref each — the intake benchmark's call mix (per order: ~0.03 enqueue,
 * ~0.08 claim, ~0.14 settle calls).
 *
 * With `--base <dir>` (a checkout of another commit, e.g. `git archive e36adc0 src | tar -x -C
 * <dir>` plus a `node_modules` symlink), that build's store runs too, on its own file database,
 * alternating with this one sample by sample; the report gives the median of each. The machine
 * may be shared: CPU time and medians, never wall time. `--pragma` (repeatable) is applied to this
 * build's connection only, to try a setting against the base.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DeliveredSettlement, Store } from '../../src/store/store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { orderMessage, uuidOf } from '../lib/store-orders.js';

type StoreClass = new (options: { path: string }) => Store;

const ORDERS_PER_ROUND = 64;
const ENQUEUE_BATCH = 32;
const CLAIM_BATCH = 32;
const SETTLE_BATCH = 16;
const WORKER = 'bench-host-4711-9f2c';

interface Variant {
  readonly name: string;
  readonly store: Store;
  readonly dir: string;
  readonly samples: Sample[];
}

interface Sample {
  readonly userUs: number;
  readonly systemUs: number;
  /** Bytes this process passed to write(2)/pwrite(2) (WAL frames, checkpoints). */
  readonly wchar: number;
  readonly syscw: number;
  /** read(2)/pread(2) calls: pages not in SQLite's cache. */
  readonly syscr: number;
}

let clock = 1_790_000_000_000;
let orderSeq = 0;

function tick(): number {
  clock += 1;
  return clock;
}

/** The fields a handler reads, without parsing the payload (the bench's own CPU counts too). */
function orderFields(payload: string): { orderId: string; email: string } {
  return { orderId: /"orderId":"(\d+)"/.exec(payload)?.[1] ?? '', email: /"email":"([^"]+)"/.exec(payload)?.[1] ?? '' };
}

function invoiceSettlement(id: number, attempt: number, payload: string): DeliveredSettlement {
  const order = orderFields(payload);
  const invoice = 100_000 + (id % 1_000_000);
  return {
    kind: 'delivered',
    id,
    attempt,
    output: JSON.stringify({ invoice, customer: `SMI${String(id % 1000).padStart(3, '0')}`, createdCustomer: false, createdInvoice: true }),
    xrefs: [
      { system: 'shop', entity: 'order', sourceId: `shopify:${order.orderId}`, targetId: String(invoice) },
      { system: 'shop', entity: 'customer-email', sourceId: order.email, targetId: `SMI${String(id % 1000).padStart(3, '0')}` },
    ],
    enqueue: [
      {
        type: 'kashflow.invoice.sync',
        endpoint: 'ax',
        payload: JSON.stringify({ number: invoice, detectedBy: 'shop' }),
        idempotencyKey: uuidOf(`invoice-sync:${invoice}`),
        aggregateKey: `kashflow/invoice/${invoice}`,
        parentId: id,
      },
    ],
  };
}

function syncSettlement(id: number, attempt: number, payload: string): DeliveredSettlement {
  const number = Number(/"number":(\d+)/.exec(payload)?.[1]);
  return {
    kind: 'delivered',
    id,
    attempt,
    output: JSON.stringify({ axInvoice: `FTI-${number}`, posted: true }),
    xrefs: [{ system: 'ax', entity: 'free-text-invoice', sourceId: String(number), targetId: `FTI-${number}` }],
    enqueue: [],
  };
}

async function claimAndSettle(store: Store, endpoint: string, type: string, expected: number, settlement: (id: number, attempt: number, payload: string) => DeliveredSettlement): Promise<void> {
  let done = 0;
  while (done < expected) {
    const claimed = await store.claim({ workerId: WORKER, endpoint, types: [type], limit: CLAIM_BATCH, now: tick(), leaseMs: 60_000 });
    if (claimed.length === 0) throw new Error(`nothing to claim on ${endpoint} (${done}/${expected})`);
    for (let i = 0; i < claimed.length; i += SETTLE_BATCH) {
      const batch = claimed.slice(i, i + SETTLE_BATCH).map((m) => settlement(m.id, m.attempt, m.payload));
      const result = await store.settle(WORKER, batch, tick());
      if (result.settled.length !== batch.length) throw new Error(`settle lost ${batch.length - result.settled.length}`);
    }
    done += claimed.length;
  }
}

/** One round of the order cycle. */
async function round(store: Store): Promise<void> {
  for (let i = 0; i < ORDERS_PER_ROUND; i += ENQUEUE_BATCH) {
    const messages = Array.from({ length: ENQUEUE_BATCH }, () => orderMessage(orderSeq++));
    await store.enqueue(messages, { now: tick() });
  }
  await claimAndSettle(store, 'kashflow', 'shop.order', ORDERS_PER_ROUND, invoiceSettlement);
  await claimAndSettle(store, 'ax', 'kashflow.invoice.sync', ORDERS_PER_ROUND, syncSettlement);
}

function procIo(): { wchar: number; syscw: number; syscr: number } {
  const text = readFileSync('/proc/self/io', 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { wchar: field('wchar'), syscw: field('syscw'), syscr: field('syscr') };
}

async function sample(v: Variant, rounds: number): Promise<void> {
  const io = procIo();
  const cpu = process.cpuUsage();
  for (let r = 0; r < rounds; r++) await round(v.store);
  const used = process.cpuUsage(cpu);
  const io2 = procIo();
  v.samples.push({ userUs: used.user, systemUs: used.system, wchar: io2.wchar - io.wchar, syscw: io2.syscw - io.syscw, syscr: io2.syscr - io.syscr });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function open(name: string, Store: StoreClass, pragmas: readonly string[] = []): Promise<Variant> {
  const dir = mkdtempSync(join(tmpdir(), `kfax-store-cycle-${name}-`));
  const store = new Store({ path: join(dir, 'kfax.sqlite') });
  for (const p of pragmas) (store as unknown as SqliteStore).db.pragma(p);
  await store.migrate(tick());
  return { name, store, dir, samples: [] };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const samples = Number(option(args, '--samples') ?? 9);
  const rounds = Number(option(args, '--rounds') ?? 20);
  const base = option(args, '--base');
  const variants: Variant[] = [];
  if (base !== undefined) {
    const mod = (await import(resolve(base, 'src/store/sqlite/sqlite-store.ts'))) as { SqliteStore: StoreClass };
    variants.push(await open('base', mod.SqliteStore));
  }
  variants.push(await open('this', SqliteStore, args.filter((_, i) => args[i - 1] === '--pragma')));
  try {
    for (const v of variants) await sample(v, 3); // warm-up: statements prepared, JIT, pages cached
    for (const v of variants) v.samples.length = 0;
    for (let s = 0; s < samples; s++) {
      const order = s % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) await sample(v, rounds);
    }
    const orders = rounds * ORDERS_PER_ROUND;
    console.log(`${samples} samples of ${orders} orders per variant (medians per order; mean: all samples, as rare checkpoints count there)`);
    console.log('variant  user µs  system µs  total µs  mean µs  written B  write calls  read calls  db+wal MB');
    for (const v of variants) {
      const per = (f: (s: Sample) => number) => median(v.samples.map(f)) / orders;
      const mean = v.samples.reduce((n, s) => n + s.userUs + s.systemUs, 0) / v.samples.length / orders;
      const size = ['kfax.sqlite', 'kfax.sqlite-wal'].reduce((n, f) => n + statSync(join(v.dir, f)).size, 0) / 1e6;
      console.log(
        `${v.name.padEnd(7)}  ${per((s) => s.userUs).toFixed(1).padStart(7)}  ${per((s) => s.systemUs).toFixed(1).padStart(9)}  ${per((s) => s.userUs + s.systemUs).toFixed(1).padStart(8)}  ${mean.toFixed(1).padStart(7)}  ${per((s) => s.wchar).toFixed(0).padStart(9)}  ${per((s) => s.syscw).toFixed(1).padStart(11)}  ${per((s) => s.syscr).toFixed(1).padStart(10)}  ${size.toFixed(1).padStart(9)}`,
      );
    }
  } finally {
    for (const v of variants) {
      await v.store.close();
      rmSync(v.dir, { recursive: true, force: true });
    }
  }
}

await main();
