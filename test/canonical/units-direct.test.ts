import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, mulDivRound } from '../../src/canonical/divide.js';
import { Dec, type RoundingMode, roundTo } from '../../src/canonical/money.js';
import { decimalText, formatUnits, fromUnits, mulShiftRoundUnits, roundUnits, toUnits } from '../../src/canonical/units.js';

/** decimal.js's stored form of a value: sign, exponent, digit words. */
function parts(x: Dec): { s: number; e: number; d: number[] | null } {
  const { s, e, d } = x as unknown as { s: number; e: number; d: number[] | null };
  return { s, e, d: d ? [...d] : d };
}

const MODES: RoundingMode[] = ['half-up', 'half-even', 'down', 'up'];

describe('decimals built from integer units', () => {
  it('are stored exactly like decimals parsed from text, and behave the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 12 }), (u, dp) => {
        const built = fromUnits(u, dp);
        const parsed = new Dec(`${u}e-${dp}`);
        expect(built).toBeInstanceOf(Dec);
        expect(Object.keys(built).sort()).toEqual(Object.keys(parsed).sort());
        expect(parts(built)).toEqual(dp === 0 ? parts(new Dec(u)) : parts(parsed));
        expect(built.toString()).toBe(parsed.toString());
        expect(built.toFixed(dp)).toBe(parsed.toFixed(dp));
        expect(built.plus(parsed).eq(parsed.times(2))).toBe(true);
        expect(toUnits(built, dp)).toBe(toUnits(parsed, dp));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('keep the sign of zero as before: -0 at 0 decimals, +0 otherwise', () => {
    expect(fromUnits(-0, 0).isNeg()).toBe(true);
    expect(fromUnits(-0, 2).isNeg()).toBe(false);
    expect(fromUnits(0, 2).isZero()).toBe(true);
  });

  it('format with exactly the decimals asked for', () => {
    expect(formatUnits(-5, 2)).toBe('-0.05');
    expect(formatUnits(123456, 2)).toBe('1234.56');
    expect(formatUnits(7, 0)).toBe('7');
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 8 }), (u, dp) => {
        expect(formatUnits(u, dp)).toBe(new Dec(`${u}e-${dp}`).toFixed(dp));
      }),
      { numRuns: 1000, seed: 12 },
    );
  });
});

describe('decimal text without decimal.js', () => {
  it('is exactly toString()', () => {
    for (const t of ['0', '-0', '-0.0000', '1.5000', '20', '-0.0001', '1e-7', '123456789012.3456', '99999999999.9999', '1e21']) expect(decimalText(new Dec(t))).toBe(new Dec(t).toString());
    const dec = fc.tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: -3, max: 10 })).map(([i, s]) => new Dec(`${i}e${-s}`));
    fc.assert(
      fc.property(dec, (x) => {
        expect(decimalText(x)).toBe(x.toString());
      }),
      { numRuns: 2000, seed: 16 },
    );
  });
});

describe('integer rounding is exact up to 2^53', () => {
  it('divides near the top of the safe range without a float error', () => {
    // 8e15 - 1 over 1e8: a floored float division would give 80000000.
    expect(roundUnits(8e15 - 1, 1e8, 'down')).toBe(79999999);
    expect(roundUnits(-(8e15 - 1), 1e8, 'down')).toBe(-79999999);
    expect(roundUnits(8e15 - 1, 1e8, 'half-up')).toBe(80000000);
  });

  it('agrees with decimal rounding for any safe numerator, divisor and rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 15 }), fc.constantFrom(...MODES), (n, k, mode) => {
        const divisor = 10 ** k;
        const expected = roundTo(new Dec(n).div(divisor), 0, mode);
        expect(new Dec(roundUnits(n, divisor, mode)).eq(expected)).toBe(true);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });

  it('keeps -0 for an exact negative zero, as a floored quotient does', () => {
    expect(Object.is(roundUnits(-0, 100, 'half-up'), -0)).toBe(true);
    expect(Object.is(roundUnits(-1, 100, 'half-up'), -0)).toBe(true);
  });

  it('mulShiftRoundUnits is amount × rate % rounded, or undefined past 2^53', () => {
    expect(mulShiftRoundUnits(450000, 135000, 2, 2, 'half-up')).toBe(608); // 45.00 × 13.5 % = 6.075 → 6.08
    expect(mulShiftRoundUnits(2 ** 40, 2 ** 20, 2, 2, 'half-up')).toBeUndefined();
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), fc.integer({ min: 0, max: 300000 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(...MODES), (a, r, dp, mode) => {
        const expected = roundTo(new Dec(a).times(r).div(1e10), dp, mode);
        const u = mulShiftRoundUnits(a, r, 2, dp, mode);
        if (u !== undefined) expect(fromUnits(u, dp).eq(expected)).toBe(true);
        else expect(Number.isSafeInteger(a * r)).toBe(false);
      }),
      { numRuns: 1000, seed: 14 },
    );
  });
});

describe('exact divide-and-round reads decimals without text', () => {
  it('agrees with 200-digit arithmetic for values with many digits and exponents', () => {
    const Wide = Dec.clone({ precision: 200 });
    const rounding = { 'half-up': Wide.ROUND_HALF_UP, 'half-even': Wide.ROUND_HALF_EVEN, down: Wide.ROUND_DOWN, up: Wide.ROUND_UP } as const;
    const dec = fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -10, max: 20 })).map(([i, s]) => new Dec(`${i}e${-s}`));
    fc.assert(
      fc.property(dec, dec, dec.filter((d) => !d.isZero()), fc.integer({ min: 0, max: 8 }), fc.constantFrom(...MODES), (a, b, c, dp, mode) => {
        const exact = new Wide(a.toString()).times(b.toString()).div(c.toString()).toDecimalPlaces(dp, rounding[mode]);
        expect(mulDivRound(a, b, c, dp, mode).toFixed()).toBe(exact.toFixed());
      }),
      { numRuns: 500, seed: 15 },
    );
    expect(divRound(new Dec('-0'), new Dec(3), 2).isNeg()).toBe(false);
  });
});
