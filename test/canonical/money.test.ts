import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Dec, fixed, parseDecimal, roundTo, sum, toDecimal } from '../../src/canonical/money.js';

describe('money', () => {
  it('parses decimal text exactly and refuses non-numbers', () => {
    expect(parseDecimal('0.1')?.plus('0.2').toString()).toBe('0.3');
    expect(parseDecimal(' 117.5000 ')?.toString()).toBe('117.5');
    expect(parseDecimal('1e3')?.toString()).toBe('1000');
    expect(parseDecimal('12abc')).toBeUndefined();
    expect(parseDecimal(Number.NaN)).toBeUndefined();
    expect(parseDecimal(null)).toBeUndefined();
  });
  it('names the field when a value is not a number', () => {
    expect(() => toDecimal('ten', 'LineItems[0].Rate')).toThrow('LineItems[0].Rate: expected a number, got "ten"');
  });
  it('rounds half-up by default and half-even on request', () => {
    expect(roundTo(new Dec('6.075'), 2).toString()).toBe('6.08');
    expect(roundTo(new Dec('0.125'), 2, 'half-even').toString()).toBe('0.12');
    expect(fixed(new Dec('117.5'), 4)).toBe('117.5000');
  });
  it('fixed writes what toFixed(dp, rule) writes, also where nothing rounds (its fast path)', () => {
    const rules = { 'half-up': Decimal.ROUND_HALF_UP, 'half-even': Decimal.ROUND_HALF_EVEN, down: Decimal.ROUND_DOWN, up: Decimal.ROUND_UP } as const;
    const value = fc.oneof(
      fc.constantFrom('0', '-0', '0.005', '-0.005', '123.45', '1e30', '-1e-30', '0.00000001'),
      fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -25, max: 25 })).map(([m, e]) => `${m}e${e}`),
    );
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 10 }), fc.constantFrom(...(Object.keys(rules) as (keyof typeof rules)[])), (text, dp, rule) => {
        const v = new Dec(text);
        expect(fixed(v, dp, rule)).toBe(v.toFixed(dp, rules[rule]));
      }),
      { numRuns: 5_000 },
    );
    for (const bad of [new Dec(NaN), new Dec(Infinity), new Dec(-Infinity)]) expect(fixed(bad, 2)).toBe(bad.toFixed(2));
  });
  it('sums without float drift', () => {
    expect(sum(Array.from({ length: 10 }, () => new Dec('0.1'))).toString()).toBe('1');
  });
});
