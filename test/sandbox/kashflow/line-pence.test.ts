import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, roundTo } from '../../../src/canonical/money.js';
import { penceOf, scaledDec } from '../../../src/sandbox/pence.js';
import { HOME_RATE, lineInDecimals, toHome, totalsInDecimals } from '../../../src/sandbox/kashflow/store/documents.js';
import { lineInPence, totalsInPence } from '../../../src/sandbox/kashflow/store/line-pence.js';

/** A decimal's fields: equal fields are the same value, sign of zero included. */
function fields(d: Dec): { s: number; e: number; d: number[] | null; ctor: unknown } {
  return { s: d.s, e: d.e, d: d.d, ctor: d.constructor };
}

/** Decimal texts of up to `maxScale` decimals: small and large, zeros (and -0) included. */
function decimalText(maxScale: number, negative: boolean): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...(negative ? ['', '-'] : ['', '', '', '-'])), fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 8n }), fc.bigInt({ min: 0n, max: 10n ** 20n })), fc.nat({ max: maxScale }))
    .map(([sign, digits, scale]) => {
      const text = digits.toString().padStart(scale + 1, '0');
      return `${sign}${scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`}`;
    });
}

describe('KashFlow line arithmetic in pence', () => {
  it('lineInPence gives the decimals of lineInDecimals, or declines', () => {
    let taken = 0;
    fc.assert(
      fc.property(decimalText(6, false), decimalText(8, false), fc.oneof(fc.constantFrom('20', '5', '0', '-0', '17.5', '12.5'), decimalText(4, false)), fc.boolean(), (q, r, v, exempt) => {
        const [quantity, rate, vatLevel] = [new Dec(q), new Dec(r), new Dec(v)];
        const fast = lineInPence(quantity, rate, vatLevel, exempt);
        if (fast === undefined) return;
        taken++;
        const slow = lineInDecimals(quantity, rate, vatLevel, exempt);
        expect(fields(fast.net)).toEqual(fields(slow.net));
        expect(fields(fast.vatAmount)).toEqual(fields(slow.vatAmount));
      }),
      { numRuns: 5000 },
    );
    expect(taken).toBeGreaterThan(1000);
  });

  it('takes the pence path for ordinary lines', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 10 ** 7 }), fc.nat({ max: 4 }), fc.constantFrom('20', '5', '0', '17.5'), (q, rateUnits, rateScale, v) => {
        const rate = new Dec(rateUnits).div(10 ** rateScale);
        const fast = lineInPence(new Dec(q), rate, new Dec(v), false);
        expect(fast).toBeDefined();
        const slow = lineInDecimals(new Dec(q), rate, new Dec(v), false);
        expect(fields(fast!.net)).toEqual(fields(slow.net));
        expect(fields(fast!.vatAmount)).toEqual(fields(slow.vatAmount));
      }),
      { numRuns: 3000 },
    );
  });

  it('totalsInPence gives the decimals of totalsInDecimals, or declines', () => {
    let taken = 0;
    const amount = fc.oneof(decimalText(2, true), decimalText(3, true));
    fc.assert(
      fc.property(fc.array(fc.tuple(amount, amount), { maxLength: 8 }), (pairs) => {
        const lines = pairs.map(([n, v]) => ({ net: new Dec(n), vatAmount: new Dec(v) }));
        const fast = totalsInPence(lines);
        if (fast === undefined) return;
        taken++;
        const slow = totalsInDecimals(lines);
        expect(fields(fast.net)).toEqual(fields(slow.net));
        expect(fields(fast.vat)).toEqual(fields(slow.vat));
        expect(fields(fast.gross)).toEqual(fields(slow.gross));
      }),
      { numRuns: 5000 },
    );
    expect(taken).toBeGreaterThan(500);
  });

  it('scaledDec and penceOf read a decimal exactly', () => {
    fc.assert(
      fc.property(decimalText(9, true), (t) => {
        const x = new Dec(t);
        const s = scaledDec(x);
        if (s !== undefined) expect(new Dec(s.units).div(new Dec(10).pow(s.scale)).eq(x)).toBe(true);
        else expect(x.isZero() || x.isNegative() || x.sd() > 14 || (x.d?.length ?? 3) > 2 || x.gt(Number.MAX_SAFE_INTEGER)).toBe(true);
        const p = penceOf(x);
        if (p !== undefined) expect(new Dec(p).div(100).eq(x)).toBe(true);
        else expect(x.decimalPlaces() > 2 || (x.d?.length ?? 3) > 2 || x.abs().gte(1e13)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('toHome at the home rate gives the fields roundTo(amount, 2) gives', () => {
    fc.assert(
      fc.property(decimalText(6, true), (t) => {
        const x = new Dec(t);
        expect(fields(toHome(x, HOME_RATE))).toEqual(fields(roundTo(x, 2)));
      }),
      { numRuns: 3000 },
    );
  });
});
