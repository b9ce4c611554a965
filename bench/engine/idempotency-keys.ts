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
import { median } from '../lib/gc-meter.js';

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
const samples = { base: [] as number[], new: [] as number[] };
const ratios: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? (['base', 'new'] as const) : (['new', 'base'] as const);
  const sums: number[] = [];
  for (const name of order) {
    const { us, sum } = run(builds[name]);
    samples[name].push(us);
    sums.push(sum);
  }
  if (sums[0] !== sums[1]) throw new Error('the builds give different keys');
  ratios.push(samples.new[r]! / samples.base[r]!);
}
const b = median(samples.base);
const n = median(samples.new);
console.log(JSON.stringify({ rounds: ROUNDS, orders: ORDERS, cpuMicrosPerKey: { base: +b.toFixed(2), new: +n.toFixed(2) }, ratio: +(n / b).toFixed(3), pairedRatio: +median(ratios).toFixed(3) }));
