/**
 * Realistic Shopify `orders/create` bodies with unique 64-bit order ids and unique webhook ids,
 * signed the way Shopify signs them. Used by the intake benchmark (wrk replays them) and by the
 * server tests.
 */
import { signShopify } from '../../src/server/webhooks/signatures.js';

/** First order id: above 2^53, so a parser that rounds ids would be caught. */
export const ORDER_ID_BASE = 820_982_911_946_154_508n;

/** One signed delivery, ready to send. */
export interface SignedShopifyDelivery {
  readonly orderId: string;
  readonly webhookId: string;
  /** `X-Shopify-Hmac-Sha256`. */
  readonly hmac: string;
  /** The raw JSON body (one line). */
  readonly body: string;
}

const FIRST = ['Ada', 'Jon', 'Priya', 'Sam', 'Olu', 'Mei', 'Tom', 'Zoe'];
const LAST = ['Smith', 'Patel', 'Jones', 'Okafor', 'Chen', 'Brown', 'Evans', 'Khan'];
const PRODUCTS = [
  { title: 'Enamel Mug', sku: 'ENA-104', price: '19.99' },
  { title: 'Linen Tea Towel', sku: 'LIN-220', price: '12.50' },
  { title: 'Oak Chopping Board', sku: 'OAK-310', price: '34.00' },
  { title: 'Stoneware Bowl', sku: 'STO-118', price: '15.75' },
];

/** Order `n` (0-based) as Shopify JSON text; the id is written as a bare 64-bit number, as Shopify does. */
export function shopifyOrderJson(n: number, overrides: Record<string, unknown> = {}): { orderId: string; body: string } {
  const orderId = (ORDER_ID_BASE + BigInt(n)).toString();
  const first = FIRST[n % FIRST.length]!;
  const last = LAST[Math.floor(n / FIRST.length) % LAST.length]!;
  const email = `${first}.${last}.${n}@example.com`.toLowerCase();
  const product = PRODUCTS[n % PRODUCTS.length]!;
  const quantity = 1 + (n % 3);
  // Prices include 20 % VAT (a UK shop); total = lines + delivery.
  const lineTotalPence = Math.round(Number(product.price) * 100) * quantity;
  const shippingPence = 495;
  const total = ((lineTotalPence + shippingPence) / 100).toFixed(2);
  const vat = (amountPence: number) => (amountPence / 600).toFixed(2);
  const address = { first_name: first, last_name: last, company: n % 5 === 0 ? `${last} Trading Ltd` : null, address1: `${1 + (n % 200)} High Street`, address2: '', city: 'Leeds', province: 'West Yorkshire', zip: 'LS1 1AA', country: 'United Kingdom', country_code: 'GB', phone: null };
  const order = {
    id: '__ORDER_ID__',
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#${1001 + n}`,
    order_number: 1001 + n,
    email,
    contact_email: email,
    created_at: '2026-11-26T10:15:00+00:00',
    processed_at: '2026-11-26T10:15:00+00:00',
    currency: 'GBP',
    presentment_currency: 'GBP',
    taxes_included: true,
    financial_status: 'pending',
    fulfillment_status: null,
    total_price: total,
    subtotal_price: (lineTotalPence / 100).toFixed(2),
    total_tax: vat(lineTotalPence + shippingPence),
    total_discounts: '0.00',
    source_name: 'web',
    tags: '',
    customer: { id: 6_000_000 + n, email, first_name: first, last_name: last, accepts_marketing: false },
    billing_address: address,
    shipping_address: address,
    line_items: [{ id: 13_000_000 + n, title: product.title, sku: product.sku, quantity, price: product.price, taxable: true, requires_shipping: true, vendor: 'kfax demo', tax_lines: [{ title: 'VAT', rate: 0.2, price: vat(lineTotalPence) }] }],
    shipping_lines: [{ id: 4_000_000 + n, title: 'Standard', code: 'STANDARD', price: (shippingPence / 100).toFixed(2), tax_lines: [{ title: 'VAT', rate: 0.2, price: vat(shippingPence) }] }],
    ...overrides,
  };
  return { orderId, body: JSON.stringify(order).replace('"__ORDER_ID__"', orderId) };
}

/** `count` signed deliveries starting at order `first`, each with its own webhook id. */
export function signedShopifyDeliveries(count: number, secret: string, first = 0, buyers?: number): SignedShopifyDelivery[] {
  const out: SignedShopifyDelivery[] = [];
  for (let i = 0; i < count; i++) {
    // With a buyer pool, orders come from `buyers` recurring customers (as a real shop's do).
    const email = buyers === undefined ? undefined : `buyer.${(first + i) % buyers}@example.com`;
    const { orderId, body } = shopifyOrderJson(first + i, email === undefined ? {} : { email, contact_email: email, customer: { id: 6_000_000 + ((first + i) % (buyers as number)), email, first_name: 'Repeat', last_name: `Buyer ${(first + i) % (buyers as number)}`, accepts_marketing: false } });
    out.push({ orderId, webhookId: `bench-${orderId}`, hmac: signShopify(body, secret), body });
  }
  return out;
}
