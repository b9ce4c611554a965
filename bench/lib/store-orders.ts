/**
 * The `shop.order` messages the store benches enqueue, shaped like the intake's: a ~600-byte
 * payload as `shopOrderPayloadOf` writes it, UUID-shaped keys in random order (like UUIDv5
 * idempotency keys and webhook ids) and an inbox row. Shared so the store benches write the
 * same rows.
 */
import { createHash } from 'node:crypto';
import type { NewMessage } from '../../src/store/types.js';

/** A UUID-shaped key hashed from `name`: random order, like the UUIDv5 keys and webhook ids of a real run. */
export function uuidOf(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A `shop.order` payload of ~600 bytes for order `n`, shaped like `shopOrderPayloadOf`. */
export function orderPayload(n: number): string {
  return JSON.stringify({
    source: 'shopify',
    orderId: String(820_982_911_946_154_508n + BigInt(n)),
    orderName: `#${1001 + n}`,
    email: `ada.smith.${n}@example.com`,
    customerName: 'Ada Smith',
    companyName: n % 5 === 0 ? 'Smith Trading Ltd' : '',
    currency: 'GBP',
    orderDate: '2026-11-26',
    pricesIncludeTax: true,
    address: { line1: `${1 + (n % 200)} High Street`, line2: '', town: 'Leeds', county: 'West Yorkshire', postCode: 'LS1 1AA', countryCode: 'GB' },
    lines: [
      { description: 'Enamel Mug', sku: 'ENA-104', quantity: String(1 + (n % 3)), unitPrice: '19.99', vatPercent: '20', kind: 'item' },
      { description: 'Standard delivery', sku: '', quantity: '1', unitPrice: '4.95', vatPercent: '20', kind: 'shipping' },
    ],
    total: '44.93',
    paid: true,
  });
}

/** Order `n`'s `shop.order` message with its inbox row, as the webhook intake enqueues it. */
export function orderMessage(n: number): NewMessage {
  return {
    type: 'shop.order',
    endpoint: 'kashflow',
    payload: orderPayload(n),
    idempotencyKey: uuidOf(`order:${n}`),
    aggregateKey: `shop/buyer/ada.smith.${n}@example.com`,
    inbox: { source: 'shopify', dedupeKey: uuidOf(`webhook:${n}`) },
  };
}
