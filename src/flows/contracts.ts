/**
 * The contracts of the order-to-cash flows: message type names, their endpoints, payload
 * schemas, aggregate keys and the cross-reference names. Pollers, webhooks and handlers all use
 * these, so one logical change is one message wherever it was detected.
 */
import { z } from 'zod';

/** Endpoint names (limits, breakers and retry policy are per endpoint). */
export const ENDPOINTS = { kashflow: 'kashflow', ax: 'ax' } as const;

/** Message type names. */
export const MESSAGE = {
  /** A shop order to turn into a KashFlow sales invoice. Endpoint `kashflow`. */
  shopOrder: 'shop.order',
  /** A payment (gateway or shop) to record against the order's KashFlow invoice. Endpoint `kashflow`. */
  shopPayment: 'shop.payment',
  /** Carry KashFlow sales invoice `number` into AX as a free-text invoice. Endpoint `ax`. */
  invoiceSync: 'kashflow.invoice.sync',
  /** Carry one KashFlow invoice payment into AX as a customer payment settling the invoice. Endpoint `ax`. */
  paymentSync: 'kashflow.payment.sync',
  /** Make sure KashFlow customer `code` exists in AX (create it when missing). Endpoint `ax`. */
  customerSync: 'kashflow.customer.sync',
} as const;

/** A decimal number as payload text (`-12.50`). */
export const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
/** A business date as payload text (`yyyy-MM-dd`). */
export const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const decimal = z.string().regex(DECIMAL_TEXT, 'expected a decimal number as text');
const date = z.string().regex(DATE_TEXT, 'expected yyyy-MM-dd');

/** `shop.order` payload: a {@link import('../connectors/shop/shop-events.js').ShopOrder} with decimals as text. */
export const shopOrderPayload = z.strictObject({
  source: z.string().min(1),
  orderId: z.string().min(1),
  orderName: z.string().min(1),
  email: z.string().email(),
  customerName: z.string(),
  companyName: z.string(),
  currency: z.string().length(3),
  orderDate: date,
  pricesIncludeTax: z.boolean(),
  address: z.strictObject({ line1: z.string(), line2: z.string(), town: z.string(), county: z.string(), postCode: z.string(), countryCode: z.string() }),
  lines: z.array(z.strictObject({ description: z.string(), sku: z.string(), quantity: decimal, unitPrice: decimal, vatPercent: decimal, kind: z.enum(['item', 'shipping', 'discount']) })).min(1),
  total: decimal,
  paid: z.boolean(),
});
export type ShopOrderPayload = z.infer<typeof shopOrderPayload>;

/** `shop.payment` payload. */
export const shopPaymentPayload = z.strictObject({
  source: z.string().min(1),
  paymentId: z.string().min(1),
  orderId: z.string().min(1),
  amount: decimal,
  currency: z.string().length(3),
  date,
});
export type ShopPaymentPayload = z.infer<typeof shopPaymentPayload>;

/** `kashflow.invoice.sync` payload. */
export const invoiceSyncPayload = z.strictObject({
  number: z.number().int().positive(),
  /** Where the change was seen (for operators). */
  detectedBy: z.enum(['shop', 'poller', 'operator']),
});
export type InvoiceSyncPayload = z.infer<typeof invoiceSyncPayload>;

/** `kashflow.payment.sync` payload. */
export const paymentSyncPayload = z.strictObject({
  invoiceNumber: z.number().int().positive(),
  /** KashFlow payment line `Id`. */
  paymentId: z.number().int().positive(),
  detectedBy: z.enum(['shop', 'poller', 'operator']),
});
export type PaymentSyncPayload = z.infer<typeof paymentSyncPayload>;

/** `kashflow.customer.sync` payload. */
export const customerSyncPayload = z.strictObject({
  code: z.string().min(1),
  detectedBy: z.enum(['shop', 'poller', 'invoice', 'operator']),
});
export type CustomerSyncPayload = z.infer<typeof customerSyncPayload>;

/** Global message identities (the idempotency key is derived from type + key). */
export const MESSAGE_KEY = {
  shopOrder: (source: string, orderId: string) => `order:${source}:${orderId}`,
  shopPayment: (source: string, paymentId: string) => `payment:${source}:${paymentId}`,
  invoiceSync: (number: number) => `invoice:${number}`,
  paymentSync: (paymentId: number) => `payment:${paymentId}`,
  customerSync: (code: string) => `customer:${code.toUpperCase()}`,
} as const;

/** Aggregate keys: messages with the same key are delivered one at a time, in order. */
export const AGGREGATE = {
  /** An invoice and its payments. */
  kashflowInvoice: (number: number) => `kashflow/invoice/${number}`,
  /**
   * The orders of one buyer (by e-mail): they run one after another, so two orders from a new
   * buyer can never both create the buyer as a KashFlow customer. (Payments need no aggregate:
   * they park until their order's invoice exists.)
   */
  shopBuyer: (email: string) => `shop/buyer/${email.trim().toLowerCase()}`,
} as const;

/**
 * Cross-references (system, entity, source id → target id). Recording one releases every
 * message parked on it.
 */
export const XREF = {
  /** KashFlow customer code → AX customer account. */
  customer: (code: string) => ({ system: 'kashflow', entity: 'customer', sourceId: code.toUpperCase() }),
  /** KashFlow invoice number → AX invoice id (InvoiceId assigned at posting). */
  invoice: (number: number) => ({ system: 'kashflow', entity: 'invoice', sourceId: String(number) }),
  /** KashFlow payment id → AX payment journal number. */
  payment: (paymentId: number) => ({ system: 'kashflow', entity: 'payment', sourceId: String(paymentId) }),
  /** Shop order → KashFlow invoice number. */
  shopOrder: (source: string, orderId: string) => ({ system: 'shop', entity: 'order', sourceId: `${source}:${orderId}` }),
  /** Shop payment → KashFlow payment id. */
  shopPayment: (source: string, paymentId: string) => ({ system: 'shop', entity: 'payment', sourceId: `${source}:${paymentId}` }),
  /** Buyer e-mail (lower case) → KashFlow customer code. */
  shopCustomer: (email: string) => ({ system: 'shop', entity: 'customer-email', sourceId: email.toLowerCase() }),
} as const;
