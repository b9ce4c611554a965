import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RawJsonNumber, stringifyWithRawNumbers, stringifyWithRawNumbersByMarks } from '../../src/util/json-raw.js';

describe('stringifyWithRawNumbers', () => {
  it('writes raw numbers with their trailing zeros', () => {
    expect(stringifyWithRawNumbers({ Net: new RawJsonNumber('117.5000'), List: [new RawJsonNumber('-0.0100')] })).toBe('{"Net":117.5000,"List":[-0.0100]}');
  });
  it('never unquotes user text that imitates the marker', () => {
    const user = '\\u0000N:1.0';
    expect(JSON.parse(stringifyWithRawNumbers({ Note: user, N: new RawJsonNumber('2.5') }))).toEqual({ Note: user, N: 2.5 });
    expect(JSON.parse(stringifyWithRawNumbers({ Note: '\u0000N:1.0' }))).toEqual({ Note: '\u0000N:1.0' });
  });
  it('refuses text that is not a plain decimal', () => {
    expect(() => new RawJsonNumber('1e5')).toThrow(RangeError);
  });
});

/** `[1, <hole>, 3]`. */
function sparseArray(): unknown[] {
  const a: unknown[] = [1];
  a[2] = 3;
  return a;
}

/** Values the direct writer takes or hands to the general path: plain JSON with raw numbers and oddities mixed in. */
const oddity = fc.constantFrom<unknown>(undefined, Number.NaN, -0, Infinity, 1e21, 5e-7, new Date(0), { toJSON: () => 'x' }, new Map(), Object.create(null) as unknown, [1, undefined, 3], sparseArray(), 'a"b', 'back\\slash', 'ctl\u0001', '\ud800', '\u2028', 'é£€', '\u0000N:1.0', () => 1, Symbol('s'));
const rawNumber = fc.stringMatching(/^-?[0-9]{1,6}(\.[0-9]{1,5})?$/).map((t) => new RawJsonNumber(t));
const leaf = fc.oneof({ weight: 6, arbitrary: fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), rawNumber) }, { weight: 1, arbitrary: oddity });
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('a"', '0', '10', 'b', '__proto__')), tie('tree'), { maxKeys: 4 })),
}));

/** The text, or the error's class and message. */
function outcome(f: () => string): string {
  try {
    return f();
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}

describe('stringifyWithRawNumbers direct writer', () => {
  it('gives the text (or error) of the general path for any value', () => {
    fc.assert(
      fc.property(tree, (value) => {
        expect(outcome(() => stringifyWithRawNumbers(value))).toBe(outcome(() => stringifyWithRawNumbersByMarks(value)));
      }),
      { numRuns: 5_000 },
    );
  });

  it('matches on the KashFlow invoice body shape, deep and circular values', () => {
    const body = { CustomerCode: 'RAVE01', Currency: { Code: 'GBP', ExchangeRate: new RawJsonNumber('1.0000') }, LineItems: [{ Number: 1, Description: 'Mug (ENA-104)', Quantity: new RawJsonNumber('2.0000'), Rate: new RawJsonNumber('16.6583'), VATExempt: false, Skip: undefined }] };
    expect(stringifyWithRawNumbers(body)).toBe('{"CustomerCode":"RAVE01","Currency":{"Code":"GBP","ExchangeRate":1.0000},"LineItems":[{"Number":1,"Description":"Mug (ENA-104)","Quantity":2.0000,"Rate":16.6583,"VATExempt":false}]}');
    let deep: unknown = new RawJsonNumber('1.5');
    for (let i = 0; i < 100; i++) deep = { d: [deep] };
    expect(stringifyWithRawNumbers(deep)).toBe(stringifyWithRawNumbersByMarks(deep));
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(outcome(() => stringifyWithRawNumbers(circular))).toBe(outcome(() => stringifyWithRawNumbersByMarks(circular)));
    expect(() => stringifyWithRawNumbers({ n: 1n })).toThrow(TypeError);
    expect(stringifyWithRawNumbers({ a: [1] }, 2)).toBe(stringifyWithRawNumbersByMarks({ a: [1] }, 2));
  });
});
