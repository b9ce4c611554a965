import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { followUpIdempotencyKey, KFAX_IDEMPOTENCY_NAMESPACE, rootIdempotencyKey } from '../../src/engine/idempotency.js';

/** What the library gives for the identity as text and the namespace as text (the keys' definition). */
function reference(name: string): string {
  return uuidv5(name, KFAX_IDEMPOTENCY_NAMESPACE);
}

/** The value, or the error's class and message. */
function outcome(f: () => string): string {
  try {
    return f();
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}

describe('idempotency keys', () => {
  it('keep their known values (the namespace and the identity text never change)', () => {
    expect(rootIdempotencyKey('shop.order', 'order:shopify:820982911946154508')).toBe('54724d41-4ab4-52b4-89f8-4cf45c50462e');
    expect(followUpIdempotencyKey('a0b1', 'kashflow.invoice.sync', 'invoice:1025')).toBe('b3779250-894e-5a48-b183-4d097833d1fc');
    expect(rootIdempotencyKey('shop.order', 'order:shopify:Zoë ✓ 𝄞')).toBe('80cae078-b240-5334-8f58-b2e0275f74e3');
  });

  it('are the library’s UUIDv5 of the identity text for any text, lone surrogates included', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string());
    fc.assert(
      fc.property(text, text, (type, key) => {
        expect(outcome(() => rootIdempotencyKey(type, key))).toBe(outcome(() => reference(`${type}:${key}`)));
        expect(outcome(() => followUpIdempotencyKey('p', type, key))).toBe(outcome(() => reference(`p/${type}:${key}`)));
      }),
      { numRuns: 2000 },
    );
    expect(outcome(() => rootIdempotencyKey('t', '\uD800'))).toBe(outcome(() => reference('t:\uD800')));
    expect(outcome(() => rootIdempotencyKey('t', '\uD800'))).toMatch(/^URIError/);
  });

  it('match the library for the identities kfax makes (ids, emails, keys of keys) and long texts', () => {
    const id = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), fc.uuid(), fc.emailAddress(), fc.string({ unit: 'grapheme', maxLength: 600 }));
    fc.assert(
      fc.property(fc.constantFrom('shop.order', 'kashflow.invoice.sync', 'ax.customer.sync'), id, id, (type, a, b) => {
        const root = rootIdempotencyKey(type, `order:shopify:${a}`);
        expect(root).toBe(reference(`${type}:order:shopify:${a}`));
        expect(followUpIdempotencyKey(root, type, b)).toBe(reference(`${root}/${type}:${b}`));
      }),
      { numRuns: 3000 },
    );
  });
});
