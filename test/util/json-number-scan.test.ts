import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonNumber, JSON_NUMBER, quoteSpans, scanJsonNumbers, type NumberSelector } from '../../src/util/json-number-scan.js';
import { jsonTree, NUMBER_TOKENS, renderJson } from '../helpers/json-documents.js';

/** The scanner as first written, one character at a time inside strings: the reference. */
function referenceScan(text: string, select: NumberSelector): { spans: number[]; keyCount: number } {
  const spans: number[] = [];
  let keyCount = 0;
  const containers: number[] = [];
  let previous = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) break;
        else i++;
      }
      const depth = containers.length;
      if (depth > 0 && containers[depth - 1] === 123 && (previous === 123 || previous === 44)) keyCount++;
      previous = 34;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d >= 48 && d <= 57) || d === 46 || d === 43 || d === 45 || d === 101 || d === 69) j++;
        else break;
      }
      const top = containers.length === 0 ? -1 : containers[containers.length - 1];
      const valuePosition = top === 123 ? previous === 58 : top === 91 ? previous === 91 || previous === 44 : previous === 0;
      if (valuePosition && select(text, i, j)) spans.push(i, j);
      previous = 48;
      i = j - 1;
      continue;
    }
    if (c === 123 || c === 91) containers.push(c);
    else if (c === 125 || c === 93) containers.pop();
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) previous = c;
  }
  return { spans, keyCount };
}

/** Runs a scanner with a selector that keeps every other token it is asked about, recording the questions. */
function scanWith(scan: typeof scanJsonNumbers, text: string): { spans: number[]; keyCount: number; asked: number[] } {
  const asked: number[] = [];
  const result = scan(text, (_t, start, end) => {
    asked.push(start, end);
    return asked.length % 4 === 2;
  });
  return { ...result, asked };
}

const tree = jsonTree(fc.oneof(NUMBER_TOKENS.integer, NUMBER_TOKENS.decimal), (t) => fc.array(fc.tuple(fc.string({ maxLength: 5, unit: fc.constantFrom('a', '"', '\\', '1', ':', ',', '{') }), t), { maxLength: 4 }));
/** Text made of JSON's own characters in any order: unterminated strings, stray escapes, trailing backslashes. */
const jsonish = fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ':', ',', ' ', '1', '-', '.', 'e', 'a', 'u'), maxLength: 40 });

describe('scanJsonNumbers', () => {
  it('finds what the one-character-at-a-time scanner finds, in documents and in any JSON-like text', () => {
    fc.assert(
      fc.property(fc.oneof(tree.map((t) => renderJson(t, '')), tree.map((t) => renderJson(t, ' \n')), jsonish), (text) => {
        expect(scanWith(scanJsonNumbers, text)).toEqual(scanWith(referenceScan, text));
      }),
      { numRuns: 5000 },
    );
  });

  it('ends a string at a quote after an even run of backslashes only', () => {
    for (const text of ['{"a\\\\":1}', '{"a\\"":1}', '{"a\\\\\\"b":2,"c":3}', '["\\\\\\\\",4]', '"abc', '"ab\\', '{"k":"v\\"}', '[1,"\\"",2]']) {
      expect(scanWith(scanJsonNumbers, text), text).toEqual(scanWith(referenceScan, text));
    }
  });
});

describe('quoteSpans', () => {
  it('quotes each span and keeps the rest of the text', () => {
    expect(quoteSpans('{"a":12345678901234567890,"b":[1.50,2]}', [5, 25, 31, 35])).toBe('{"a":"12345678901234567890","b":["1.50",2]}');
    expect(quoteSpans('12', [0, 2])).toBe('"12"');
    expect(quoteSpans('[]', [])).toBe('[]');
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const spans = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        if (spans.length % 2 === 1) spans.pop();
        let expected = '';
        let last = 0;
        for (let k = 0; k < spans.length; k += 2) {
          expected += `${text.slice(last, spans[k])}"${text.slice(spans[k], spans[k + 1])}"`;
          last = spans[k + 1]!;
        }
        expect(quoteSpans(text, spans)).toBe(expected + text.slice(last));
      }),
    );
  });
});

describe('isJsonNumber', () => {
  it('accepts exactly the tokens JSON_NUMBER matches, anywhere in a text', () => {
    const token = fc.oneof(fc.string({ unit: fc.constantFrom('0', '1', '7', '9', '-', '+', '.', 'e', 'E', 'x'), maxLength: 10 }), fc.stringMatching(/^-?\d{1,4}(\.\d{0,3})?([eE][+-]?\d{0,3})?$/));
    fc.assert(
      fc.property(fc.string({ maxLength: 3 }), token, fc.string({ maxLength: 3 }), (before, t, after) => {
        expect(isJsonNumber(before + t + after, before.length, before.length + t.length)).toBe(JSON_NUMBER.test(t));
      }),
      { numRuns: 5000 },
    );
    for (const t of ['0', '-0', '10', '1.5', '1e5', '1E+5', '-1.5e-3']) expect(isJsonNumber(t, 0, t.length), t).toBe(true);
    for (const t of ['', '-', '01', '1.', '.5', '1e', '1e+', '+1', '1.5.5', '--1', '1-']) expect(isJsonNumber(t, 0, t.length), t).toBe(false);
  });
});
