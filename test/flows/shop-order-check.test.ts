import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageTypeRegistry } from '../../src/engine/message-types.js';
import { shopOrderPayload } from '../../src/flows/contracts.js';
import { isPlainShopOrderPayload } from '../../src/flows/shop-order-check.js';

const order = () => ({
  source: 'shopify',
  orderId: '450789469',
  orderName: '#1001',
  email: 'bob.norman@example.com',
  customerName: 'Bob Norman',
  companyName: '',
  currency: 'GBP',
  orderDate: '2024-03-01',
  pricesIncludeTax: true,
  address: { line1: '1 High St', line2: '', town: 'Leeds', county: '', postCode: 'LS1 1AA', countryCode: 'GB' },
  lines: [
    { description: 'Widget', sku: 'W-1', quantity: '2', unitPrice: '12.50', vatPercent: '20', kind: 'item' },
    { description: 'Shipping', sku: '', quantity: '1', unitPrice: '4.99', vatPercent: '20', kind: 'shipping' },
  ],
  total: '29.99',
  paid: true,
});

/** Registries with and without the fast check, over the same schema. */
const withCheck = new MessageTypeRegistry().define({ type: 'shop.order', endpoint: 'kashflow', schema: shopOrderPayload, check: isPlainShopOrderPayload, handle: async () => ({ kind: 'done' }) as never });
const zodOnly = new MessageTypeRegistry().define({ type: 'shop.order', endpoint: 'kashflow', schema: shopOrderPayload, handle: async () => ({ kind: 'done' }) as never });

function sameAsZod(value: unknown): void {
  const fast = withCheck.validate('shop.order', value);
  const slow = zodOnly.validate('shop.order', value);
  expect(fast.ok).toBe(slow.ok);
  if (fast.ok && slow.ok) expect(JSON.stringify(fast.value)).toBe(JSON.stringify(slow.value));
  else expect(fast).toEqual(slow);
  if (isPlainShopOrderPayload(value)) {
    const parsed = shopOrderPayload.safeParse(value);
    expect(parsed.success).toBe(true);
    expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(value));
  }
}

const oddText = fc.oneof(
  fc.constantFrom('', 'x', 'GBP', 'GB', 'GBPX', '£££', '2024-03-01', '2024-3-01', '20240301', '12', '-1.5', '1.', '.5', '1e3', ' 1', '1,000', '0.00', '-0'),
  fc.constantFrom('a@b.co', 'bob@example.com', 'bob@example', '.bob@example.com', 'bo..b@example.com', 'bob.@example.com', "o'neil@ex-ample.org", 'bob@-example.com', 'bob@example.c', 'x@y.zz', 'ünï@example.com'),
  fc.string({ maxLength: 6 }),
);
const oddValue = fc.oneof(oddText, fc.constantFrom(null, undefined, 0, 1.5, true, false, [], {}, ['x'], { a: 1 }), fc.constantFrom('item', 'shipping', 'discount', 'Item', 'fee'));

type Mutation = (o: Record<string, unknown>) => void;
const pathOf = fc.oneof(
  fc.constantFrom(...Object.keys(order())).map((k) => ({ at: [] as (string | number)[], key: k })),
  fc.constantFrom(...Object.keys(order().address)).map((k) => ({ at: ['address'] as (string | number)[], key: k })),
  fc.tuple(fc.nat(2), fc.constantFrom(...Object.keys(order().lines[0]!))).map(([i, k]) => ({ at: ['lines', i] as (string | number)[], key: k })),
);
function target(o: Record<string, unknown>, at: (string | number)[]): Record<string, unknown> | undefined {
  let cur: unknown = o;
  for (const step of at) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[step] : undefined;
  return cur && typeof cur === 'object' ? (cur as Record<string, unknown>) : undefined;
}
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(pathOf, oddValue).map(([p, v]): Mutation => (o) => { const t = target(o, p.at); if (t) t[p.key] = v; }),
  pathOf.map((p): Mutation => (o) => { const t = target(o, p.at); if (t) delete t[p.key]; }),
  fc.tuple(pathOf, fc.constantFrom('extra', 'toString', '__proto__')).map(([p, k]): Mutation => (o) => { const t = target(o, p.at); if (t) Object.defineProperty(t, k, { value: 1, enumerable: true, writable: true, configurable: true }); }),
  pathOf.map((p): Mutation => (o) => {
    // Move the key to the end (same values, another key order).
    const t = target(o, p.at);
    if (t && p.key in t) { const v = t[p.key]; delete t[p.key]; t[p.key] = v; }
  }),
  fc.constant<Mutation>((o) => { o.lines = []; }),
  fc.constant<Mutation>((o) => { if (Array.isArray(o.lines)) o.lines.push(order().lines[1]); }),
  fc.constant<Mutation>((o) => { o.address = Object.assign(Object.create({ inherited: 1 }) as object, o.address); }),
  fc.constant<Mutation>((o) => { o.address = new Map(); }),
);

describe('isPlainShopOrderPayload', () => {
  it('accepts a realistic order, and the registry then returns it as zod would', () => {
    expect(isPlainShopOrderPayload(order())).toBe(true);
    sameAsZod(order());
    sameAsZod(JSON.parse(JSON.stringify(order())));
  });

  it('gives the same result, value or error as the schema alone, for orders with a few changes', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 0, maxLength: 3 }), (mutations) => {
        const o = order() as unknown as Record<string, unknown>;
        for (const m of mutations) m(o);
        sameAsZod(o);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses what is not an order object, and zod names the reason', () => {
    for (const v of [null, undefined, 'x', 1, [], [order()], new Date()]) {
      expect(isPlainShopOrderPayload(v)).toBe(false);
      sameAsZod(v);
    }
  });

  it('returns false for a key in another order, so zod gives its value in schema order', () => {
    const { source, ...rest } = order();
    const moved = { ...rest, source };
    expect(isPlainShopOrderPayload(moved)).toBe(false);
    const result = withCheck.validate('shop.order', moved);
    expect(result.ok && Object.keys(result.value as object)[0]).toBe('source');
  });
});
