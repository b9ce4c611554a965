import { describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../src/util/json-lossless.js';

describe('parseJsonLossless', () => {
  it('keeps 64-bit ids and decimals exact and small integers as numbers', () => {
    expect(parseJsonLossless('{"id":820982911946154508,"n":3,"amount":117.5000,"rate":0.1}')).toEqual({ id: '820982911946154508', n: 3, amount: '117.5000', rate: '0.1' });
  });
  it('throws on malformed JSON', () => {
    expect(() => parseJsonLossless('{"a":')).toThrow();
  });
});
