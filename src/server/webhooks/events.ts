/**
 * Shop events → inbox events for the order-to-cash contracts (`src/flows/contracts.ts`):
 * `shop.order` and `shop.payment` payloads with decimals as text, global message keys (the same
 * order or payment seen twice, from any source, is one message) and, for orders, the buyer's
 * aggregate key (one buyer's orders run one after another; payments park until their order's
 * invoice exists, so they need none).
 */
import type { Dec } from '../../canonical/money.js';
import type { ShopOrder, ShopPayment } from '../../connectors/shop/shop-events.js';
import type { InboundEvent } from '../../engine/inbox.js';
import { AGGREGATE, MESSAGE, MESSAGE_KEY, type ShopOrderPayload, type ShopPaymentPayload } from '../../flows/contracts.js';

/** Decimal as plain text (never exponent notation). */
function decimalText(value: Dec): string {
  return value.toFixed();
}

/** A {@link ShopOrder} as the `shop.order` payload. */
export function shopOrderPayloadOf(o: ShopOrder): ShopOrderPayload {
  return {
    source: o.source,
    orderId: o.orderId,
    orderName: o.orderName,
    email: o.email,
    customerName: o.customerName,
    companyName: o.companyName,
    currency: o.currency,
    orderDate: o.orderDate,
    pricesIncludeTax: o.pricesIncludeTax,
    address: { line1: o.address.line1, line2: o.address.line2, town: o.address.town, county: o.address.county, postCode: o.address.postCode, countryCode: o.address.countryCode },
    lines: o.lines.map((l) => ({ description: l.description, sku: l.sku, quantity: decimalText(l.quantity), unitPrice: decimalText(l.unitPrice), vatPercent: decimalText(l.vatPercent), kind: l.kind })),
    total: decimalText(o.total),
    paid: o.paid,
  };
}

/** A {@link ShopPayment} as the `shop.payment` payload. */
export function shopPaymentPayloadOf(p: ShopPayment): ShopPaymentPayload {
  return { source: p.source, paymentId: p.paymentId, orderId: p.orderId, amount: decimalText(p.amount), currency: p.currency, date: p.date };
}

/** The inbox event of an order (`inbox`: the webhook source; `dedupeKey`: the sender's event id). */
export function orderEvent(inbox: string, dedupeKey: string, payload: ShopOrderPayload): InboundEvent {
  return {
    source: inbox,
    dedupeKey,
    type: MESSAGE.shopOrder,
    payload,
    key: MESSAGE_KEY.shopOrder(payload.source, payload.orderId),
    aggregateKey: AGGREGATE.shopBuyer(payload.email),
  };
}

/** The inbox event of a payment. */
export function paymentEvent(inbox: string, dedupeKey: string, payload: ShopPaymentPayload): InboundEvent {
  return { source: inbox, dedupeKey, type: MESSAGE.shopPayment, payload, key: MESSAGE_KEY.shopPayment(payload.source, payload.paymentId) };
}
