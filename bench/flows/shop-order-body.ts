/**
 * The `shop.order` handler's own CPU per order, base build against this build in one process,
 * alternating: the handler on the intake bench's Shopify orders (read as the webhook reads them,
 * stored and re-read as JSON), with the buyer's xref found, the KashFlow invoice body built and
 * written as the REST client writes it (`stringifyWithRawNumbers`, then encoded to UTF-8 as the
 * HTTP send does); no HTTP. Reports medians of µs per order and of paired ratios new / base, and
 * checks both builds send the same bytes.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/flows/shop-order-body.js <base-dist> <new-dist> [rounds=15] [orders=20000]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseShopifyOrder } from '../../src/connectors/shop/shopify.js';
import type { ShopOrderPayload } from '../../src/flows/contracts.js';
import { shopOrderPayloadOf } from '../../src/server/webhooks/events.js';
import { parseJsonExact } from '../../src/server/webhooks/json-exact.js';
import { signedShopifyDeliveries } from '../intake/shopify-orders.js';
import { alternateBuilds } from '../lib/alternate-builds.js';

type Handler = (deps: unknown, d: unknown) => Promise<unknown>;
interface Build {
  readonly handle: Handler;
  readonly stringify: (v: unknown) => string;
}

const [baseDist, newDist, roundsArg, ordersArg] = process.argv.slice(2);
if (!baseDist || !newDist) throw new Error('usage: shop-order-body.js <base-dist> <new-dist> [rounds] [orders]');
const ROUNDS = Number(roundsArg ?? 15);
const ORDERS = Number(ordersArg ?? 20_000);
const DISTINCT = 2_000;

async function load(dist: string): Promise<Build> {
  const from = async <T>(file: string): Promise<T> => (await import(pathToFileURL(resolve(dist, file)).href)) as T;
  const { handleShopOrder } = await from<{ handleShopOrder: Handler }>('src/flows/order-to-cash/shop-order.js');
  const { stringifyWithRawNumbers } = await from<{ stringifyWithRawNumbers: Build['stringify'] }>('src/util/json-raw.js');
  return { handle: handleShopOrder, stringify: stringifyWithRawNumbers };
}
const builds = { base: await load(baseDist), new: await load(newDist) };

// The stored payload texts of the intake's orders (500 recurring buyers), as the executor reads them back.
const stored = signedShopifyDeliveries(DISTINCT, 'bench-secret', 0, 500).map((d) => JSON.stringify(shopOrderPayloadOf(parseShopifyOrder(parseJsonExact(d.body), 'orders/create'))));

/** µs of CPU per order, and the bytes sent (to compare the builds). */
async function run(b: Build): Promise<{ us: number; bytes: number; first: string }> {
  let bytes = 0;
  let first = '';
  const kashflow = {
    createInvoice: async (body: unknown): Promise<number> => {
      const text = b.stringify(body);
      bytes += Buffer.byteLength(text, 'utf8');
      if (first === '') first = text;
      return 1025;
    },
  };
  const deps = { kashflow, mapping: { currency: { accountingCurrency: 'GBP' } }, shop: { salesNominalCode: 4000, shippingNominalCode: 4000, dueDays: 30 }, flows: { enabled: ['invoices'], invoiceTrigger: 'issued' } };
  const lookupXref = async (_s: string, entity: string): Promise<string | null> => (entity === 'order' ? null : 'RAVE01');
  const cpu = process.cpuUsage();
  for (let i = 0; i < ORDERS; i++) {
    const payload = JSON.parse(stored[i % DISTINCT] as string) as ShopOrderPayload;
    await b.handle(deps, { payload, resend: false, lookupXref });
  }
  const used = process.cpuUsage(cpu);
  return { us: (used.user + used.system) / ORDERS, bytes, first };
}

await run(builds.base);
await run(builds.new);
const ab = await alternateBuilds(ROUNDS, async (name) => {
  const { us, bytes, first } = await run(builds[name]);
  return { us, output: `${bytes}:${first}` };
}, 'the builds send different bodies');
console.log(JSON.stringify({ rounds: ROUNDS, orders: ORDERS, cpuMicrosPerOrder: { base: +ab.base.toFixed(2), new: +ab.new.toFixed(2) }, ratio: +ab.ratio.toFixed(3), pairedRatio: +ab.pairedRatio.toFixed(3) }));
