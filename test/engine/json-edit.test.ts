import { describe, expect, it } from 'vitest';
import { diffJson, mergePatch, parseAssignment, parsePath, setAtPath } from '../../src/engine/json-edit.js';

describe('json-edit', () => {
  it('parses paths with dots and indexes, and refuses malformed ones', () => {
    expect(parsePath('lines[0].amount')).toEqual(['lines', 0, 'amount']);
    expect(parsePath('a')).toEqual(['a']);
    for (const bad of ['', 'a..b', '.a', 'a.', 'a[x]', 'a[0']) expect(() => parsePath(bad), bad).toThrow(/malformed path/);
  });

  it('reads --set path=value as a string and path:=json as JSON', () => {
    expect(parseAssignment('amount=12.00')).toEqual({ path: ['amount'], value: '12.00' });
    expect(parseAssignment('note=a=b')).toEqual({ path: ['note'], value: 'a=b' });
    expect(parseAssignment('qty:=3')).toEqual({ path: ['qty'], value: 3 });
    expect(parseAssignment('tags:=["a"]')).toEqual({ path: ['tags'], value: ['a'] });
    expect(() => parseAssignment('qty:=three')).toThrow(/must be JSON/);
    expect(() => parseAssignment('novalue')).toThrow(/expected path=value/);
  });

  it('sets values without mutating the input and refuses indexes past the end', () => {
    const doc = { lines: [{ amount: '1.00' }] };
    const out = setAtPath(doc, ['lines', 0, 'amount'], '2.00');
    expect(out).toEqual({ lines: [{ amount: '2.00' }] });
    expect(doc.lines[0]!.amount).toBe('1.00');
    expect(setAtPath({}, ['a', 'b'], 1)).toEqual({ a: { b: 1 } });
    expect(() => setAtPath(doc, ['lines', 3, 'amount'], 'x')).toThrow(/past the end/);
    expect(() => setAtPath(doc, ['lines', 'x', 0], 'x')).toThrow(/not an array/);
  });

  it('applies JSON merge patches (RFC 7386)', () => {
    expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(mergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(mergePatch({ a: 1 }, 'replaced')).toBe('replaced');
  });

  it('lists leaf differences with their paths', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] }, gone: true }, { a: 1, b: { c: [1, 3] }, added: 'x' })).toEqual([
      { path: 'added', to: 'x' },
      { path: 'b.c[1]', from: 2, to: 3 },
      { path: 'gone', from: true },
    ]);
    expect(diffJson({ a: [1] }, { a: [1, 2] })).toEqual([{ path: 'a', from: [1], to: [1, 2] }]);
    expect(diffJson(1, 1)).toEqual([]);
  });
});
