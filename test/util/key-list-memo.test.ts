import { describe, expect, it } from 'vitest';
import { KeyListMemo } from '../../src/util/key-list-memo.js';

describe('KeyListMemo', () => {
  it('builds once for a run of the same key list, again for another list of that length, and never remembers lists over the limit', () => {
    const built: string[] = [];
    const memo = new KeyListMemo<string>(3, (keys) => {
      built.push(keys.join(','));
      return keys.join('|');
    });
    expect(memo.get(['a', 'b'])).toBe('a|b');
    expect(memo.get(['a', 'b'])).toBe('a|b');
    expect(memo.get(['a', 'c'])).toBe('a|c');
    expect(memo.get(['x'])).toBe('x');
    expect(memo.get(['a', 'c'])).toBe('a|c');
    expect(memo.get(['a', 'b', 'c', 'd'])).toBe('a|b|c|d');
    expect(memo.get(['a', 'b', 'c', 'd'])).toBe('a|b|c|d');
    expect(built).toEqual(['a,b', 'a,c', 'x', 'a,b,c,d', 'a,b,c,d']);
  });
});
