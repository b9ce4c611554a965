import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, mulDivRound } from '../../src/canonical/divide.js';
import { Dec, type RoundingMode, roundTo } from '../../src/canonical/money.js';

describe('exact integer divide-and-round', () => {
  it('rounds halves by the rule, with signs', () => {
    expect(divRound(new Dec('0.01'), new Dec(2), 2).toString()).toBe('0.01');
    expect(divRound(new Dec('0.01'), new Dec(2), 2, 'half-even').toString()).toBe('0');
    expect(divRound(new Dec('-0.01'), new Dec(2), 2).toString()).toBe('-0.01');
    expect(divRound(new Dec('193.52'), new Dec('1.17'), 2).toFixed(2)).toBe('165.40');
    expect(mulDivRound(new Dec('45.00'), new Dec('13.5'), new Dec(100), 2).toFixed(2)).toBe('6.08');
    expect(divRound(new Dec(100), new Dec('1.17'), 6).toString()).toBe('85.470085');
    expect(() => divRound(new Dec(1), new Dec(0), 2)).toThrow('division by zero');
  });

  it('agrees with 40-digit decimal arithmetic on random inputs', () => {
    const dec = fc.tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 6 })).map(([i, s]) => new Dec(i).div(new Dec(10).pow(s)));
    const nonZero = dec.filter((d) => !d.isZero());
    fc.assert(
      fc.property(dec, dec, nonZero, fc.integer({ min: 0, max: 6 }), fc.constantFrom<RoundingMode>('half-up', 'half-even', 'down', 'up'), (a, b, c, dp, mode) => {
        const exact = a.times(b).div(c);
        const expected = roundTo(exact, dp, mode);
        expect(mulDivRound(a, b, c, dp, mode).eq(expected)).toBe(true);
      }),
      { numRuns: 500, seed: 42 },
    );
  });
});
