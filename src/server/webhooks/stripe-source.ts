/**
 * Stripe events: `Stripe-Signature: t=…,v1=…` over `"<t>.<raw body>"` within a tolerance.
 * `payment_intent.succeeded` becomes a `shop.payment` (the event id is the dedupe key, the
 * PaymentIntent id the payment's identity); every other event type is acknowledged with 200 and
 * ignored, because Stripe keeps retrying anything that is not 2xx.
 */
import { parseStripePayment } from '../../connectors/shop/stripe.js';
import { KfaxError } from '../../errors/kfax-error.js';
import { paymentEvent, shopPaymentPayloadOf } from './events.js';
import { verifyStripe } from './signatures.js';
import { header, parseBody, readShopEvent, type WebhookDelivery, type WebhookInterpretation, type WebhookSource } from './source.js';

/** How the Stripe source is set up. */
export interface StripeSourceOptions {
  readonly secret: string;
  readonly toleranceSeconds: number;
  /** PaymentIntent metadata key holding the shop order id. */
  readonly orderMetadataKey: string;
}

export class StripeSource implements WebhookSource {
  readonly name = 'stripe';

  constructor(private readonly options: StripeSourceOptions) {}

  verify(d: WebhookDelivery) {
    return verifyStripe(d.body, header(d.headers, 'stripe-signature'), this.options.secret, this.options.toleranceSeconds, d.receivedAt);
  }

  interpret(d: WebhookDelivery): WebhookInterpretation {
    const body = parseBody(d.body);
    const type = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || type === '') throw new KfaxError('KFAX_INPUT_INVALID', ['type', 'expected the Stripe event type as a string']);
    if (type !== 'payment_intent.succeeded') return { kind: 'ignored', status: 200, reason: `event type ${type.slice(0, 100)} is not used by kfax` };
    const payment = shopPaymentPayloadOf(readShopEvent(() => parseStripePayment(body, this.options.orderMetadataKey)));
    const eventId = (body as { id: string }).id;
    return { kind: 'ingest', events: [paymentEvent(this.name, eventId, payment)] };
  }
}
