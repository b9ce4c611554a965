import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKfaxApp, type KfaxApp } from '../../src/app/kfax-app.js';
import { MESSAGE } from '../../src/flows/contracts.js';
import { demoProgress } from '../../src/demo/progress.js';
import { ShopSimulator, type SimulatedOrder } from '../../src/demo/shop-simulator.js';
import { snapshotFromWorld } from '../../src/mapping/reference/from-seed.js';
import { parseReferenceSnapshot } from '../../src/mapping/reference/snapshot.js';
import { useSandbox } from '../helpers/sandbox.js';
import { e2eConfig, SHOPIFY_SECRET, STRIPE_SECRET, until } from './app-rig.js';

// Two kfax processes' worth of apps over one store, as `kfax run --flows …` deploys them: the
// front takes the shop webhooks and writes KashFlow; the back carries KashFlow to AX.
const sandbox = useSandbox();
let dir: string;
let front: KfaxApp;
let back: KfaxApp;
const claimedBy = { front: new Set<string>(), back: new Set<string>() };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kfax-split-'));
  const config = e2eConfig(sandbox(), join(dir, 'kfax.sqlite'), { flows: { enabled: ['shop-orders', 'shop-payments', 'invoices', 'payments', 'customers'] } });
  const reference = parseReferenceSnapshot(snapshotFromWorld(sandbox().context.world, sandbox().endpoints.ax.company));
  const logger = pino({ level: 'silent' });
  front = await createKfaxApp({ config, reference, logger, flows: ['shop-orders', 'shop-payments'] });
  back = await createKfaxApp({ config, reference, logger, flows: ['invoices', 'payments', 'customers'] });
  for (const [name, app] of [['front', front], ['back', back]] as const) {
    app.engine.events.on('transitions', (events) => {
      for (const e of events) if (e.to === 'in_flight') claimedBy[name].add(e.type ?? '(untyped)');
    });
  }
  await front.start();
  await back.start();
});

afterAll(async () => {
  await front?.stop();
  await back?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('flows split over two processes sharing one store', () => {
  it('the front enqueues what the back runs: orders and payments reach AX once, each process claims only its own flows', async () => {
    const shop = new ShopSimulator({ kfaxUrl: front.url(), shopifySecret: SHOPIFY_SECRET, stripeSecret: STRIPE_SECRET, world: sandbox().context.world, seed: 11, orderDate: sandbox().context.clock.today() });
    const orders: SimulatedOrder[] = [];
    for (let i = 0; i < 4; i++) {
      const o = await shop.placeOrder();
      orders.push(o);
      await shop.payOrder(o);
    }
    const progress = await until('orders invoiced, paid and settled in AX', async () => {
      const p = await demoProgress(sandbox(), orders, async () => (await front.engine.stats()).store);
      return p.complete && p.pending === 0 ? p : undefined;
    }, 60_000);
    expect(progress.duplicates).toBe(0);
    expect(progress.deadLetters).toBe(0);
    expect(progress.axInvoices).toBe(4);
    expect(progress.kashflowGross.eq(progress.axGross)).toBe(true);
    expect([...claimedBy.front].sort()).toEqual([MESSAGE.shopOrder, MESSAGE.shopPayment].sort());
    expect([...claimedBy.back].sort()).toEqual(expect.arrayContaining([MESSAGE.invoiceSync, MESSAGE.paymentSync]));
    for (const t of claimedBy.back) expect([MESSAGE.invoiceSync, MESSAGE.paymentSync, MESSAGE.customerSync]).toContain(t);
  }, 90_000);
});
