import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shopifyOrderJson } from '../../../bench/intake/shopify-orders.js';
import { Dec, parseDecimal } from '../../../src/canonical/money.js';
import { ShopEventError, firstIssue, type ShopOrder, type ShopOrderLine } from '../../../src/connectors/shop/shop-events.js';
import { isPlainShopifyOrder } from '../../../src/connectors/shop/shopify-check.js';
import { parseShopifyOrder, shopifyOrderSchema } from '../../../src/connectors/shop/shopify.js';
import { parseJsonExact } from '../../../src/server/webhooks/json-exact.js';

/** The reader as first written: the schema, then the conversion of its result (the reference). */
function throughSchema(body: unknown, topic: string): ShopOrder {
  const parsed = shopifyOrderSchema.safeParse(body);
  if (!parsed.success) throw firstIssue(parsed.error);
  const o = parsed.data;
  const email = (o.email ?? o.contact_email ?? o.customer?.email ?? '').trim().toLowerCase();
  if (!email) throw new ShopEventError('email', 'the order has no buyer e-mail, so no KashFlow customer can be matched');
  const addr = o.billing_address ?? o.shipping_address ?? {};
  const person = [addr.first_name ?? o.customer?.first_name, addr.last_name ?? o.customer?.last_name].filter(Boolean).join(' ').trim();
  const vatOf = (lines: { rate: number | string }[]): Dec => lines.reduce((acc, t) => acc.plus(parseDecimal(t.rate) as Dec), new Dec(0)).times(100);
  const lines: ShopOrderLine[] = o.line_items.map((l) => ({ description: l.title, sku: l.sku ?? '', quantity: new Dec(l.quantity), unitPrice: parseDecimal(l.price) as Dec, vatPercent: vatOf(l.tax_lines), kind: 'item' }));
  for (const s of o.shipping_lines) {
    const price = parseDecimal(s.price) as Dec;
    if (!price.isZero()) lines.push({ description: `Delivery: ${s.title}`, sku: '', quantity: new Dec(1), unitPrice: price, vatPercent: vatOf(s.tax_lines), kind: 'shipping' });
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
    pricesIncludeTax: o.taxes_included,
    address: { line1: addr.address1 ?? '', line2: addr.address2 ?? '', town: addr.city ?? '', county: addr.province ?? '', postCode: addr.zip ?? '', countryCode: (addr.country_code ?? '').toUpperCase() },
    lines,
    total: parseDecimal(o.total_price) as Dec,
    paid: topic === 'orders/paid' || o.financial_status === 'paid',
  };
}

/** A comparable picture of an outcome: the order with its decimals as text, or the error's field and reason. */
function outcome(read: () => ShopOrder): unknown {
  try {
    const o = read();
    const dec = (d: { toString(): string; precision(z: boolean): number }) => `${d.toString()}/${d.precision(true)}`;
    return { ...o, total: dec(o.total), lines: o.lines.map((l) => ({ ...l, quantity: dec(l.quantity), unitPrice: dec(l.unitPrice), vatPercent: dec(l.vatPercent) })) };
  } catch (err) {
    if (err instanceof ShopEventError) return { error: err.path, reason: err.reason, message: err.message };
    return { thrown: String(err) };
  }
}

// Values of every kind for every field: valid ones, edges of each constraint and wrong types.
const ABSENT = Symbol('absent');
const junk = fc.constantFrom<unknown>(ABSENT, undefined, null, true, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '', ' ', 'x', [], {}, [1], { a: 1 });
const amountText = fc.oneof(fc.constantFrom('0', '0.00', '19.99', ' 12.50 ', '-3', '+4', '1e3', '.5', '5.', '1e400', 'abc', '1,00', '0x10', '12.5000', ''), fc.stringMatching(/^-?\d{1,20}(\.\d{1,20})?$/));
const amountLike = fc.string({ unit: fc.constantFrom('0', '1', '9', '.', 'e', 'E', '+', '-', ' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', 'x', '٣'), maxLength: 8 });
const amount = fc.oneof(amountText, amountLike, fc.double(), fc.integer(), junk);
const text = fc.oneof(fc.string({ maxLength: 12 }), junk);
const nullishText = fc.oneof(fc.constantFrom(undefined, null, '', ' ', ' Ada ', 'Smith'), fc.string({ maxLength: 8 }), junk);
const email = fc.oneof(fc.constantFrom(undefined, null, '', 'a@example.com', ' Jon.Smith@Example.COM ', 'JON@EXAMPLE.COM', 'x@y', "o'neil+tag@mail.example.co.uk", 'a..b@example.com', '.a@example.com', 'a@-x.com', 'é@example.com'), fc.emailAddress(), junk);
const quantity = fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom<unknown>(2 ** 53, 2 ** 53 - 1, -0, 1.5, '2'), junk);

/** Records from `valid`, and the same with one field replaced by a value of `wrong` (or removed). */
function oneOff(valid: fc.Arbitrary<Record<string, unknown>>, wrong: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const change = fc.constantFrom(...Object.keys(wrong)).chain((k) => wrong[k]!.map((v) => [k, v] as const));
  const changed = fc.tuple(valid, change).map(([o, [k, v]]) => {
    const copy: Record<string, unknown> = { ...o, [k]: v };
    if (v === ABSENT) delete copy[k];
    return copy;
  });
  return fc.oneof(valid, changed, changed);
}

/** `value` with the {@link ABSENT} markers of its objects turned into missing keys. */
function withAbsent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withAbsent);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== ABSENT) out[k] = withAbsent(v);
  return out;
}

const validTaxLine = fc.record({ rate: fc.constantFrom<unknown>(0.2, '0.2', 0.05, 0, '0.175', ' 0.2 '), price: fc.constantFrom<unknown>(ABSENT, undefined, '1.00', 3.33), title: fc.constantFrom<unknown>(ABSENT, undefined, 'VAT') });
const taxLine = fc.oneof(oneOff(validTaxLine, { rate: amount, price: amount, title: text }), junk);
const validTaxLines = fc.oneof(fc.array(validTaxLine, { maxLength: 2 }), fc.constant(ABSENT));
const taxLines = fc.oneof(validTaxLines, fc.array(taxLine, { maxLength: 3 }), junk);
const ADDRESS_KEYS = ['first_name', 'last_name', 'company', 'address1', 'address2', 'city', 'province', 'zip', 'country_code'] as const;
const validAddress = fc.record(Object.fromEntries(ADDRESS_KEYS.map((k) => [k, fc.constantFrom<unknown>(ABSENT, null, undefined, '', ' Ada ', 'gb', 'Leeds')])));
const address = fc.oneof(oneOff(validAddress, Object.fromEntries(ADDRESS_KEYS.map((k) => [k, nullishText]))), fc.constantFrom<unknown>(null, undefined, ABSENT), junk);
const validLineItem = fc.record({ title: fc.constantFrom<unknown>('Mug', ''), sku: fc.constantFrom<unknown>('ENA-104', null, undefined, '', ABSENT), quantity: fc.integer({ min: 1, max: 4 }), price: amountText, tax_lines: validTaxLines, vendor: text });
const lineItem = fc.oneof(oneOff(validLineItem, { title: text, sku: nullishText, quantity, price: amount, tax_lines: taxLines }), junk);
const validShippingLine = fc.record({ title: fc.constantFrom<unknown>('Standard', ''), price: amountText, tax_lines: validTaxLines });
const shippingLine = fc.oneof(oneOff(validShippingLine, { title: text, price: amount, tax_lines: taxLines }), junk);
const validCustomer = fc.record({ email: fc.constantFrom<unknown>(ABSENT, null, 'c@example.com', ' C@Example.com '), first_name: fc.constantFrom<unknown>(ABSENT, null, 'Ada', ''), last_name: fc.constantFrom<unknown>(ABSENT, null, 'Smith', ' ') });
const customer = fc.oneof(oneOff(validCustomer, { email, first_name: nullishText, last_name: nullishText }), junk);

/** Every field of an order: valid, at an edge, wrong or absent. */
const ORDER_FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.oneof(fc.nat(), fc.constantFrom<unknown>('820982911946154508', '12a', '', '-1', ' 1', 2 ** 53, 2 ** 53 - 1, -0, 1.5), junk),
  name: fc.oneof(fc.constantFrom<unknown>('#1001', ''), text),
  email,
  contact_email: email,
  created_at: fc.oneof(fc.constantFrom<unknown>('2026-11-26T10:15:00+00:00', '2026-11-26', '2026-11-2', 'garbage-garbage'), text),
  currency: fc.oneof(fc.constantFrom<unknown>('GBP', 'gbp', 'EURO', 'E'), text),
  taxes_included: fc.oneof(fc.boolean(), junk),
  financial_status: fc.oneof(fc.constantFrom<unknown>('paid', 'pending'), nullishText),
  total_price: amount,
  customer,
  billing_address: address,
  shipping_address: address,
  line_items: fc.oneof(fc.array(lineItem, { minLength: 1, maxLength: 3 }), fc.array(validLineItem, { minLength: 1, maxLength: 3 }), fc.constant([]), junk),
  shipping_lines: fc.oneof(fc.array(shippingLine, { maxLength: 3 }), fc.array(validShippingLine, { maxLength: 2 }), junk),
  total_discounts: amount,
};

/** A valid order; the same with one field of it, or of one of its parts, replaced; or with any fields. */
const base = parseJsonExact(shopifyOrderJson(7).body) as Record<string, unknown>;
const validOrder = fc.record({ customer: validCustomer, billing_address: fc.oneof(validAddress, fc.constant(null)), shipping_address: fc.oneof(validAddress, fc.constant(ABSENT)), line_items: fc.array(validLineItem, { minLength: 1, maxLength: 3 }), shipping_lines: fc.oneof(fc.array(validShippingLine, { maxLength: 2 }), fc.constant(ABSENT)) }).map((parts) => ({ ...base, ...parts }));
/** `valid` with one element of the array at `key` replaced by a value of `element`. */
function oneElementOff(valid: fc.Arbitrary<Record<string, unknown>>, key: string, element: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(valid, element, fc.nat()).map(([o, e, at]) => {
    const list = Array.isArray(o[key]) ? [...(o[key] as unknown[])] : [];
    list[list.length === 0 ? 0 : at % list.length] = e;
    return { ...o, [key]: list };
  });
}
const taxLineOff = oneOff(validTaxLine, { rate: amount, price: amount, title: text });
const nested = fc.oneof(
  oneOff(validOrder, ORDER_FIELDS),
  oneElementOff(validOrder, 'line_items', oneOff(validLineItem, { title: text, sku: nullishText, quantity, price: amount, tax_lines: taxLines })),
  oneElementOff(validOrder, 'line_items', oneElementOff(validLineItem, 'tax_lines', taxLineOff)),
  oneElementOff(validOrder, 'shipping_lines', oneOff(validShippingLine, { title: text, price: amount, tax_lines: taxLines })),
  oneElementOff(validOrder, 'shipping_lines', oneElementOff(validShippingLine, 'tax_lines', taxLineOff)),
  fc.tuple(validOrder, oneOff(validAddress, Object.fromEntries(ADDRESS_KEYS.map((k) => [k, nullishText]))), fc.constantFrom('billing_address', 'shipping_address')).map(([o, a, k]) => ({ ...o, [k]: a })),
  fc.tuple(validOrder, oneOff(validCustomer, { email, first_name: nullishText, last_name: nullishText })).map(([o, c]) => ({ ...o, customer: c })),
);
const order = fc.oneof(nested, nested, fc.record(ORDER_FIELDS, { requiredKeys: [] })).map(withAbsent);
const oneFieldOff = nested.map(withAbsent);

describe('isPlainShopifyOrder (the schema-free check of parseShopifyOrder)', () => {
  it('passes the bench orders and the common shapes, so the hot path takes it', () => {
    for (let n = 0; n < 40; n++) expect(isPlainShopifyOrder(parseJsonExact(shopifyOrderJson(n).body))).toBe(true);
    expect(isPlainShopifyOrder({ ...base, taxes_included: undefined, shipping_lines: undefined, total_discounts: undefined, customer: null, billing_address: null })).toBe(true);
  });

  it('accepts only what the schema accepts, and parseShopifyOrder gives the schema path’s order or error', () => {
    fc.assert(
      fc.property(order, fc.constantFrom('orders/create', 'orders/paid'), (body, topic) => {
        if (isPlainShopifyOrder(body)) expect(shopifyOrderSchema.safeParse(body).success).toBe(true);
        expect(outcome(() => parseShopifyOrder(body, topic))).toEqual(outcome(() => throughSchema(body, topic)));
      }),
      { numRuns: 4000 },
    );
  });

  it('takes the plain path for valid orders of every shape it knows', () => {
    let plain = 0;
    fc.assert(
      fc.property(oneFieldOff, (body) => {
        if (shopifyOrderSchema.safeParse(body).success && isPlainShopifyOrder(body)) plain++;
      }),
      { numRuns: 500 },
    );
    expect(plain).toBeGreaterThan(50);
  });

  it('reads an amount exactly when parseDecimal does (the schema’s refinement), without building a decimal', () => {
    const valid = parseJsonExact(shopifyOrderJson(3).body) as Record<string, unknown>;
    fc.assert(
      fc.property(fc.oneof(amount, fc.string(), fc.double({ noDefaultInfinity: false })), (v) => {
        const readable = (typeof v === 'string' || typeof v === 'number') && parseDecimal(v) !== undefined;
        expect(isPlainShopifyOrder(withAbsent({ ...valid, total_price: v }))).toBe(readable);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses bodies that are not objects, like the schema', () => {
    for (const body of [null, undefined, 3, 'x', [], [base]]) {
      expect(isPlainShopifyOrder(body)).toBe(false);
      expect(outcome(() => parseShopifyOrder(body, 'orders/create'))).toEqual(outcome(() => throughSchema(body, 'orders/create')));
    }
  });
});
