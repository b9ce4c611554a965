import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNonJson, toJsonText } from '../../src/engine/json-value.js';

/** findNonJson as first written: one walk that builds the path of every value it visits. */
function referenceFindNonJson(value: unknown, path = '', depth = 0): { path: string; reason: string } | null {
  if (depth > 64) return { path, reason: 'nested deeper than 64 levels' };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { path, reason: `${value} is not a JSON number` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = referenceFindNonJson(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return { path, reason: 'expected a plain object, array, string, number, boolean or null' };
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      const found = referenceFindNonJson(v, path === '' ? k : `${path}.${k}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  return { path, reason: `${typeof value} is not a JSON value` };
}

function nested(levels: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 === 0 ? { a: v } : [v];
  return v;
}

describe('findNonJson', () => {
  it('names the same first bad value (path and reason) as the one-walk reference, for any value', () => {
    const anything = fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true, maxDepth: 4 });
    const awkward = fc.constantFrom<unknown>(Number.NaN, Infinity, -Infinity, undefined, () => 1, Symbol('s'), new Date(0), 10n);
    const value = fc.oneof(anything, fc.dictionary(fc.string(), fc.oneof(anything, awkward)), fc.array(fc.oneof(anything, awkward)));
    fc.assert(fc.property(value, (v) => {
      expect(findNonJson(v)).toEqual(referenceFindNonJson(v));
    }), { numRuns: 3_000 });
  });

  it('finds values nested too deep, and passes the deepest allowed', () => {
    expect(findNonJson(nested(64, 1))).toBeNull();
    expect(findNonJson(nested(65, 1))).toEqual(referenceFindNonJson(nested(65, 1)));
    expect(findNonJson(nested(65, 1))?.reason).toBe('nested deeper than 64 levels');
  });

  it('toJsonText names the field and path of the bad value', () => {
    expect(() => toJsonText({ lines: [{ amount: 1 }, { amount: Number.NaN }] }, 'payload', 10_000)).toThrow(/payload\.lines\[1\]\.amount.*NaN is not a JSON number/);
    expect(toJsonText({ a: [1, 'x', null, { b: undefined }] }, 'payload', 10_000)).toBe('{"a":[1,"x",null,{}]}');
  });

  it('toJsonText refuses exactly the texts of more than maxBytes UTF-8 bytes (short texts are not counted)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '"', 'é', '€', '😀', '\u0001'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 300 }), (s, maxBytes) => {
        const json = JSON.stringify({ s });
        const tooLarge = Buffer.byteLength(json, 'utf8') > maxBytes;
        if (tooLarge) expect(() => toJsonText({ s }, 'payload', maxBytes)).toThrow(expect.objectContaining({ code: 'KFAX_INPUT_TOO_LARGE' }));
        else expect(toJsonText({ s }, 'payload', maxBytes)).toBe(json);
      }),
      { numRuns: 3_000 },
    );
  });

  it('ignores inherited enumerable properties, as Object.keys does', () => {
    const child = Object.create({ bad: Number.NaN }) as Record<string, unknown>;
    child.ok = 1;
    expect(findNonJson({ child: Object.assign(Object.create(Object.prototype) as object, { a: 1 }) })).toBeNull();
    expect(findNonJson(child)).toEqual(referenceFindNonJson(child));
  });
});
