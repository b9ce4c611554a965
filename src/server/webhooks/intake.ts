/**
 * `POST /webhooks/:source`: the signed push path into the engine.
 *
 * Order of checks, each refusing before anything is stored: the source is enabled (404), the
 * body fits `server.bodyLimitBytes` (413), the signature over the raw bytes is right (401), the
 * body is JSON (400) and a usable event (400 naming the field). Then the events are ingested and
 * the reply is sent only after the transaction holding them committed (group commit at the
 * inbox shares one fsync between concurrent requests). A repeated delivery is acknowledged as a
 * duplicate and not processed again.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine/engine.js';
import { isKfaxError, KfaxError } from '../../errors/kfax-error.js';
import type { KfaxConfig } from '../../config/schema.js';
import type { EnqueueResult } from '../../store/types.js';
import type { ServerMetrics } from '../metrics.js';
import { debugEnabled } from '../logging.js';
import { acceptedAnswer, JSON_CONTENT_TYPE } from './answer.js';
import { KfaxSource } from './kfax-source.js';
import { ShopifySource } from './shopify-source.js';
import type { WebhookSource } from './source.js';
import { StripeSource } from './stripe-source.js';

/** The route template (metrics and error accounting use it). */
export const WEBHOOK_ROUTE = '/webhooks/:source';

/** The enabled webhook sources of a configuration, by name. */
export function enabledSources(config: KfaxConfig): Map<string, WebhookSource> {
  const s = config.shop.sources;
  const sources = new Map<string, WebhookSource>();
  const stripeOn = s.stripe?.enabled === true;
  if (s.shopify?.enabled) sources.set('shopify', new ShopifySource({ secret: s.shopify.secret, paymentFromPaidOrders: s.shopify.paymentFromPaidOrders ?? !stripeOn }));
  if (s.stripe?.enabled) sources.set('stripe', new StripeSource({ secret: s.stripe.secret, toleranceSeconds: s.stripe.toleranceSeconds, orderMetadataKey: s.stripe.orderMetadataKey }));
  if (s.kfax?.enabled) sources.set('kfax', new KfaxSource({ secret: s.kfax.secret, windowSeconds: s.kfax.windowSeconds }));
  return sources;
}

/** Short, fixed metric reasons for refused deliveries. */
export function rejectionReason(error: KfaxError): string {
  switch (error.code) {
    case 'KFAX_WEBHOOK_SIGNATURE_INVALID':
      return 'signature';
    case 'KFAX_WEBHOOK_SOURCE_UNKNOWN':
      return 'unknown_source';
    case 'KFAX_INPUT_TOO_LARGE':
      return 'too_large';
    case 'KFAX_JSON_MALFORMED':
      return 'malformed_json';
    case 'KFAX_INPUT_INVALID':
      return 'invalid';
    case 'KFAX_STORE_UNAVAILABLE':
      return 'store_unavailable';
    default:
      return 'error';
  }
}

/** What the intake needs. */
export interface IntakeOptions {
  readonly engine: Engine;
  readonly sources: ReadonlyMap<string, WebhookSource>;
  readonly metrics: ServerMetrics;
  readonly now: () => number;
}

/** Registers the webhook route in its own scope (raw-body parsing applies only there). */
export function registerWebhookIntake(app: FastifyInstance, options: IntakeOptions): void {
  const { engine, sources, metrics, now } = options;
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    const rawBody = (_request: unknown, body: Buffer | string, done: (err: null, body: Buffer | string) => void): void => done(null, body);
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, rawBody);
    // The same parser under the type senders use: Fastify caches the parser of a named type by
    // the header's text, while the catch-all parses the Content-Type header on every request.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, rawBody);

    scope.post<{ Params: { source: string } }>(WEBHOOK_ROUTE, {
      // Refuse an unknown source before reading its body.
      onRequest: (request, _reply, done) => {
        done(sources.has(request.params.source) ? undefined : new KfaxError('KFAX_WEBHOOK_SOURCE_UNKNOWN', [request.params.source.slice(0, 100)]));
      },
      handler: async (request, reply) => {
        const source = sources.get(request.params.source)!;
        const delivery = { headers: request.headers, body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), receivedAt: now() };
        const signature = source.verify(delivery);
        if (!signature.ok) throw new KfaxError('KFAX_WEBHOOK_SIGNATURE_INVALID', [source.name, signature.reason]);
        const meaning = source.interpret(delivery);
        if (meaning.kind === 'ignored') {
          metrics.webhook(source.name, 'ignored');
          return reply.code(meaning.status).send({ accepted: false, ignored: true, reason: meaning.reason });
        }
        let results: EnqueueResult[];
        try {
          results = meaning.events.length === 1 ? [await engine.ingest(meaning.events[0])] : await engine.ingestMany(meaning.events);
        } catch (err) {
          if (isKfaxError(err) && err.status < 500) throw err;
          // Never show the store's description to a sender; it retries on 503.
          request.log.error({ err }, 'webhook event could not be stored');
          throw new KfaxError('KFAX_STORE_UNAVAILABLE', ['kfax', 'the event was not stored; retry later'], { retryAfterMs: 1_000, cause: err });
        }
        const { duplicate, text } = acceptedAnswer(results);
        metrics.webhook(source.name, duplicate ? 'duplicate' : 'accepted');
        if (debugEnabled(request.log)) request.log.debug({ source: source.name, shop: request.headers['x-shopify-shop-domain'], ids: results.map((r) => r.id), duplicate }, 'webhook accepted');
        // The answer's JSON text, sent as it is (what serializing the answer object gives).
        return reply.code(200).header('content-type', JSON_CONTENT_TYPE).send(text);
      },
    });
  });
}
