import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, parseDecimal } from '../../src/canonical/money.js';
import { parseJsonExact } from '../../src/server/webhooks/json-exact.js';
import { parseJsonLossless } from '../../src/util/json-lossless.js';

/** A JSON document whose numbers are kept as the tokens written. */
type Tree = { n: string } | { s: string } | { b: boolean | null } | { a: Tree[] } | { o: [string, Tree][] };

const numberToken = fc.oneof(
  fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }).map(String),
  fc.integer().map(String),
  fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.stringMatching(/^\d{1,22}$/)).map(([i, f]) => `${i}.${f}`),
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.stringMatching(/^\d{1,18}$/), fc.integer({ min: -400, max: 400 })).map(([i, f, e]) => `${i}.${f}e${e}`),
);

const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberToken.map((n) => ({ n })),
    fc.string({ unit: fc.constantFrom('a', '"', '\\', '1', '9', ' ', ':', ',', '{', '[', 'é', '\n') }).map((s) => ({ s })),
    fc.constantFrom(true, false, null).map((b) => ({ b })),
    fc.array(tie('t'), { maxLength: 4 }).map((a) => ({ a })),
    fc.uniqueArray(fc.tuple(fc.string({ maxLength: 6 }), tie('t')), { maxLength: 4, selector: ([k]) => k }).map((o) => ({ o })),
  ),
})).t;

function render(t: Tree, ws: string): string {
  if ('n' in t) return t.n;
  if ('s' in t) return JSON.stringify(t.s);
  if ('b' in t) return JSON.stringify(t.b);
  if ('a' in t) return `[${ws}${t.a.map((x) => render(x, ws)).join(`,${ws}`)}${ws}]`;
  return `{${ws}${t.o.map(([k, v]) => `${JSON.stringify(k)}${ws}:${ws}${render(v, ws)}`).join(`,${ws}`)}}`;
}

/** Throws unless `value` holds exactly what `t` wrote. */
function check(t: Tree, value: unknown, lossless: unknown): void {
  if ('n' in t) {
    const d = parseDecimal(value);
    if (!d || !d.eq(new Dec(t.n))) throw new Error(`number ${t.n} came back as ${String(value)}`);
    // Where the lossless parser gives a JS number, the exact parser gives the same number.
    if (typeof lossless === 'number' && !Object.is(value, lossless)) throw new Error(`${t.n}: ${String(value)} !== ${lossless}`);
    return;
  }
  if ('s' in t || 'b' in t) {
    expect(value).toEqual('s' in t ? t.s : t.b);
    return;
  }
  if ('a' in t) {
    expect(Array.isArray(value)).toBe(true);
    t.a.forEach((x, i) => check(x, (value as unknown[])[i], (lossless as unknown[])[i]));
    return;
  }
  expect(Object.keys(value as object).sort()).toEqual(t.o.map(([k]) => k).sort());
  for (const [k, v] of t.o) check(v, (value as Record<string, unknown>)[k], (lossless as Record<string, unknown>)[k]);
}

describe('parseJsonExact', () => {
  it('keeps 64-bit ids and long decimals as exact text, like parseJsonLossless', () => {
    const text = '{"id":820982911946154508,"n":3,"amount":117.5000,"rate":0.1,"big":1e400,"tiny":-1e-400,"exp":1.5e25,"long":0.12345678901234567,"safe":9007199254740991,"ids":[18446744073709551615, -9007199254740993]}';
    expect(parseJsonExact(text)).toEqual({ id: '820982911946154508', n: 3, amount: 117.5, rate: 0.1, big: '1e400', tiny: '-1e-400', exp: 1.5e25, long: '0.12345678901234567', safe: 9007199254740991, ids: ['18446744073709551615', '-9007199254740993'] });
  });

  it('returns every number exactly as written, for any document (property)', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom('', ' ', '\n  ', '\t'), (t, ws) => {
        const text = render(t, ws);
        const lossless = parseJsonLossless(text);
        const value = parseJsonExact(text);
        check(t, value, lossless);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses malformed JSON, including numbers used as keys and malformed long numbers', () => {
    for (const bad of ['{1234567890123456789: 1}', '{"a": 1234567890123456789.}', '{"a": 01234567890123456789}', '[1234567890123456789 1]', '{"a": "x 12345678901234567890}', '12345678901234567890 12345678901234567890', '{"a":1,}', '', '-']) {
      expect(() => parseJsonExact(bad), bad).toThrow(SyntaxError);
    }
  });

  it('accepts exactly what parseJsonLossless accepts (property over JSON-like noise)', () => {
    const noise = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', ' ', '\\', '-', '.', 'e', '0', '1', '9', '8', '7', 'a', 'n', 'u', 'l', 't', 'r', 'f', 's'), maxLength: 60 });
    const longDigits = fc.stringMatching(/^[1-9]\d{16,22}$/);
    fc.assert(
      fc.property(noise, longDigits, noise, (a, digits, b) => {
        const text = `${a}${digits}${b}`;
        let losslessOk = true;
        try {
          parseJsonLossless(text);
        } catch (err) {
          if (/duplicate key/i.test((err as Error).message)) return;
          losslessOk = false;
        }
        let exactOk = true;
        try {
          parseJsonExact(text);
        } catch {
          exactOk = false;
        }
        expect(exactOk, text).toBe(losslessOk);
      }),
      { numRuns: 2_000 },
    );
  });
});
