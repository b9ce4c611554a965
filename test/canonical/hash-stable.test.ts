import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash, hashRecordContent, stableStringify } from '../../src/canonical/hash.js';
import { Dec } from '../../src/canonical/money.js';

/** The previous implementation, kept as the reference the faster one must match byte for byte. */
function reference(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Dec) return JSON.stringify(value.toString());
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map((v) => reference(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(String(value));
}

describe('stableStringify', () => {
  it('writes exactly what the reference implementation writes (property)', () => {
    const dec = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => new Dec(n));
    const value = fc.anything({ values: [fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(), dec], withNullPrototype: true, maxDepth: 4 });
    fc.assert(
      fc.property(value, (v) => {
        expect(stableStringify(v)).toBe(reference(v));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes what the reference writes for records that share key lists (the sorted order is reused) and for money decimals', () => {
    const money = fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 6 })).map(([u, dp]) => new Dec(`${u}e-${dp}`));
    const member = fc.oneof(money, fc.string(), fc.constant(undefined), fc.integer());
    const names = fc.uniqueArray(fc.constantFrom('net', 'Net', 'vat', 'a', 'b', 'B', '10', '2', 'hash', 'source', 'é', 'z'), { maxLength: 6 });
    // A few key lists, each used by several records with other values, nested and repeated.
    fc.assert(
      fc.property(fc.array(names, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fc.nat(), fc.array(member, { minLength: 6, maxLength: 6 })), { maxLength: 12 }), (lists, rows) => {
        const records = rows.map(([pick, values]) => {
          const keys = lists[pick % lists.length] as string[];
          return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
        });
        expect(stableStringify(records)).toBe(reference(records));
        for (const r of records) {
          expect(stableStringify(r)).toBe(reference(r));
          const { source: _s, hash: _h, ...content } = r;
          expect(hashRecordContent(r).hash).toBe(contentHash(content));
          expect(hashRecordContent(r).allDecimalsFinite).toBe(true);
        }
      }),
      { numRuns: 2_000, seed: 5 },
    );
  });

  it('tells whether every decimal of a record\'s content is finite', () => {
    const rec = (x: Dec): Record<string, unknown> => ({ a: '1', lines: [{ b: new Dec(1) }, { b: x }], source: { id: new Dec(Infinity) } });
    expect(hashRecordContent(rec(new Dec(2))).allDecimalsFinite).toBe(true);
    expect(hashRecordContent(rec(new Dec(Infinity))).allDecimalsFinite).toBe(false);
    expect(hashRecordContent(rec(new Dec(NaN))).allDecimalsFinite).toBe(false);
    expect(hashRecordContent(rec(new Dec(-Infinity))).hash).toBe(contentHash({ a: '1', lines: [{ b: new Dec(1) }, { b: new Dec(-Infinity) }] }));
    // The flag is per call.
    expect(hashRecordContent(rec(new Dec(3))).allDecimalsFinite).toBe(true);
  });
});
