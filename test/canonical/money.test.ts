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
  it('sums without float drift', () => {
    expect(sum(Array.from({ length: 10 }, () => new Dec('0.1'))).toString()).toBe('1');
  });
});
