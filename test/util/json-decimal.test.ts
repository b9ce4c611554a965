import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonDecimal } from '../../src/util/json-decimal.js';
import { parseJsonLossless } from '../../src/util/json-lossless.js';

/** Outcome of a parser: its value, or the message of its SyntaxError. */
function outcome(parse: (text: string) => unknown, text: string): { value: unknown } | { error: string } {
  try {
    return { value: parse(text) };
  } catch (err) {
    expect(err).toBeInstanceOf(SyntaxError);
    return { error: (err as Error).message };
  }
}

const numberToken = fc.oneof(
  fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }).map(String),
  fc.integer().map(String),
  fc.constantFrom('0', '-0', '9007199254740991', '9007199254740992', '-9007199254740991', '117.5000', '1e5', '1E+2', '0.1'),
  fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.stringMatching(/^\d{1,22}$/)).map(([i, f]) => `${i}.${f}`),
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.stringMatching(/^\d{1,18}$/), fc.integer({ min: -400, max: 400 })).map(([i, f, e]) => `${i}.${f}e${e}`),
);

const key = fc.oneof(fc.constantFrom('a', 'b', '__proto__', 'A\\u0062', 'Ab', 'x"y'), fc.string({ maxLength: 4 }));

type Tree = { n: string } | { s: string } | { b: boolean | null } | { a: Tree[] } | { o: [string, Tree][] };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberToken.map((n) => ({ n })),
    fc.string({ unit: fc.constantFrom('a', '"', '\\', '1', '9', ' ', ':', ',', '{', '[', 'é', '\n') }).map((s) => ({ s })),
    fc.constantFrom(true, false, null).map((b) => ({ b })),
    fc.array(tie('t'), { maxLength: 4 }).map((a) => ({ a })),
    // Keys may repeat (with equal or different values): lossless-json decides, and so must we.
    fc.array(fc.tuple(key, tie('t')), { maxLength: 4 }).map((o) => ({ o })),
  ),
})).t;

function render(t: Tree, ws: string): string {
  if ('n' in t) return t.n;
  if ('s' in t) return JSON.stringify(t.s);
  if ('b' in t) return JSON.stringify(t.b);
  if ('a' in t) return `[${ws}${t.a.map((x) => render(x, ws)).join(`,${ws}`)}${ws}]`;
  // Keys containing a backslash escape are written raw, so "A\u0062" and "Ab" are the same key.
  return `{${ws}${t.o.map(([k, v]) => `${k.includes('\\u') ? `"${k}"` : JSON.stringify(k)}${ws}:${ws}${render(v, ws)}`).join(`,${ws}`)}}`;
}

describe('parseJsonDecimal', () => {
  it('keeps 64-bit ids and decimals as their exact text and safe whole numbers as numbers', () => {
    const text = '{"id":820982911946154508,"n":3,"amount":117.5000,"rate":0.1,"e":1e5,"neg":-2,"list":[1.50, 9007199254740993]}';
    expect(parseJsonDecimal(text)).toEqual({ id: '820982911946154508', n: 3, amount: '117.5000', rate: '0.1', e: '1e5', neg: -2, list: ['1.50', '9007199254740993'] });
    expect(parseJsonDecimal(text)).toEqual(parseJsonLossless(text));
  });

  it('refuses repeated keys with different values, with lossless-json\'s message', () => {
    expect(() => parseJsonDecimal('{"a":1,"a":2}')).toThrow(/Duplicate key 'a'/);
    expect(parseJsonDecimal('{"a":1.5,"a":1.5}')).toEqual({ a: '1.5' });
  });

  it('gives the value or the error parseJsonLossless gives, for any document (property)', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom('', ' ', '\n  ', '\t'), (t, ws) => {
        const text = render(t, ws);
        expect(outcome(parseJsonDecimal, text)).toEqual(outcome(parseJsonLossless, text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('gives the value or the error parseJsonLossless gives, for JSON-like noise (property)', () => {
    const noise = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', ' ', '\\', '-', '+', '.', 'e', 'E', '0', '1', '9', 'a', 'n', 'u', 'l', 't', 'r', 'f', 's'), maxLength: 60 });
    fc.assert(
      fc.property(noise, fc.oneof(numberToken, fc.constant('')), noise, (a, digits, b) => {
        const text = `${a}${digits}${b}`;
        expect(outcome(parseJsonDecimal, text), text).toEqual(outcome(parseJsonLossless, text));
      }),
      { numRuns: 10_000 },
    );
  });
});
