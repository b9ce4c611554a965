import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, fixed, roundTo } from '../../../src/canonical/money.js';
import { HUNDRED, toMST } from '../../../src/sandbox/ax/domain/currency.js';
import { lineTax } from '../../../src/sandbox/ax/domain/tax.js';
import { decimalText } from '../../../src/sandbox/ax/schema/parse.js';
import { cents } from '../../../src/sandbox/ax/services/free-text-invoice.js';

// The fast paths of the AX sandbox give what the general code gives.

describe('decimalText', () => {
  const digits = fc.stringMatching(/^\d{0,45}$/);
  const xsDecimal = fc.oneof(
    fc.tuple(fc.constantFrom('', '+', '-'), digits, fc.boolean(), digits).filter(([, i, dot, f]) => i !== '' || (dot && f !== '')).map(([s, i, dot, f]) => `${s}${i}${dot ? `.${f}` : ''}`),
    fc.constantFrom('0', '-0', '+0', '0.0', '-0.0', '0.', '.5', '-.5', '00', '007.50', '1.', '-0.000001', '0.000001', '28.3333', '4.125', '100', '-100.10', `1${'0'.repeat(60)}`, `0.${'0'.repeat(50)}1`),
  );

  it('is what Decimal.toFixed() writes, for every xs:decimal text', () => {
    fc.assert(
      fc.property(xsDecimal, (t) => {
        expect(decimalText(t)).toBe(new Dec(t).toFixed());
      }),
      { numRuns: 2000 },
    );
  });
});

const amount = fc.oneof(
  fc.tuple(fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), fc.integer({ min: 0, max: 8 })).map(([n, dp]) => new Dec(n.toString()).div(new Dec(10).pow(dp))),
  fc.constantFrom('0', '-0', '0.004', '-0.004', '-0.005', '0.005', '-0.0049', '12.345', '-12.345', `0.00${'4'.repeat(50)}`, `1${'2'.repeat(45)}.555`).map((t) => new Dec(t)),
);

describe('toMST at the identity rate', () => {
  it('equals × 100 ÷ 100 with a rate of 100 that is not the shared constant', () => {
    fc.assert(
      fc.property(amount, (a) => {
        expect(toMST(a, HUNDRED).toString()).toBe(toMST(a, new Dec(100)).toString());
      }),
    );
  });
});

describe('cents', () => {
  it('is fixed(roundTo(value, 2), 2), negative amounts that round to zero included', () => {
    fc.assert(
      fc.property(amount, (a) => {
        expect(cents(a)).toBe(fixed(roundTo(a, 2), 2));
      }),
    );
    expect(cents(new Dec('-0.004'))).toBe('0.00');
  });
});

describe('lineTax', () => {
  it('sums round2(amount × rate / 100) per code', () => {
    fc.assert(
      fc.property(amount, fc.array(fc.constantFrom('20', '5', '0', '17.5', '12.345'), { maxLength: 3 }), (a, rates) => {
        const expected = rates.reduce((t, r) => t.plus(roundTo(a.times(r).div(100), 2)), new Dec(0));
        expect(lineTax(a, rates.map((rate, i) => ({ code: `T${i}`, name: '', rate }) as Parameters<typeof lineTax>[1][number])).toString()).toBe(expected.toString());
      }),
    );
  });
});

