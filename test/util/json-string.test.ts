import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainJsonString, jsonStringText } from '../../src/util/json-string.js';

describe('jsonStringText', () => {
  it('is JSON.stringify of any string; plain strings are those it writes between quotes as they are', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', 'a"b', 'a\\b', '\u0000', '\u001f', '\ud800', '\udc00x', '😀', 'plain text'));
    fc.assert(
      fc.property(text, (s) => {
        expect(jsonStringText(s)).toBe(JSON.stringify(s));
        if (isPlainJsonString(s)) expect(JSON.stringify(s)).toBe(`"${s}"`);
      }),
      { numRuns: 3000 },
    );
    expect(isPlainJsonString('a"b')).toBe(false);
    expect(isPlainJsonString('plain')).toBe(true);
  });
});
