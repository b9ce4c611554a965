/**
 * `shop:` — the e-commerce front: which webhook sources are accepted, their secrets, and how a
 * shop order becomes a KashFlow invoice and a payment a KashFlow payment.
 */
import { z } from 'zod';

const secret = z.string().min(16, 'must be at least 16 characters');

export const shopSection = z
  .strictObject({
    sources: z
      .strictObject({
        /** Shopify `orders/create` and `orders/paid` (X-Shopify-Hmac-Sha256). */
        shopify: z
          .strictObject({
            enabled: z.boolean().default(true),
            secret,
            /**
             * Also record a `shop.payment` (amount = order total) for `orders/paid`. Unset: only
             * when the Stripe source is disabled, since a shop paid through Stripe would record it twice.
             */
            paymentFromPaidOrders: z.boolean().optional(),
          })
          .optional(),
        /** Stripe `payment_intent.succeeded` (Stripe-Signature). */
        stripe: z
          .strictObject({
            enabled: z.boolean().default(true),
            secret,
            toleranceSeconds: z.int().min(1).max(86_400).default(300),
            /** PaymentIntent metadata key holding the shop order id. */
            orderMetadataKey: z.string().min(1).default('order_id'),
            /** Which shop source's orders Stripe payments pay (a payment waits for that order's invoice). */
            orderSource: z.enum(['shopify', 'kfax']).default('shopify'),
          })
          .optional(),
        /** kfax's own signed format for relays (X-Kfax-Timestamp / X-Kfax-Signature). */
        kfax: z.strictObject({ enabled: z.boolean().default(true), secret, windowSeconds: z.int().min(1).max(86_400).default(300) }).optional(),
      })
      .prefault({}),
    /** How shop events are written to KashFlow. */
    kashflow: z
      .strictObject({
        /** Nominal code for product lines. */
        salesNominalCode: z.int().positive().default(4010),
        /** Nominal code for delivery lines. */
        shippingNominalCode: z.int().positive().default(4900),
        /** KashFlow bank account id that receives gateway payments. */
        bankAccountId: z.int().positive().default(4),
        /** KashFlow invoice payment method id for gateway payments. */
        paymentMethodId: z.int().positive().default(6),
        /** Days until an order invoice is due. */
        dueDays: z.int().min(0).max(365).default(0),
      })
      .prefault({}),
  })
  .prefault({});

/** The validated `shop` section. */
export type ShopConfig = z.output<typeof shopSection>;
