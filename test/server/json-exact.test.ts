import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, parseDecimal } from '../../src/canonical/money.js';
import { parseJsonExact } from '../../src/server/webhooks/json-exact.js';
import { parseJsonLossless } from '../../src/util/json-lossless.js';
import { jsonTree, NUMBER_TOKENS, renderJson, type JsonTree } from '../helpers/json-documents.js';

type Tree = JsonTree;
const T = NUMBER_TOKENS;
const numberToken = fc.oneof(T.bigInteger, T.integer, T.decimal, T.exponent);
const tree = jsonTree(numberToken, (t) => fc.uniqueArray(fc.tuple(fc.string({ maxLength: 6 }), t), { maxLength: 4, selector: ([k]) => k }));
const render = (t: Tree, ws: string): string => renderJson(t, ws);

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
