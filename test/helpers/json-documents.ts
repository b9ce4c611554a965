/**
 * Generated JSON documents for the exact-number JSON readers' property tests: a tree whose
 * numbers are kept as the tokens written, and its rendering with a chosen whitespace.
 */
import fc from 'fast-check';

/** A JSON document whose numbers are kept as the tokens written. */
export type JsonTree = { n: string } | { s: string } | { b: boolean | null } | { a: JsonTree[] } | { o: [string, JsonTree][] };

/** Number tokens by kind: big integers, JS integers, long decimals, decimals with exponents. */
export const NUMBER_TOKENS = {
  bigInteger: fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }).map(String),
  integer: fc.integer().map(String),
  decimal: fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.stringMatching(/^\d{1,22}$/)).map(([i, f]) => `${i}.${f}`),
  exponent: fc.tuple(fc.integer({ min: -999, max: 999 }), fc.stringMatching(/^\d{1,18}$/), fc.integer({ min: -400, max: 400 })).map(([i, f, e]) => `${i}.${f}e${e}`),
};

/** Documents with numbers from `numberToken` and object members from `members` (given the tree itself). */
export function jsonTree(numberToken: fc.Arbitrary<string>, members: (tree: fc.Arbitrary<JsonTree>) => fc.Arbitrary<[string, JsonTree][]>): fc.Arbitrary<JsonTree> {
  return fc.letrec<{ t: JsonTree }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      numberToken.map((n) => ({ n })),
      fc.string({ unit: fc.constantFrom('a', '"', '\\', '1', '9', ' ', ':', ',', '{', '[', 'é', '\n') }).map((s) => ({ s })),
      fc.constantFrom(true, false, null).map((b) => ({ b })),
      fc.array(tie('t'), { maxLength: 4 }).map((a) => ({ a })),
      members(tie('t')).map((o) => ({ o })),
    ),
  })).t;
}

/**
 * The document as JSON text with `ws` between tokens. With `rawEscapedKeys`, keys holding a
 * `\u` escape are written raw, so "A\u0062" and "Ab" are the same key.
 */
export function renderJson(t: JsonTree, ws: string, options: { rawEscapedKeys?: boolean } = {}): string {
  if ('n' in t) return t.n;
  if ('s' in t) return JSON.stringify(t.s);
  if ('b' in t) return JSON.stringify(t.b);
  if ('a' in t) return `[${ws}${t.a.map((x) => renderJson(x, ws, options)).join(`,${ws}`)}${ws}]`;
  const key = (k: string): string => (options.rawEscapedKeys && k.includes('\\u') ? `"${k}"` : JSON.stringify(k));
  return `{${ws}${t.o.map(([k, v]) => `${key(k)}${ws}:${ws}${renderJson(v, ws, options)}`).join(`,${ws}`)}}`;
}
