import { describe, expect, it } from 'vitest';
import { RawJsonNumber, stringifyWithRawNumbers } from '../../src/util/json-raw.js';

describe('stringifyWithRawNumbers', () => {
  it('writes raw numbers with their trailing zeros', () => {
    expect(stringifyWithRawNumbers({ Net: new RawJsonNumber('117.5000'), List: [new RawJsonNumber('-0.0100')] })).toBe('{"Net":117.5000,"List":[-0.0100]}');
  });
  it('never unquotes user text that imitates the marker', () => {
    const user = '\\u0000N:1.0';
    expect(JSON.parse(stringifyWithRawNumbers({ Note: user, N: new RawJsonNumber('2.5') }))).toEqual({ Note: user, N: 2.5 });
    expect(JSON.parse(stringifyWithRawNumbers({ Note: '\u0000N:1.0' }))).toEqual({ Note: '\u0000N:1.0' });
  });
  it('refuses text that is not a plain decimal', () => {
    expect(() => new RawJsonNumber('1e5')).toThrow(RangeError);
  });
});
