import { describe, expect, it } from 'vitest';
import { parseShopifyOrder, shopifyOrderSchema } from '../../../src/connectors/shop/shopify.js';
import { parseStripePayment } from '../../../src/connectors/shop/stripe.js';
import { ShopEventError } from '../../../src/connectors/shop/shop-events.js';
import { parseJsonLossless } from '../../../src/util/json-lossless.js';

const order = {
  id: (parseJsonLossless('{"id":820982911946154508}') as { id: string }).id,
  name: '#1001',
  email: 'Jon.Smith@Example.com',
  created_at: '2026-11-20T10:15:00+00:00',
  currency: 'gbp',
  taxes_included: true,
  financial_status: 'pending',
  total_price: '65.97',
  unknown_future_field: { x: 1 },
  billing_address: { first_name: 'Jon', last_name: 'Smith', company: null, address1: '1 High Street', address2: '', city: 'Leeds', province: 'West Yorkshire', zip: 'LS1 1AA', country_code: 'gb' },
  line_items: [{ title: 'Enamel Mug', sku: 'ENA-104', quantity: 3, price: '19.99', tax_lines: [{ title: 'VAT', rate: 0.2, price: '9.99' }] }],
  shipping_lines: [{ title: 'Standard', price: '6.00', tax_lines: [{ title: 'VAT', rate: 0.2, price: '1.00' }] }, { title: 'Free', price: '0.00', tax_lines: [] }],
};

describe('parseShopifyOrder', () => {
  it('reads an order with exact decimals, VAT percentages and a delivery line', () => {
    const o = parseShopifyOrder(order, 'orders/create');
    expect(o).toMatchObject({ source: 'shopify', orderId: '820982911946154508', orderName: '#1001', email: 'jon.smith@example.com', customerName: 'Jon Smith', currency: 'GBP', orderDate: '2026-11-20', pricesIncludeTax: true, paid: false });
    expect(o.address).toEqual({ line1: '1 High Street', line2: '', town: 'Leeds', county: 'West Yorkshire', postCode: 'LS1 1AA', countryCode: 'GB' });
    expect(o.lines.map((l) => [l.kind, l.quantity.toString(), l.unitPrice.toString(), l.vatPercent.toString()])).toEqual([
      ['item', '3', '19.99', '20'],
      ['shipping', '1', '6', '20'],
    ]);
    expect(o.total.toString()).toBe('65.97');
    expect(parseShopifyOrder(order, 'orders/paid').paid).toBe(true);
  });
  it('ignores fields it does not read, at any depth, without copying them', () => {
    const withExtras = { ...order, line_items: [{ ...order.line_items[0], vendor: 'Potter & Co', properties: [{ name: 'gift', value: 'yes' }] }] };
    expect(parseShopifyOrder(withExtras, 'orders/create').lines[0]?.description).toBe('Enamel Mug');
    const parsed = shopifyOrderSchema.parse(withExtras) as Record<string, unknown> & { line_items: Record<string, unknown>[] };
    expect(parsed).not.toHaveProperty('unknown_future_field');
    expect(Object.keys(parsed.line_items[0]!).sort()).toEqual(['price', 'quantity', 'sku', 'tax_lines', 'title']);
  });
  it('names the field that is wrong', () => {
    expect(() => parseShopifyOrder({ ...order, line_items: [{ ...order.line_items[0], price: 'abc' }] }, 'orders/create')).toThrow(/line_items\.0\.price/);
    expect(() => parseShopifyOrder({ ...order, email: null, customer: null }, 'orders/create')).toThrow(ShopEventError);
    expect(() => parseShopifyOrder({ ...order, line_items: [] }, 'orders/create')).toThrow(/line_items/);
  });
});

describe('parseStripePayment', () => {
  const event = { id: 'evt_1', type: 'payment_intent.succeeded', created: 1795000000, data: { object: { id: 'pi_123', object: 'payment_intent', amount_received: 6597, currency: 'gbp', metadata: { order_id: '820982911946154508' } } } };
  it('converts minor units exactly and links the order through metadata', () => {
    const p = parseStripePayment(event);
    expect(p).toMatchObject({ source: 'stripe', paymentId: 'pi_123', orderId: '820982911946154508', currency: 'GBP' });
    expect(p.amount.toString()).toBe('65.97');
  });
  it('ignores fields it does not read', () => {
    const p = parseStripePayment({ ...event, livemode: false, data: { object: { ...event.data.object, status: 'succeeded', latest_charge: 'ch_1' } } });
    expect(p).toMatchObject({ paymentId: 'pi_123', orderId: '820982911946154508' });
  });
  it('refuses other event types and missing order links, naming the field', () => {
    expect(() => parseStripePayment({ ...event, type: 'charge.refunded' })).toThrow(/type/);
    expect(() => parseStripePayment({ ...event, data: { object: { ...event.data.object, metadata: {} } } })).toThrow(/metadata\.order_id/);
    expect(() => parseStripePayment({ ...event, data: { object: { ...event.data.object, amount_received: 0 } } })).toThrow(/amount_received/);
  });
});
