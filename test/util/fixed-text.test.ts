import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, fixed } from '../../src/canonical/money.js';
import { fixedText } from '../../src/util/fixed-text.js';

describe('fixedText', () => {
  it('pads plain text and rounds the rest half-up, as fixed(new Dec(text), dp) does', () => {
    expect(fixedText('2', 4)).toBe('2.0000');
    expect(fixedText('19.99', 4)).toBe('19.9900');
    expect(fixedText('0.1750', 4)).toBe('0.1750');
    expect(fixedText('16.65833', 4)).toBe('16.6583');
    expect(fixedText('0.00005', 4)).toBe('0.0001');
    expect(fixedText('-0.00004', 4)).toBe(fixed(new Dec('-0.00004'), 4));
    expect(fixedText('007.5', 2)).toBe('7.50');
    expect(fixedText('1e3', 2)).toBe('1000.00');
    const text = fc.oneof(
      fc.stringMatching(/^-?\d{1,25}(\.\d{1,8})?$/),
      fc.stringMatching(/^[+-]?(\d{1,3})?\.?\d{0,6}([eE][+-]?\d{1,2})?$/).filter((t) => /\d/.test(t.replace(/[eE].*$/, ''))),
      fc.constantFrom('0', '-0', '0.0', '00', '1.', '.5', '-0.0000', '+1'),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 16 }), (t, dp) => {
        let expected: string;
        try {
          expected = fixed(new Dec(t), dp);
        } catch {
          expect(() => fixedText(t, dp)).toThrow();
          return;
        }
        expect(fixedText(t, dp)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
