import { z } from 'zod';
import { Dec } from '../../canonical/money.js';
import { firstIssue, ShopEventError, type ShopPayment } from './shop-events.js';

/** Currencies whose Stripe amounts have no minor unit (amount is in whole units). */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/** A Stripe event envelope carrying a PaymentIntent (unknown fields ignored, not copied). */
export const stripeEventSchema = z
  .object({
    id: z.string().startsWith('evt_'),
    type: z.string(),
    created: z.number().int().positive(),
    data: z.object({
      object: z
        .object({
          id: z.string().startsWith('pi_'),
          object: z.literal('payment_intent'),
          amount_received: z.number().int().nonnegative(),
          currency: z.string().length(3),
          metadata: z.record(z.string(), z.string()).default({}),
        }),
    }),
  });

/**
 * Reads a Stripe `payment_intent.succeeded` event. The shop order it pays is taken from
 * the PaymentIntent metadata key `orderKey` (default `order_id`), which the shop sets when
 * it creates the intent. Throws {@link ShopEventError} naming the field otherwise.
 */
export function parseStripePayment(body: unknown, orderKey = 'order_id'): ShopPayment {
  const parsed = stripeEventSchema.safeParse(body);
  if (!parsed.success) throw firstIssue(parsed.error);
  const e = parsed.data;
  if (e.type !== 'payment_intent.succeeded') throw new ShopEventError('type', `expected payment_intent.succeeded, got ${e.type}`);
  const pi = e.data.object;
  const orderId = pi.metadata[orderKey];
  if (!orderId) throw new ShopEventError(`data.object.metadata.${orderKey}`, 'missing: the payment cannot be matched to a shop order');
  const currency = pi.currency.toUpperCase();
  const amount = ZERO_DECIMAL.has(currency) ? new Dec(pi.amount_received) : new Dec(pi.amount_received).div(100);
  if (amount.lte(0)) throw new ShopEventError('data.object.amount_received', 'must be more than zero');
  return { source: 'stripe', paymentId: pi.id, orderId, amount, currency, date: new Date(e.created * 1000).toISOString().slice(0, 10) };
}
