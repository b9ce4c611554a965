/**
 * CPU per idempotency key (UUIDv5): the base build's `rootIdempotencyKey` /
 * `followUpIdempotencyKey` against this build's, alternating in one process, on the identities
 * the intake makes per order (the `shop.order` root key from the webhook id, then follow-up keys
 * derived from it). Reports medians of µs per key and of paired ratios new / base.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/engine/idempotency-keys.js <base-dist> <new-dist> [rounds=15] [orders=20000]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { alternateBuilds } from '../lib/alternate-builds.js';

interface Keys {
  rootIdempotencyKey(type: string, key: string): string;
  followUpIdempotencyKey(parentKey: string, type: string, key: string): string;
}

const [baseDist, newDist, roundsArg, ordersArg] = process.argv.slice(2);
if (!baseDist || !newDist) throw new Error('usage: idempotency-keys.js <base-dist> <new-dist> [rounds] [orders]');
const ROUNDS = Number(roundsArg ?? 15);
const ORDERS = Number(ordersArg ?? 20_000);
const load = async (dist: string): Promise<Keys> => (await import(pathToFileURL(resolve(dist, 'src/engine/idempotency.js')).href)) as Keys;
const builds = { base: await load(baseDist), new: await load(newDist) };

/** µs per key over `ORDERS` orders of three keys each; checks both builds agree. */
function run(k: Keys): { us: number; sum: number } {
  let sum = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < ORDERS; i++) {
    const root = k.rootIdempotencyKey('shop.order', `shopify/bench-${820_982_911_946_154_508n + BigInt(i)}`);
    const invoice = k.followUpIdempotencyKey(root, 'kashflow.invoice.sync', `invoice:${10_000 + i}`);
    const customer = k.followUpIdempotencyKey(root, 'ax.customer.sync', `customer:buyer.${i % 500}@example.com`);
    sum += root.charCodeAt(3) + invoice.charCodeAt(5) + customer.charCodeAt(7);
  }
  const used = process.cpuUsage(cpu);
  return { us: (used.user + used.system) / (ORDERS * 3), sum };
}

run(builds.base);
run(builds.new);
const ab = await alternateBuilds(ROUNDS, (name) => {
  const { us, sum } = run(builds[name]);
  return { us, output: sum };
}, 'the builds give different keys');
console.log(JSON.stringify({ rounds: ROUNDS, orders: ORDERS, cpuMicrosPerKey: { base: +ab.base.toFixed(2), new: +ab.new.toFixed(2) }, ratio: +ab.ratio.toFixed(3), pairedRatio: +ab.pairedRatio.toFixed(3) }));
