/**
 * The intake benchmark without the flows: a kfax server on a throwaway SQLite store whose
 * `shop.order` handler does nothing, driven by wrk with signed Shopify order webhooks. It
 * measures the push path up to "accepted durably" (200 only after the commit) and checks at
 * the store that every 200 is a stored message. `kfax bench intake` (the lead engineer's)
 * runs the same drive against the full order-to-cash pipeline.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.js';
import { Engine } from '../../src/engine/engine.js';
import { MessageTypeRegistry } from '../../src/engine/message-types.js';
import { ENDPOINTS, MESSAGE, shopOrderPayload, shopPaymentPayload } from '../../src/flows/contracts.js';
import { createServer } from '../../src/server/server.js';
import { openStore } from '../../src/store/open-store.js';
import { driveShopifyWebhooks, type DriveWebhooksResult } from './drive-webhooks.js';

/** Options of {@link runIntakeBench}. */
export interface IntakeBenchOptions {
  readonly durationSeconds: number;
  readonly connections?: number;
  /** Run the engine's worker during the drive (no-op handlers), as `kfax run` would. Default true. */
  readonly drain?: boolean;
  readonly log?: (line: string) => void;
}

/** What the benchmark reports. */
export interface IntakeBenchResult {
  readonly wrk: DriveWebhooksResult;
  /** Responses with 2xx (wrk requests minus non-2xx). */
  readonly acknowledged: number;
  /** `shop.order` messages in the store afterwards. */
  readonly stored: number;
  /** Stored messages per second of drive. */
  readonly storedPerSecond: number;
  readonly drained: boolean;
  /**
   * CPU time of the kfax process (server, engine, SQLite) per stored message, in µs; wrk runs
   * in its own process. 1e6 / this is the rate one free core could sustain.
   */
  readonly cpuMicrosPerMessage: number;
  /** Load average (1 min) when the drive ended: other work on the machine skews req/s. */
  readonly loadAverage: number;
}

const SECRET = 'bench-shopify-secret-0123456789';

/** Runs the drive against an in-process server on a temp SQLite store. */
export async function runIntakeBench(options: IntakeBenchOptions): Promise<IntakeBenchResult> {
  const log = options.log ?? (() => undefined);
  const dir = await mkdtemp(join(tmpdir(), 'kfax-intake-bench-'));
  // On the event loop, as the figures in docs/server.md were taken.
  const store = await openStore(join(dir, 'kfax.sqlite'), { sqliteThread: 'main' });
  const registry = new MessageTypeRegistry()
    .define({ type: MESSAGE.shopOrder, endpoint: ENDPOINTS.kashflow, schema: shopOrderPayload, handle: () => ({}) })
    .define({ type: MESSAGE.shopPayment, endpoint: ENDPOINTS.kashflow, schema: shopPaymentPayload, handle: () => ({}) });
  const config = validateConfig({ store: { url: join(dir, 'kfax.sqlite') }, shop: { sources: { shopify: { secret: SECRET } } } });
  const drain = options.drain !== false;
  const engine = new Engine({ store, registry, settings: config.engine, endpoints: { ...config.endpoints, [ENDPOINTS.kashflow]: { concurrency: 256 } } });
  const app = createServer({ config, engine });
  try {
    if (drain) await engine.start();
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    log(`driving ${baseUrl}/webhooks/shopify for ${options.durationSeconds} s…`);
    let cpuBefore = process.cpuUsage();
    const wrk = await driveShopifyWebhooks({ baseUrl, secret: SECRET, durationSeconds: options.durationSeconds, connections: options.connections ?? 64, onLoadStart: () => (cpuBefore = process.cpuUsage()) });
    const cpu = process.cpuUsage(cpuBefore);
    const stats = await store.stats(Date.now());
    const stored = Object.values(stats.counts).reduce((a, b) => a + b, 0);
    return {
      wrk,
      acknowledged: wrk.requests - wrk.non2xx,
      stored,
      storedPerSecond: Math.round(stored / options.durationSeconds),
      drained: drain,
      cpuMicrosPerMessage: Math.round((cpu.user + cpu.system) / Math.max(1, stored)),
      loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    };
  } finally {
    await app.close();
    if (drain) await engine.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
