import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/canonical/money.js';
import { plainDecimal } from '../../src/canonical/units.js';

/** decimal.js's stored form of a value: sign, exponent, digit words. */
function parts(x: Dec): { s: number; e: number; d: number[] | null } {
  const { s, e, d } = x as unknown as { s: number; e: number; d: number[] | null };
  return { s, e, d: d ? [...d] : d };
}

/** Texts in and around the plain form: signs, leading zeros, dots, exponents, spaces. */
const text = fc
  .tuple(fc.constantFrom('', '-', '+', ' '), fc.stringMatching(/^[0-9]{0,17}$/), fc.constantFrom('', '.'), fc.stringMatching(/^[0-9]{0,14}$/), fc.constantFrom('', '', '', 'e2', ' ', 'x'))
  .map(([sign, int, dot, frac, tail]) => `${sign}${int}${dot}${frac}${tail}`);

describe('plain decimal texts', () => {
  it('are built exactly as decimal.js parses them, or left to it', () => {
    fc.assert(
      fc.property(text, (t) => {
        const built = plainDecimal(t);
        const plain = /^-?[0-9]+(\.[0-9]+)?$/.test(t) && t.replace(/[-.]/g, '').length <= 15 && (t.split('.')[1] ?? '').length <= 12 && !/^-[0.]+$/.test(t);
        if (!plain) {
          expect(built).toBeUndefined();
          return;
        }
        const parsed = new Dec(t);
        expect(built).toBeInstanceOf(Dec);
        expect(Object.keys(built as Dec).sort()).toEqual(Object.keys(parsed).sort());
        expect(parts(built as Dec)).toEqual(parts(parsed));
        expect((built as Dec).toString()).toBe(parsed.toString());
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it('leave -0, a bare dot, more than 15 digits or 12 decimals to decimal.js', () => {
    for (const t of ['-0', '-0.000', '1.', '.5', '', '-', '1234567890123456', '0.1234567890123', '1e5', ' 1', '1 ', '+1']) expect(plainDecimal(t)).toBeUndefined();
    expect(plainDecimal('0.0000')?.isNeg()).toBe(false);
    expect(plainDecimal('123456789012345')?.toString()).toBe('123456789012345');
    expect(plainDecimal('-0.000000000001')?.toString()).toBe(new Dec('-0.000000000001').toString());
  });
});
