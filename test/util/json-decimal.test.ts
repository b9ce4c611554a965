import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonDecimal, parseJsonDecimalByQuoting } from '../../src/util/json-decimal.js';
import { parseJsonLossless } from '../../src/util/json-lossless.js';
import { jsonTree, NUMBER_TOKENS, renderJson, type JsonTree } from '../helpers/json-documents.js';

/** Outcome of a parser: its value, or the message of its SyntaxError. */
function outcome(parse: (text: string) => unknown, text: string): { value: unknown } | { error: string } {
  try {
    return { value: parse(text) };
  } catch (err) {
    expect(err).toBeInstanceOf(SyntaxError);
    return { error: (err as Error).message };
  }
}

const T = NUMBER_TOKENS;
const numberToken = fc.oneof(T.bigInteger, T.integer, fc.constantFrom('0', '-0', '9007199254740991', '9007199254740992', '-9007199254740991', '117.5000', '1e5', '1E+2', '0.1'), T.decimal, T.exponent);

const key = fc.oneof(fc.constantFrom('a', 'b', '__proto__', 'A\\u0062', 'Ab', 'x"y'), fc.string({ maxLength: 4 }));

// Keys may repeat (with equal or different values): lossless-json decides, and so must we.
const tree = jsonTree(numberToken, (t) => fc.array(fc.tuple(key, t), { maxLength: 4 }));
const render = (t: JsonTree, ws: string): string => renderJson(t, ws, { rawEscapedKeys: true });

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

  it('puts kept tokens back in text order, and quotes them instead where V8 orders keys otherwise', () => {
    const cases = [
      '{"b":1.5,"2":0.25,"a":[3.75,{"1":4.5,"x":5}],"0":6.125}',
      '{"__proto__":1.5,"a":2.5}',
      '{"\\u005f_proto__":1.5,"a":2.5}',
      '{"\\u0031":1.5,"a":2.5}',
      '[1.5,{"a":[2.5,[3.5]],"b":4},9007199254740993,5]',
      '1.25',
      '-0',
      '1e400',
    ];
    for (const text of cases) {
      const fast = parseJsonDecimal(text);
      expect(JSON.stringify(fast), text).toBe(JSON.stringify(parseJsonDecimalByQuoting(text)));
      expect(fast, text).toEqual(parseJsonDecimalByQuoting(text));
      expect(fast, text).toEqual(parseJsonLossless(text));
    }
    expect(Object.getPrototypeOf(parseJsonDecimal('{"__proto__":1.5}'))).toBe(Object.prototype);
  });

  it('gives the value (same key order) or the error of the quoting path, for any document (property)', () => {
    const digitKey = fc.oneof(key, fc.constantFrom('0', '1', '10', '4294967294', '4294967295', '01', '-1', '1a'));
    const digitTree = jsonTree(numberToken, (t) => fc.array(fc.tuple(digitKey, t), { maxLength: 4 }));
    fc.assert(
      fc.property(digitTree, fc.constantFrom('', ' ', '\n'), (t, ws) => {
        const text = render(t, ws);
        const fast = outcome(parseJsonDecimal, text);
        const quoted = outcome(parseJsonDecimalByQuoting, text);
        expect(fast, text).toEqual(quoted);
        if ('value' in fast && 'value' in quoted) expect(JSON.stringify(fast.value), text).toBe(JSON.stringify(quoted.value));
      }),
      { numRuns: 5_000 },
    );
  });
});
