import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inboundEventSchema, plainInboundEvent } from '../../src/engine/inbox.js';

const ABSENT = Symbol('absent');
const textOf = (max: number) => fc.oneof(fc.constantFrom<unknown>(ABSENT, undefined, null, '', 'x', 'x'.repeat(max), 'x'.repeat(max + 1), 7, ['a'], { a: 1 }), fc.string({ maxLength: 3 }), fc.string({ minLength: max - 2, maxLength: max + 2 }));
const event = fc
  .record({
    source: textOf(200),
    dedupeKey: textOf(500),
    type: textOf(100),
    payload: fc.constantFrom<unknown>(ABSENT, undefined, null, 0, 'p', { orderId: 'A1' }, []),
    aggregateKey: textOf(500),
    key: textOf(500),
    extra: fc.constantFrom<unknown>(ABSENT, ABSENT, ABSENT, undefined, 'x'),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== ABSENT)));

describe('plainInboundEvent (the zod-free envelope check of prepareEvent)', () => {
  it('stands for the envelope schema only where the schema accepts, with the same values', () => {
    fc.assert(
      fc.property(fc.oneof(event, fc.constantFrom<unknown>(null, undefined, 'x', 3, [], [{ source: 's' }])), (input) => {
        const plain = plainInboundEvent(input);
        if (plain === undefined) return;
        const parsed = inboundEventSchema.safeParse(input);
        expect(parsed.success).toBe(true);
        const data = parsed.data as Record<string, unknown>;
        for (const k of ['source', 'dedupeKey', 'type', 'payload', 'aggregateKey', 'key'] as const) expect((plain as Record<string, unknown>)[k]).toBe(data[k]);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the common events, and leaves unknown keys (own or inherited) and odd values to the schema', () => {
    const good = { source: 'shopify', dedupeKey: 'wh-1', type: 'shop.order', payload: { a: 1 }, key: 'order:shopify:1', aggregateKey: 'shop/buyer/a@example.com' };
    expect(plainInboundEvent(good)).toBe(good);
    expect(plainInboundEvent({ source: 's', dedupeKey: 'd', type: 't', payload: null })).toBeDefined();
    expect(plainInboundEvent({ ...good, colour: 'red' })).toBeUndefined();
    expect(plainInboundEvent(Object.assign(Object.create({ inherited: 1 }) as object, good))).toBeUndefined();
    expect(plainInboundEvent(JSON.parse('{"source":"s","dedupeKey":"d","type":"t","payload":1,"__proto__":{}}'))).toBeUndefined();
    expect(plainInboundEvent({ ...good, payload: undefined })).toBeUndefined();
  });
});
