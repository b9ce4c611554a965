import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exVatRate, exVatRateByDecimal } from '../../src/flows/order-to-cash/ex-vat-rate.js';

const digits = (min: number, max: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
/** Plain decimal texts: mostly inside the integer path's range, some beyond it (the decimal path). */
const decimalText = (intMax: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(digits(1, intMax), fc.option(digits(1, 6), { nil: undefined })).map(([i, f]) => (f === undefined ? i : `${i}.${f}`)),
    fc.tuple(digits(1, intMax + 3), fc.option(digits(1, 9), { nil: undefined })).map(([i, f]) => (f === undefined ? i : `${i}.${f}`)),
    fc.constantFrom('0', '0.0', '19.99', '4.95', '007.50', '-3.5', '1e3', '999999999999999.999999', '0.000001'),
  );

describe('exVatRate', () => {
  it('gives the decimal.js text for any price and VAT percentage', () => {
    fc.assert(
      fc.property(decimalText(15), fc.oneof(decimalText(3), fc.constantFrom('20', '5', '0', '17.5', '12.345678')), (price, vat) => {
        expect(exVatRate(price, vat)).toBe(exVatRateByDecimal(price, vat));
      }),
      { numRuns: 20_000 },
    );
  });

  it('rounds half-up at the fourth decimal where the quotient ends exactly on a 5', () => {
    // 1.2 · 1.23455 = 1.48146: dividing gives 1.23455 exactly, which rounds up.
    expect(exVatRate('1.48146', '20')).toBe('1.2346');
    expect(exVatRate('1.48146', '20')).toBe(exVatRateByDecimal('1.48146', '20'));
    expect(exVatRate('19.99', '20')).toBe('16.6583');
    expect(exVatRate('0', '20')).toBe('0.0000');
    expect(exVatRate('0.0001', '0')).toBe('0.0001');
    // Past the doubles' exact range: the BigInt path.
    for (const [price, vat] of [['123456789012345.123456', '17.5'], ['999999999999999.999999', '0.000001'], ['9007199254740993', '20']]) expect(exVatRate(price!, vat!)).toBe(exVatRateByDecimal(price!, vat!));
  });
});
