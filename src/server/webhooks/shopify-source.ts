/**
 * Shopify order webhooks: `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body),
 * `X-Shopify-Topic`, `X-Shopify-Webhook-Id` (the dedupe key; Shopify re-sends a failed delivery
 * with the same id) and `X-Shopify-Shop-Domain` (logged, not used for routing).
 */
import type { KeyObject } from 'node:crypto';
import { parseShopifyOrder } from '../../connectors/shop/shopify.js';
import type { InboundEvent } from '../../engine/inbox.js';
import { KfaxError } from '../../errors/kfax-error.js';
import { orderEvent, paymentEvent, shopOrderPayloadOf } from './events.js';
import { hmacKey, verifyShopify } from './signatures.js';
import { header, parseBody, readShopEvent, utcDate, type WebhookDelivery, type WebhookInterpretation, type WebhookSource } from './source.js';

/** Topics kfax reads; every other topic is acknowledged and ignored. */
export const SHOPIFY_TOPICS = ['orders/create', 'orders/paid'] as const;

/** How the Shopify source is set up. */
export interface ShopifySourceOptions {
  readonly secret: string;
  /** Also record a `shop.payment` (amount = order total) for `orders/paid`. */
  readonly paymentFromPaidOrders: boolean;
}

export class ShopifySource implements WebhookSource {
  readonly name = 'shopify';
  private readonly key: KeyObject;

  constructor(private readonly options: ShopifySourceOptions) {
    this.key = hmacKey(options.secret);
  }

  verify(d: WebhookDelivery) {
    return verifyShopify(d.body, header(d.headers, 'x-shopify-hmac-sha256'), this.key);
  }

  interpret(d: WebhookDelivery): WebhookInterpretation {
    const topic = header(d.headers, 'x-shopify-topic');
    if (!topic) throw new KfaxError('KFAX_INPUT_INVALID', ['X-Shopify-Topic', 'missing header']);
    if (topic !== 'orders/create' && topic !== 'orders/paid') return { kind: 'ignored', status: 202, reason: `topic ${topic.slice(0, 100)} is not used by kfax` };
    const body = parseBody(d.body);
    const parsed = readShopEvent(() => parseShopifyOrder(body, topic));
    const order = shopOrderPayloadOf(parsed);
    // Without a webhook id (a relay that drops it) the topic and order id still make a stable dedupe key.
    const webhookId = header(d.headers, 'x-shopify-webhook-id') ?? header(d.headers, 'x-shopify-event-id') ?? `${topic}:${order.orderId}`;
    const events: InboundEvent[] = [orderEvent(this.name, webhookId, order)];
    if (topic === 'orders/paid' && this.options.paymentFromPaidOrders && parsed.total.gt(0)) {
      const payment = { source: this.name, paymentId: `order-paid:${order.orderId}`, orderId: order.orderId, amount: order.total, currency: order.currency, date: utcDate(d.receivedAt) };
      events.push(paymentEvent(this.name, `${webhookId}/payment`, payment));
    }
    return { kind: 'ingest', events };
  }
}
