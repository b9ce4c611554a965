import { parseJsonLossless } from './json-lossless.js';

/**
 * The same result as {@link parseJsonLossless} — whole numbers that fit in a JS number become
 * numbers, every other number (decimals, 64-bit ids, exponents) stays as its exact text — at a
 * fraction of its cost: one linear scan finds those number tokens (in value position, outside
 * strings), they are quoted, and the native `JSON.parse` does the rest.
 *
 * Identical by construction where the fast path could differ: a text with a repeated object key
 * (which lossless-json refuses unless the values are equal; found as an object with fewer
 * properties than keys written) and a text the native parser refuses are both handed to
 * `parseJsonLossless`, so its value or its SyntaxError is what the caller gets.
 */
export function parseJsonDecimal(text: string): unknown {
  const { spans, keyCount } = scan(text);
  let json = text;
  if (spans.length > 0) {
    json = '';
    let last = 0;
    for (let k = 0; k < spans.length; k += 2) {
      const start = spans[k]!;
      const end = spans[k + 1]!;
      json += `${text.slice(last, start)}"${text.slice(start, end)}"`;
      last = end;
    }
    json += text.slice(last);
  }
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch {
    return parseJsonLossless(text); // its value, or its SyntaxError (with its message)
  }
  // A repeated key leaves the document with fewer properties than keys written (each repeat one fewer).
  return countProperties(value) === keyCount ? value : parseJsonLossless(text);
}

/** Own properties of all objects in a parsed JSON value. */
function countProperties(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object') count += countProperties(item);
    return count;
  }
  for (const k in value) {
    count++;
    const v = (value as Record<string, unknown>)[k];
    if (v !== null && typeof v === 'object') count += countProperties(v);
  }
  return count;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

/** True when lossless-json's number reviver (in json-lossless.ts) keeps this well-formed token as text. */
function staysText(token: string): boolean {
  for (let i = token.charCodeAt(0) === 45 ? 1 : 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) return true; // '.', 'e', 'E', '+', '-': not a plain integer
  }
  return !Number.isSafeInteger(Number(token));
}

/** Start/end offsets of the number tokens to quote, and the number of object keys written. */
function scan(text: string): { spans: number[]; keyCount: number } {
  const spans: number[] = [];
  let keyCount = 0;
  const containers: number[] = [];
  let previous = 0; // last structural character outside strings (0 = none yet)
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else if (d === QUOTE) break;
        else i++;
      }
      const depth = containers.length;
      if (depth > 0 && containers[depth - 1] === OPEN_OBJECT && (previous === OPEN_OBJECT || previous === COMMA)) keyCount++;
      previous = QUOTE;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      let plain = true; // a plain integer so far
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d >= 48 && d <= 57) j++;
        else if (d === 46 || d === 43 || d === 45 || d === 101 || d === 69) {
          plain = false;
          j++;
        } else break;
      }
      // Plain integers of ≤ 15 digits are safe integers: JS numbers, as lossless-json's reviver makes them.
      if (!plain || j - i > 15) {
        const top = containers.length === 0 ? -1 : containers[containers.length - 1];
        // Only value positions are rewritten (a number used as an object key stays invalid JSON),
        // and only well-formed tokens (a malformed one stays for JSON.parse to refuse).
        const valuePosition = top === OPEN_OBJECT ? previous === COLON : top === OPEN_ARRAY ? previous === OPEN_ARRAY || previous === COMMA : previous === 0;
        if (valuePosition) {
          const token = text.slice(i, j);
          if (staysText(token) && JSON_NUMBER.test(token)) spans.push(i, j);
        }
      }
      previous = 48;
      i = j - 1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) containers.push(c);
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) containers.pop();
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) previous = c;
  }
  return { spans, keyCount };
}
