import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoProgress } from '../../src/demo/progress.js';
import { ShopSimulator, type SimulatedOrder } from '../../src/demo/shop-simulator.js';
import { spawnScript, waitForLine } from '../../src/engine/bench/spawn.js';
import { loadConfig } from '../../src/config/load.js';
import { loadMappingFile } from '../../src/mapping/config/load.js';
import { runReconcile } from '../../src/reconcile/run.js';
import { controlRequest, useSandbox } from '../helpers/sandbox.js';
import { SHOPIFY_SECRET, STRIPE_SECRET, until } from './app-rig.js';

const sandbox = useSandbox();
const CLI = fileURLToPath(new URL('./fixtures/kfax-cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kfax-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(port: number): string {
  const e = sandbox().endpoints;
  const path = join(dir, 'kfax.yaml');
  writeFileSync(path, stringify({
    store: { url: join(dir, 'kfax.sqlite') },
    kashflow: { restUrl: e.kashflow.restUrl, soapUrl: e.kashflow.soapUrl, username: e.kashflow.username, password: '${KF_PASSWORD}', memorableWord: e.kashflow.memorableWord, polling: { hotIntervalSeconds: 2, fullIntervalSeconds: 600, customersIntervalSeconds: 600 } },
    ax: { url: e.ax.url, company: e.ax.company, auth: { kind: 'ntlm', domain: e.ax.domain, username: e.ax.username, password: '${AX_PASSWORD}' }, connections: 4, timeoutMs: 5000 },
    shop: { sources: { shopify: { secret: SHOPIFY_SECRET }, stripe: { secret: STRIPE_SECRET } } },
    server: { host: '127.0.0.1', port },
    mapping: { file: resolve('examples/kfax-mapping.yaml'), reference: 'ax' },
    engine: { pollIntervalMs: 100, parkedRecheckMs: 500 },
    endpoints: { default: { retry: { baseDelayMs: 50, maxDelayMs: 500 } } },
  }));
  return path;
}

/** Starts `kfax run` as its own process (secrets come from its environment, as in production). */
async function startKfax(config: string): Promise<{ child: ChildProcess; url: string }> {
  const child = await spawnScript(CLI, ['run', '--config', config]);
  children.push(child);
  const line = await waitForLine(child, /^kfax running at http:\/\/127\.0\.0\.1:\d+/, 30_000);
  return { child, url: /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0] };
}

it('a kfax process killed with SIGKILL mid-run and restarted loses nothing and duplicates nothing', async () => {
  process.env.KF_PASSWORD = sandbox().endpoints.kashflow.password;
  process.env.AX_PASSWORD = sandbox().endpoints.ax.password;
  // AX answers creates slowly enough that the kill lands while work is in flight.
  await controlRequest(sandbox().endpoints.control.axUrl, 'PUT', '/faults/profile', { name: 'fast', ax: { writeLatency: { dist: 'fixed', ms: 120 } } });
  const config = writeConfig(0);
  const first = await startKfax(config);
  const shop = new ShopSimulator({ kfaxUrl: first.url, shopifySecret: SHOPIFY_SECRET, stripeSecret: STRIPE_SECRET, world: sandbox().context.world, seed: 11, orderDate: sandbox().context.clock.today() });
  const orders: SimulatedOrder[] = [];
  for (let i = 0; i < 24; i++) {
    const o = await shop.placeOrder();
    orders.push(o);
    await shop.payOrder(o);
  }
  // Every webhook above was acknowledged, so it is durable. Kill kfax while it is still working.
  await until('some progress in AX', async () => {
    const p = await demoProgress(sandbox(), orders);
    return p.axInvoices >= 3 && !p.complete ? p : undefined;
  }, 60_000);
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  const midway = await demoProgress(sandbox(), orders);
  expect(midway.complete).toBe(false);

  await startKfax(config);
  const done = await until('all orders settled after the restart', async () => {
    const p = await demoProgress(sandbox(), orders);
    return p.complete ? p : undefined;
  }, 120_000);
  expect(done.duplicates).toBe(0);
  expect(done.axSettled).toBe(orders.length);
  const today = sandbox().context.clock.today();
  const cfg = loadConfig({ path: config });
  const result = await runReconcile({ config: cfg, period: { from: today, to: today }, mapping: loadMappingFile(cfg.mapping.file).config });
  expect(result.agree).toBe(true);
}, 240_000);
