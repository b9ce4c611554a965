import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, type RoundingMode, roundTo, sum } from '../../src/canonical/money.js';
import { fastSum, formatFixed, fromUnits, mulShiftRound, toUnits } from '../../src/canonical/units.js';

const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 8 })).map(([i, s]) => new Dec(`${i}e-${s}`));

describe('integer fast paths agree with decimal arithmetic', () => {
  it('toUnits is exact or declines', () => {
    expect(toUnits(new Dec('117.5000'), 2)).toBe(11750);
    expect(toUnits(new Dec('-0.01'), 2)).toBe(-1);
    expect(toUnits(new Dec('0.005'), 2)).toBeUndefined();
    expect(toUnits(new Dec('12345678901234567'), 0)).toBeUndefined();
    expect(toUnits(new Dec('1e5'), 4)).toBe(1_000_000_000);
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 6 }), (x, dp) => {
        const u = toUnits(x, dp);
        if (u !== undefined) expect(fromUnits(u, dp).eq(x)).toBe(true);
        else expect(x.decimalPlaces() > dp || x.abs().times(new Dec(10).pow(dp)).gt(Number.MAX_SAFE_INTEGER) || x.precision(true) > 15).toBe(true);
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('fastSum, mulShiftRound and formatFixed match Dec', () => {
    fc.assert(
      fc.property(fc.array(decimal, { maxLength: 25 }), (xs) => {
        expect(fastSum(xs).eq(sum(xs))).toBe(true);
      }),
      { numRuns: 300, seed: 4 },
    );
    fc.assert(
      fc.property(decimal, decimal, fc.integer({ min: 0, max: 4 }), fc.constantFrom<RoundingMode>('half-up', 'half-even', 'down', 'up'), (a, b, dp, mode) => {
        const expected = roundTo(a.times(b).div(100), dp, mode);
        expect(mulShiftRound(a, b, 2, dp, mode, () => expected).eq(expected)).toBe(true);
        expect(formatFixed(roundTo(a, dp), dp)).toBe(roundTo(a, dp).toFixed(dp));
      }),
      { numRuns: 500, seed: 5 },
    );
  });
});
