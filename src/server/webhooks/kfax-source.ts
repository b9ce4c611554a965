/**
 * kfax's own webhook scheme for relays and shops kfax has no adapter for.
 *
 * Headers: `X-Kfax-Timestamp: <unix seconds>` and `X-Kfax-Signature: v1=<hex HMAC-SHA256 of
 * "<timestamp>.<raw body>">`; a timestamp outside the replay window is refused, and a replay
 * inside it is a duplicate (same `id`). Body (unknown fields are refused, naming the field):
 *
 * ```json
 * { "type": "order", "id": "evt-1001", "data": { "source": "myshop", "orderId": "1001", … } }
 * { "type": "payment", "id": "evt-1002", "data": { "source": "mygateway", "paymentId": "…", "orderId": "1001", "amount": "65.97", … } }
 * ```
 *
 * `data` is the `shop.order` / `shop.payment` payload of `src/flows/contracts.ts` with a few
 * defaults (`source` "kfax", `companyName` "", address fields "", `sku` "", `kind` "item",
 * `paid` false) and decimals given as text or JSON numbers (kept exact).
 */
import { z } from 'zod';
import type { ShopOrderPayload, ShopPaymentPayload } from '../../flows/contracts.js';
import { parseWith } from '../validation.js';
import { orderEvent, paymentEvent } from './events.js';
import { verifyKfax } from './signatures.js';
import { header, parseBody, type WebhookDelivery, type WebhookInterpretation, type WebhookSource } from './source.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const decimal = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  .pipe(z.string().regex(DECIMAL, 'expected a decimal number (text such as "19.99", or a JSON number)'));
const id = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => String(v))
  .pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'));
const name = z.string().min(1, 'must not be empty').max(50, 'must be at most 50 characters');
const currency = z.string().regex(/^[A-Za-z]{3}$/, 'expected a 3-letter ISO currency code').transform((c) => c.toUpperCase());
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-MM-dd');
const text = z.string().default('');

/** `data` of a kfax `order` event. */
export const kfaxOrderData = z.strictObject({
  source: name.default('kfax'),
  orderId: id,
  orderName: z.string().min(1, 'must not be empty'),
  email: z.email().transform((e) => e.toLowerCase()),
  customerName: z.string(),
  companyName: text,
  currency,
  orderDate: date,
  pricesIncludeTax: z.boolean(),
  address: z.strictObject({ line1: text, line2: text, town: text, county: text, postCode: text, countryCode: text }).prefault({}),
  lines: z
    .array(z.strictObject({ description: z.string(), sku: text, quantity: decimal, unitPrice: decimal, vatPercent: decimal, kind: z.enum(['item', 'shipping', 'discount']).default('item') }))
    .min(1, 'an order needs at least one line'),
  total: decimal,
  paid: z.boolean().default(false),
});

/** `data` of a kfax `payment` event. */
export const kfaxPaymentData = z.strictObject({
  source: name.default('kfax'),
  paymentId: id,
  orderId: id,
  amount: decimal.refine((a) => !a.startsWith('-') && /[1-9]/.test(a), 'must be more than zero'),
  currency,
  date,
});

/** The kfax event envelope. */
export const kfaxEnvelope = z.strictObject({
  type: z.enum(['order', 'payment']),
  id: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  data: z.custom<unknown>((v) => v !== undefined, { message: 'is required' }),
});

/** How the kfax source is set up. */
export interface KfaxSourceOptions {
  readonly secret: string;
  readonly windowSeconds: number;
}

export class KfaxSource implements WebhookSource {
  readonly name = 'kfax';

  constructor(private readonly options: KfaxSourceOptions) {}

  verify(d: WebhookDelivery) {
    return verifyKfax(d.body, header(d.headers, 'x-kfax-timestamp'), header(d.headers, 'x-kfax-signature'), this.options.secret, this.options.windowSeconds, d.receivedAt);
  }

  interpret(d: WebhookDelivery): WebhookInterpretation {
    const e = parseWith(kfaxEnvelope, parseBody(d.body), '');
    if (e.type === 'order') {
      const data: ShopOrderPayload = parseWith(kfaxOrderData, e.data, 'data');
      return { kind: 'ingest', events: [orderEvent(this.name, e.id, data)] };
    }
    const data: ShopPaymentPayload = parseWith(kfaxPaymentData, e.data, 'data');
    return { kind: 'ingest', events: [paymentEvent(this.name, e.id, data)] };
  }
}
