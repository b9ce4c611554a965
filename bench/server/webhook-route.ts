/**
 * Server CPU per webhook on `POST /webhooks/shopify`, over real HTTP: the base build's
 * `createServer` against this build's in one process, alternating, each with a stand-in engine
 * whose `ingest` resolves at once (so the route, Fastify's pipeline, the Shopify source and the
 * hooks are what is measured, not the store). A child process drives the load (keep-alive,
 * `connections` in flight, the intake bench's signed deliveries from 500 recurring buyers), so
 * only the server's CPU (this process: main thread and GC helpers) is counted. Reports medians of
 * µs per request and of paired (adjacent) ratios new / base.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/server/webhook-route.js <base-dist> <new-dist> [rounds=11] [requests=20000] [connections=32]
 *
 * With `connections` = `inject`, the requests go through Fastify's `inject` (light-my-request) in
 * this process instead, 32 in flight: no sockets, so the kernel's loopback work (a third of the
 * server's CPU over HTTP) neither counts nor adds its noise; the measure then includes the
 * injector's own cost, the same for both builds.
 */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { signedShopifyDeliveries, type SignedShopifyDelivery } from '../intake/shopify-orders.js';
import { alternateBuilds } from '../lib/alternate-builds.js';

const SECRET = 'bench-shopify-secret';
const DELIVERIES = 4_000;

interface Listening {
  listen(o: { port: number; host: string }): Promise<string>;
  inject(o: { method: string; url: string; headers: Record<string, string>; payload: string }): Promise<{ statusCode: number; body: string }>;
  close(): Promise<void>;
}

/** The headers of one delivery, as the intake bench's wrk script sends them. */
function headersOf(d: SignedShopifyDelivery): Record<string, string> {
  return { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': d.hmac, 'x-shopify-webhook-id': d.webhookId, 'x-shopify-shop-domain': 'kfax-bench.myshopify.com' };
}

/** Checks an answer is the acceptance. */
function accepted(status: number, text: string): void {
  if (status !== 200 || !text.startsWith('{"accepted":true')) throw new Error(`unexpected answer ${status} ${text}`);
}

/** Starts one build's server on a free port, with a stand-in engine. */
async function start(dist: string): Promise<{ server: Listening; port: number }> {
  const mod = (await import(pathToFileURL(resolve(dist, 'src/server/server.js')).href)) as { createServer: (o: unknown) => Listening };
  let id = 0;
  const engine = {
    store: {},
    stats: () => Promise.reject(new Error('not in this bench')),
    ingest: () => Promise.resolve({ id: ++id, duplicate: false }),
    ingestMany: (events: readonly unknown[]) => Promise.resolve(events.map(() => ({ id: ++id, duplicate: false }))),
  };
  const config = { server: { bodyLimitBytes: 1 << 20 }, shop: { sources: { shopify: { enabled: true, secret: SECRET, paymentFromPaidOrders: false } } } };
  const server = mod.createServer({ config, engine });
  const address = await server.listen({ port: 0, host: '127.0.0.1' });
  return { server, port: Number(new URL(address).port) };
}

/** The load driver (child process): runs `n` deliveries against a port when asked. */
async function drive(connections: number): Promise<void> {
  const deliveries: SignedShopifyDelivery[] = signedShopifyDeliveries(DELIVERIES, SECRET, 0, 500);
  const pools = new Map<number, Pool>();
  let next = 0;
  process.on('message', (m: { port: number; n: number }) => {
    let pool = pools.get(m.port);
    if (!pool) pools.set(m.port, (pool = new Pool(`http://127.0.0.1:${m.port}`, { connections, pipelining: 1 })));
    const p = pool;
    let started = 0;
    const one = async (): Promise<void> => {
      while (started++ < m.n) {
        const d = deliveries[next++ % deliveries.length]!;
        const res = await p.request({
          method: 'POST',
          path: '/webhooks/shopify',
          headers: headersOf(d),
          body: d.body,
        });
        accepted(res.statusCode, await res.body.text());
      }
    };
    void Promise.all(Array.from({ length: connections }, one)).then(() => process.send?.('done'));
  });
  process.send?.('ready');
}

async function main(): Promise<void> {
  const [baseDist, newDist, roundsArg, requestsArg, connectionsArg] = process.argv.slice(2);
  if (!baseDist || !newDist) throw new Error('usage: webhook-route.js <base-dist> <new-dist> [rounds] [requests] [connections]');
  const rounds = Number(roundsArg ?? 11);
  const requests = Number(requestsArg ?? 20_000);
  const inject = connectionsArg === 'inject';
  const connections = inject ? 32 : Number(connectionsArg ?? 32);
  const child = inject ? undefined : fork(fileURLToPath(import.meta.url), ['--drive', String(connections)]);
  if (child) await new Promise((r) => child.once('message', r));
  const builds = { base: await start(baseDist), new: await start(newDist) };
  const deliveries = inject ? signedShopifyDeliveries(DELIVERIES, SECRET, 0, 500) : [];
  let next = 0;

  /** Sends `n` deliveries through `inject`, `connections` in flight. */
  const injectAll = async (server: Listening, n: number): Promise<void> => {
    let started = 0;
    const one = async (): Promise<void> => {
      while (started++ < n) {
        const d = deliveries[next++ % deliveries.length]!;
        const res = await server.inject({ method: 'POST', url: '/webhooks/shopify', headers: headersOf(d), payload: d.body });
        accepted(res.statusCode, res.body);
      }
    };
    await Promise.all(Array.from({ length: connections }, one));
  };

  /** Server CPU µs per request for `n` requests against one build. */
  const run = async (name: 'base' | 'new', n: number): Promise<number> => {
    const cpu = process.cpuUsage();
    if (child) {
      const done = new Promise((r) => child.once('message', r));
      child.send({ port: builds[name].port, n });
      await done;
    } else {
      await injectAll(builds[name].server, n);
    }
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / n;
  };

  await run('base', requests / 2);
  await run('new', requests / 2);
  const ab = await alternateBuilds(rounds, (name) => run(name, requests));
  console.log(JSON.stringify({ rounds, requests, connections: inject ? 'inject' : connections, cpuMicrosPerRequest: { base: +ab.base.toFixed(1), new: +ab.new.toFixed(1) }, ratio: +ab.ratio.toFixed(3), pairedRatio: +ab.pairedRatio.toFixed(3) }));
  child?.kill();
  await builds.base.server.close();
  await builds.new.server.close();
}

if (process.argv[2] === '--drive') await drive(Number(process.argv[3]));
else await main();
