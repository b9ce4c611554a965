import fc from 'fast-check';
import { isLosslessNumber, LosslessNumber } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { type Dec, parseDecimal } from '../../../src/canonical/money.js';
import { sharedDecimal } from '../../../src/sandbox/kashflow/wire/shared-decimal.js';

/** JSON's number grammar, which `LosslessNumber` enforces (no leading zeros such as "00"). */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function fields(d: Dec | undefined): unknown {
  return d === undefined ? undefined : { s: d.s, e: d.e, d: d.d, ctor: d.constructor };
}

describe('sharedDecimal', () => {
  it('gives what parseDecimal gives, the first time and from the cache', () => {
    const numberText = fc.oneof(
      fc.constantFrom('1', '2', '20', '0', '-0', '16.6583', '4.125', '1e3', '1E-2', '0.10', ' 5 ', '', 'abc', '1.2.3', '-', '1e400', '99999999999999999999999999.5'),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.string({ maxLength: 30 }),
    );
    const value = fc.oneof(numberText, numberText.filter((t) => JSON_NUMBER.test(t)).map((t) => new LosslessNumber(t)), fc.constantFrom(null, true, 1, {}, []));
    fc.assert(
      fc.property(value, (v) => {
        const expected = fields(parseDecimal(isLosslessNumber(v) || typeof v === 'string' ? v : undefined));
        expect(fields(sharedDecimal(v))).toEqual(expected);
        expect(fields(sharedDecimal(v))).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
