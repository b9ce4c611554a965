import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createKfaxApp, type KfaxApp } from '../../src/app/kfax-app.js';
import { kfaxConfigSchema, type KfaxConfig } from '../../src/config/schema.js';
import { ShopSimulator } from '../../src/demo/shop-simulator.js';
import { snapshotFromWorld } from '../../src/mapping/reference/from-seed.js';
import { parseReferenceSnapshot } from '../../src/mapping/reference/snapshot.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';

export const SHOPIFY_SECRET = 'e2e-shopify-webhook-secret';
export const STRIPE_SECRET = 'whsec_e2e_stripe_endpoint_secret';

/** The kfax configuration for a running sandbox pair (a store path, fast retries). */
export function e2eConfig(sandbox: RunningSandbox, storePath: string, overrides: Record<string, unknown> = {}): KfaxConfig {
  const e = sandbox.endpoints;
  return kfaxConfigSchema.parse({
    store: { url: storePath },
    kashflow: { restUrl: e.kashflow.restUrl, soapUrl: e.kashflow.soapUrl, username: e.kashflow.username, password: e.kashflow.password, memorableWord: e.kashflow.memorableWord, polling: { hotIntervalSeconds: 2, fullIntervalSeconds: 600, customersIntervalSeconds: 600 } },
    ax: { url: e.ax.url, company: e.ax.company, auth: { kind: 'ntlm', domain: e.ax.domain, username: e.ax.username, password: e.ax.password }, connections: 4, timeoutMs: 5_000 },
    shop: { sources: { shopify: { secret: SHOPIFY_SECRET }, stripe: { secret: STRIPE_SECRET } } },
    server: { host: '127.0.0.1', port: 0, adminToken: 'e2e-admin-token-0123456789' },
    mapping: { file: 'examples/kfax-mapping.yaml' },
    engine: { pollIntervalMs: 100, parkedRecheckMs: 500 },
    endpoints: { default: { retry: { baseDelayMs: 50, maxDelayMs: 500 } } },
    ...overrides,
  });
}

/** kfax in this process against a sandbox pair, with a simulated shop. */
export interface AppRig {
  app: KfaxApp;
  shop: ShopSimulator;
  config: KfaxConfig;
  close(): Promise<void>;
}

export async function startAppRig(sandbox: RunningSandbox, overrides: Record<string, unknown> = {}): Promise<AppRig> {
  const dir = mkdtempSync(join(tmpdir(), 'kfax-e2e-'));
  const config = e2eConfig(sandbox, join(dir, 'kfax.sqlite'), overrides);
  const reference = parseReferenceSnapshot(snapshotFromWorld(sandbox.context.world, sandbox.endpoints.ax.company));
  const app = await createKfaxApp({ config, reference, logger: pino({ level: 'silent' }) });
  await app.start();
  const shop = new ShopSimulator({ kfaxUrl: app.url(), shopifySecret: SHOPIFY_SECRET, stripeSecret: STRIPE_SECRET, world: sandbox.context.world, seed: 7, orderDate: sandbox.context.clock.today() });
  return {
    app,
    shop,
    config,
    async close() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `probe` returns something truthy. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
