import { z } from 'zod';
import { Dec, parseDecimal, ZERO } from '../../canonical/money.js';
import { isPlainShopifyOrder } from './shopify-check.js';
import { firstIssue, ShopEventError, type ShopOrder, type ShopOrderLine } from './shop-events.js';

const money = z.union([z.string(), z.number()]).refine((v) => parseDecimal(v) !== undefined, 'expected a decimal amount');
const taxLine = z.object({ rate: z.union([z.number(), z.string()]).refine((v) => parseDecimal(v) !== undefined, 'expected a rate'), price: money.optional(), title: z.string().optional() });
const address = z.object({ first_name: z.string().nullish(), last_name: z.string().nullish(), company: z.string().nullish(), address1: z.string().nullish(), address2: z.string().nullish(), city: z.string().nullish(), province: z.string().nullish(), zip: z.string().nullish(), country_code: z.string().nullish() });

/**
 * The parts of a Shopify `orders/create` / `orders/paid` payload kfax reads. Unknown fields are
 * ignored (Shopify adds fields over time) and not copied: the parsed order holds only these.
 */
export const shopifyOrderSchema = z
  .object({
    /** 64-bit: parse the body with `parseJsonLossless` so it arrives exact (as text when large). */
    id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]),
    name: z.string().min(1),
    email: z.string().email().nullish(),
    contact_email: z.string().email().nullish(),
    created_at: z.string().min(10),
    currency: z.string().length(3),
    taxes_included: z.boolean().default(false),
    financial_status: z.string().nullish(),
    total_price: money,
    customer: z.object({ email: z.string().nullish(), first_name: z.string().nullish(), last_name: z.string().nullish() }).nullish(),
    billing_address: address.nullish(),
    shipping_address: address.nullish(),
    line_items: z
      .array(z.object({ title: z.string(), sku: z.string().nullish(), quantity: z.number().int().positive(), price: money, tax_lines: z.array(taxLine).default([]) }))
      .min(1),
    shipping_lines: z.array(z.object({ title: z.string(), price: money, tax_lines: z.array(taxLine).default([]) })).default([]),
    total_discounts: money.optional(),
  });

/** A Shopify order body as the schema accepts it (defaults not yet filled). */
export type ShopifyOrderFields = z.input<typeof shopifyOrderSchema>;

/**
 * Reads a Shopify order webhook body (already signature-checked). Throws
 * {@link ShopEventError} naming the field when it is not a usable order.
 */
export function parseShopifyOrder(body: unknown, topic: string): ShopOrder {
  // The plain check accepts only what the schema accepts; the schema gives the errors.
  if (isPlainShopifyOrder(body)) return shopOrderOf(body as ShopifyOrderFields, topic);
  const parsed = shopifyOrderSchema.safeParse(body);
  if (!parsed.success) throw firstIssue(parsed.error);
  return shopOrderOf(parsed.data, topic);
}

const ONE = new Dec(1);

// The percentage of the last single rate seen: an order's lines mostly carry one (decimals are immutable).
let lastSingleRate: { readonly rate: number | string; readonly percent: Dec } | undefined;

/** VAT percentage of a line: the sum of its tax rates × 100. */
function vatPercentOf(taxLines: readonly { rate: number | string }[] | undefined): Dec {
  if (taxLines?.length === 1) {
    const rate = taxLines[0]!.rate;
    if (lastSingleRate?.rate !== rate) lastSingleRate = { rate, percent: ZERO.plus(parseDecimal(rate) as Dec).times(100) };
    return lastSingleRate.percent;
  }
  let sum = ZERO;
  if (taxLines) for (const t of taxLines) sum = sum.plus(parseDecimal(t.rate) as Dec);
  return sum.times(100);
}

/** The {@link ShopOrder} of an order body the schema accepts. Throws {@link ShopEventError} when it has no buyer e-mail. */
export function shopOrderOf(o: ShopifyOrderFields, topic: string): ShopOrder {
  const email = (o.email ?? o.contact_email ?? o.customer?.email ?? '').trim().toLowerCase();
  if (!email) throw new ShopEventError('email', 'the order has no buyer e-mail, so no KashFlow customer can be matched');
  const addr = o.billing_address ?? o.shipping_address ?? {};
  const first = addr.first_name ?? o.customer?.first_name;
  const last = addr.last_name ?? o.customer?.last_name;
  // `[first, last].filter(Boolean).join(' ').trim()`
  const person = (first && last ? `${first} ${last}` : first || last || '').trim();
  const lines: ShopOrderLine[] = o.line_items.map((l) => ({ description: l.title, sku: l.sku ?? '', quantity: new Dec(l.quantity), unitPrice: parseDecimal(l.price) as Dec, vatPercent: vatPercentOf(l.tax_lines), kind: 'item' }));
  for (const s of o.shipping_lines ?? []) {
    const price = parseDecimal(s.price) as Dec;
    if (!price.isZero()) lines.push({ description: `Delivery: ${s.title}`, sku: '', quantity: ONE, unitPrice: price, vatPercent: vatPercentOf(s.tax_lines), kind: 'shipping' });
  }
  return {
    source: 'shopify',
    orderId: String(o.id),
    orderName: o.name,
    email,
    customerName: person || email,
    companyName: (addr.company ?? '').trim(),
    currency: o.currency.toUpperCase(),
    orderDate: o.created_at.slice(0, 10),
    pricesIncludeTax: o.taxes_included ?? false,
    address: { line1: addr.address1 ?? '', line2: addr.address2 ?? '', town: addr.city ?? '', county: addr.province ?? '', postCode: addr.zip ?? '', countryCode: (addr.country_code ?? '').toUpperCase() },
    lines,
    total: parseDecimal(o.total_price) as Dec,
    paid: topic === 'orders/paid' || o.financial_status === 'paid',
  };
}
