import type { z } from 'zod';
import type { Dec } from '../../canonical/money.js';

/** A shop order as kfax needs it to raise a KashFlow sales invoice. Money is decimal. */
export interface ShopOrder {
  /** Source system, e.g. `shopify`. */
  source: string;
  /** The shop's order id (idempotency: one KashFlow invoice per order). */
  orderId: string;
  /** Human order name, e.g. `#1001`; becomes the invoice's CustomerReference. */
  orderName: string;
  /** Buyer e-mail: the key to find or create the KashFlow customer. */
  email: string;
  customerName: string;
  companyName: string;
  currency: string;
  /** `yyyy-MM-dd`. */
  orderDate: string;
  /** True when line prices include VAT. */
  pricesIncludeTax: boolean;
  address: { line1: string; line2: string; town: string; county: string; postCode: string; countryCode: string };
  lines: ShopOrderLine[];
  total: Dec;
  /** True when the shop already marks the order paid (orders/paid). */
  paid: boolean;
}

export interface ShopOrderLine {
  description: string;
  sku: string;
  quantity: Dec;
  /** Unit price as the shop shows it (incl. VAT when `pricesIncludeTax`). */
  unitPrice: Dec;
  /** VAT percentage, e.g. 20. */
  vatPercent: Dec;
  kind: 'item' | 'shipping' | 'discount';
}

/** A payment seen by a payment gateway or the shop. */
export interface ShopPayment {
  source: string;
  /** Gateway payment id (idempotency: one KashFlow payment per id). */
  paymentId: string;
  /** The shop order it pays. */
  orderId: string;
  amount: Dec;
  currency: string;
  /** `yyyy-MM-dd`. */
  date: string;
}

/** Path-aware error for a webhook body that cannot be read. */
export class ShopEventError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'ShopEventError';
  }
}

/** Turns a zod failure into a {@link ShopEventError} naming the first bad field. */
export function firstIssue(error: z.ZodError): ShopEventError {
  const issue = error.issues[0];
  return new ShopEventError(issue && issue.path.length > 0 ? issue.path.join('.') : '(body)', issue?.message ?? 'invalid');
}
