import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.js';
import type { KfaxConfig } from '../../src/config/schema.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Delivery, HandlerResult } from '../../src/engine/handler.js';
import { MessageTypeRegistry } from '../../src/engine/message-types.js';
import { ENDPOINTS, MESSAGE, shopOrderPayload, shopPaymentPayload, type ShopOrderPayload, type ShopPaymentPayload } from '../../src/flows/contracts.js';
import { createServer, type KfaxServer, type ServerOptions } from '../../src/server/server.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { testEngine } from '../engine/helpers.js';

export const SECRETS = { shopify: 'shpss_test_secret_0123456789', stripe: 'whsec_test_secret_0123456789', kfax: 'kfax_test_secret_0123456789' } as const;
export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';

/** What a recording handler does with a delivery (by order name / payment id). */
export type Behaviour = (delivery: Delivery<ShopOrderPayload> | Delivery<ShopPaymentPayload>) => unknown;

/** A running server on a real engine and SQLite store, with recording handlers. */
export interface Harness {
  readonly url: string;
  readonly app: KfaxServer;
  readonly engine: Engine;
  readonly store: Store;
  readonly dbPath: string;
  readonly config: KfaxConfig;
  /** Every handler call, in order. */
  readonly deliveries: { type: string; payload: unknown; attempt: number; idempotencyKey: string }[];
  /** Handler behaviour by key (order name or payment id); default: succeed. */
  readonly behaviours: Map<string, Behaviour>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Total messages in the store. */
  messageCount(): Promise<number>;
  close(): Promise<void>;
}

/** Harness options: config sections to merge and server options. */
export interface HarnessOptions {
  readonly config?: Record<string, unknown>;
  readonly server?: Partial<Omit<ServerOptions, 'config' | 'engine'>>;
  /** Do not start the engine's worker (messages stay pending). */
  readonly noWorker?: boolean;
}

const DEFAULT_SOURCES = { shopify: { secret: SECRETS.shopify }, stripe: { secret: SECRETS.stripe }, kfax: { secret: SECRETS.kfax } };

/** Starts a harness on port 0; close it in `afterAll`/`finally`. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'kfax-server-'));
  const dbPath = join(dir, 'kfax.sqlite');
  const store = await openStore(dbPath);
  const deliveries: Harness['deliveries'] = [];
  const behaviours = new Map<string, Behaviour>();
  const record = (key: string) => async (d: Delivery<ShopOrderPayload> | Delivery<ShopPaymentPayload>) => {
    deliveries.push({ type: d.type, payload: d.payload, attempt: d.attempt, idempotencyKey: d.idempotencyKey });
    const behaviour = behaviours.get(key);
    return behaviour ? ((await behaviour(d)) as HandlerResult | undefined) : { output: { ok: true } };
  };
  const registry = new MessageTypeRegistry()
    .define({ type: MESSAGE.shopOrder, endpoint: ENDPOINTS.kashflow, schema: shopOrderPayload, handle: (d) => record(d.payload.orderName)(d) })
    .define({ type: MESSAGE.shopPayment, endpoint: ENDPOINTS.kashflow, schema: shopPaymentPayload, handle: (d) => record(d.payload.paymentId)(d) });
  const config = validateConfig({ store: { url: dbPath }, shop: { sources: DEFAULT_SOURCES }, server: { bodyLimitBytes: 64 * 1024, adminToken: ADMIN_TOKEN }, ...options.config });
  const engine = testEngine(store, registry);
  if (!options.noWorker) await engine.start();
  const app = createServer({ config, engine, ...options.server });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    app,
    engine,
    store,
    dbPath,
    config,
    deliveries,
    behaviours,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    messageCount: async () => Object.values((await store.stats(Date.now())).counts).reduce((a, b) => a + b, 0),
    close: async () => {
      await app.close();
      await engine.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** JSON body of a response. */
export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** A pino logger at `level` whose JSON lines are pushed, parsed, onto `lines`. */
export function capturingLogger(level: string, lines: Record<string, unknown>[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level }, sink);
}
