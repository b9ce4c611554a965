/**
 * Drives signed Shopify `orders/create` webhooks at a kfax server with wrk. wrk cannot compute
 * HMACs, so the deliveries are generated and signed first, written one per line to a file, and
 * a Lua script loads its thread's share of them (pre-formatted requests) and rotates through
 * them: every request carries a unique order id and webhook id until the prepared set runs out
 * (then it wraps, and the server answers the repeats as duplicates — `wrapped` says so).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KfaxError } from '../../src/errors/kfax-error.js';
import { hasWrk, runWrk, type WrkResult } from '../lib/wrk.js';
import { pacedDelayLua } from '../lib/wrk-pace.js';
import { signedShopifyDeliveries } from './shopify-orders.js';

/** Options of {@link driveShopifyWebhooks}. */
export interface DriveWebhooksOptions {
  /** Server base URL, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** `shop.sources.shopify.secret` of the server. */
  readonly secret: string;
  readonly durationSeconds: number;
  /** Keep-alive connections (default 64). */
  readonly connections?: number;
  /** wrk threads (default 1: the server needs the other core). */
  readonly threads?: number;
  /** Deliveries to prepare (default: 4,000 per second of run, enough for ≥ 4,000 events/s). */
  readonly deliveries?: number;
  /** Index of the first order (use distinct ranges for runs against one store). Default 0. */
  readonly firstOrder?: number;
  /** Recurring buyers (e-mails) the orders come from; default: a new buyer per order. */
  readonly buyers?: number;
  /**
   * Offer this many webhooks per second (paced by the script's `delay()`, see
   * {@link pacedDelayLua}); default: as fast as the connections are answered.
   */
  readonly ratePerSecond?: number;
  /** Called when the deliveries are prepared, just before wrk starts (to start measuring). */
  readonly onLoadStart?: () => void;
}

/** What one drive measured. */
export interface DriveWebhooksResult extends WrkResult {
  /** Deliveries prepared (unique orders). */
  readonly prepared: number;
  /** True when wrk sent more requests than were prepared (the rest were duplicates). */
  readonly wrapped: boolean;
  readonly bodyBytes: number;
}

/**
 * Lua for wrk: each thread loads every `threads`-th line of `file` and replays them in turn,
 * paced at `ratePerSecond` in all when given.
 */
export function shopifyWebhookLua(file: string, path: string, threads: number, ratePerSecond?: number): string {
  const pacing = ratePerSecond === undefined ? '' : pacedDelayLua(ratePerSecond / threads);
  return `${pacing}
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local requests = {}
local total = 0
local i = 0
function init(args)
  local lineNo = 0
  for line in io.lines(${JSON.stringify(file)}) do
    if lineNo % ${threads} == tid then
      local id, sig, body = line:match("^([^\\t]+)\\t([^\\t]+)\\t(.*)$")
      total = total + 1
      requests[total] = wrk.format("POST", ${JSON.stringify(path)}, {
        ["Content-Type"] = "application/json",
        ["X-Shopify-Topic"] = "orders/create",
        ["X-Shopify-Hmac-Sha256"] = sig,
        ["X-Shopify-Webhook-Id"] = id,
        ["X-Shopify-Shop-Domain"] = "kfax-bench.myshopify.com",
      }, body)
    end
    lineNo = lineNo + 1
  end
end

function request()
  i = i + 1
  if i > total then i = 1 end
  return requests[i]
end
`;
}

/** Prepares signed deliveries and replays them with wrk against `POST /webhooks/shopify`. */
export async function driveShopifyWebhooks(options: DriveWebhooksOptions): Promise<DriveWebhooksResult> {
  if (!(await hasWrk())) throw new KfaxError('KFAX_CLI_USAGE', ['the intake benchmark needs wrk on the PATH (Debian: apt-get install -y wrk)']);
  const threads = options.threads ?? 1;
  const count = options.deliveries ?? Math.max(1_000, 4_000 * options.durationSeconds);
  const deliveries = signedShopifyDeliveries(count, options.secret, options.firstOrder ?? 0, options.buyers);
  const dir = await mkdtemp(join(tmpdir(), 'kfax-intake-'));
  try {
    const file = join(dir, 'deliveries.tsv');
    await writeFile(file, deliveries.map((d) => `${d.webhookId}\t${d.hmac}\t${d.body}`).join('\n'));
    const url = new URL('/webhooks/shopify', options.baseUrl).toString();
    options.onLoadStart?.();
    const result = await runWrk({ url, durationSeconds: options.durationSeconds, connections: options.connections ?? 64, threads, lua: shopifyWebhookLua(file, '/webhooks/shopify', threads, options.ratePerSecond) });
    const bodyBytes = Math.round(deliveries.reduce((n, d) => n + d.body.length, 0) / Math.max(1, deliveries.length));
    return { ...result, prepared: count, wrapped: result.requests > count, bodyBytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
