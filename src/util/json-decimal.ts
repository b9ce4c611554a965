import { parseJsonLossless } from './json-lossless.js';
import { isJsonNumber, isPlainInteger, quoteSpans, scanJsonNumbers } from './json-number-scan.js';

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
  const { spans, keyCount } = scanJsonNumbers(text, staysText);
  const json = quoteSpans(text, spans);
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

/**
 * The tokens lossless-json's number reviver (in json-lossless.ts) keeps as text: anything but a
 * safe integer. Plain integers of ≤ 15 digits are safe integers, so they are decided without
 * slicing, and the others are checked in place; malformed tokens stay for JSON.parse to refuse.
 */
function staysText(text: string, start: number, end: number): boolean {
  const plain = isPlainInteger(text, start, end);
  if (plain && end - start <= 15) return false;
  if (!isJsonNumber(text, start, end)) return false;
  return !plain || !Number.isSafeInteger(Number(text.slice(start, end)));
}
