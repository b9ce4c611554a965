import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../src/canonical/hash.js';
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
});
