import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/canonical/money.js';
import { storedDec } from '../../src/sandbox/stored-decimal.js';
import { ownString } from '../../src/sandbox/stored-string.js';
import { flatString } from '../../src/util/flat-string.js';

// Whether a string is flat or a view into another cannot be observed from JavaScript without
// V8 natives syntax, so these tests pin the values; the retained-heap bench
// (bench/sandbox/retained-heap.ts) shows the memory effect.

describe('stored strings', () => {
  it('ownString and flatString give the same string for slices, concatenations and short strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(), fc.nat(), (body, tail, a, b) => {
        const whole = `{"Description":"${body}${tail}"}`;
        const from = a % whole.length;
        const to = from + (b % (whole.length - from + 1));
        const slice = whole.slice(from, to);
        expect(ownString(slice)).toBe(slice);
        expect(flatString(slice)).toBe(slice);
        const joined = body + tail;
        expect(ownString(joined)).toBe(joined);
        expect(flatString(joined)).toBe(joined);
      }),
    );
  });

  it('keeps the empty string and lone surrogates as they are', () => {
    expect(ownString('')).toBe('');
    expect(flatString('')).toBe('');
    const lone = `${'x'.repeat(20)}\ud800${'y'.repeat(5)}`;
    expect(ownString(lone.slice(3))).toBe(lone.slice(3));
  });
});

describe('stored decimals', () => {
  const decimalText = fc.oneof(
    fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.nat({ max: 20 })).map(([neg, digits, scale]) => {
      const text = digits.toString().padStart(scale + 1, '0');
      return `${neg ? '-' : ''}${scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`}`;
    }),
    fc.constantFrom('0', '-0', '0.0000', '1', '-1', '100', '20', '59.97', '-59.97', '1e-7', '12345678901234.5678901', 'NaN', 'Infinity', '-Infinity'),
  );

  it('gives a decimal equal to the one it is given in sign, exponent, digits and every text', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        storedDec(new Dec(b));
        const d = new Dec(a);
        const s = storedDec(d);
        expect(s.s).toBe(d.s);
        expect(s.e).toBe(d.e);
        expect(s.d).toEqual(d.d);
        expect(s.constructor).toBe(d.constructor);
        expect(s.toFixed()).toBe(d.toFixed());
        expect(s.toFixed(4)).toBe(d.toFixed(4));
        expect(s.isNegative()).toBe(d.isNegative());
      }),
    );
  });

  it('shares one instance per value, keeping -0 apart from 0', () => {
    const a = storedDec(new Dec('59.97'));
    expect(storedDec(new Dec('59.970'))).toBe(a);
    expect(storedDec(new Dec('-59.97'))).not.toBe(a);
    const zero = storedDec(new Dec(0));
    const negativeZero = storedDec(new Dec(0).neg());
    expect(negativeZero).not.toBe(zero);
    expect(negativeZero.isNegative()).toBe(true);
    expect(storedDec(new Dec('5'))).not.toBe(storedDec(new Dec('0.5')));
  });
});
