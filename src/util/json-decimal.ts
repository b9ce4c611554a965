import { parseJsonLossless } from './json-lossless.js';
import { isJsonNumber, isPlainInteger, quoteSpans, scanJsonNumbers } from './json-number-scan.js';

/**
 * The same result as {@link parseJsonLossless} — whole numbers that fit in a JS number become
 * numbers, every other number (decimals, 64-bit ids, exponents) stays as its exact text — at a
 * fraction of its cost: one linear scan finds those number tokens (in value position, outside
 * strings) and counts the keys written, the native `JSON.parse` reads the text as it is, and one
 * walk over its value puts each kept token's text in place of its number.
 *
 * The walk meets the number values in the order they are written, except where V8 orders an
 * object's keys otherwise (array-index keys) or a key would not be set as an own property
 * (`__proto__`): there the kept tokens are quoted in the text before `JSON.parse` instead
 * ({@link parseJsonDecimalByQuoting}). A text with a repeated object key (which lossless-json
 * refuses unless the values are equal; found as fewer properties than keys written) and a text
 * the native parser refuses are both handed to `parseJsonLossless`, so its value or its
 * SyntaxError is what the caller gets.
 */
export function parseJsonDecimal(text: string): unknown {
  const kept = KEPT;
  kept.numbers = 0;
  kept.ordinals.length = 0;
  const { spans, keyCount } = scanJsonNumbers(text, keepOrdinal);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return parseJsonLossless(text); // its value, or its SyntaxError (with its message)
  }
  if (kept.ordinals.length === 0) return countProperties(value) === keyCount ? value : parseJsonLossless(text);
  const walk: Walk = { text, spans, ordinals: kept.ordinals, next: 0, numbers: 0, properties: 0, inOrder: true };
  const restored = restoreKept(value, walk);
  if (!walk.inOrder || walk.next !== kept.ordinals.length) return parseJsonDecimalByQuoting(text);
  return walk.properties === keyCount ? restored : parseJsonLossless(text);
}

/** {@link parseJsonDecimal} by quoting the kept tokens in the text before `JSON.parse` (the same result). */
export function parseJsonDecimalByQuoting(text: string): unknown {
  const { spans, keyCount } = scanJsonNumbers(text, staysText);
  const json = quoteSpans(text, spans);
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch {
    return parseJsonLossless(text);
  }
  // A repeated key leaves the document with fewer properties than keys written (each repeat one fewer).
  return countProperties(value) === keyCount ? value : parseJsonLossless(text);
}

/** The scan's count of number values and the ordinals of those kept as text (reused: parsing is synchronous). */
const KEPT = { numbers: 0, ordinals: [] as number[] };

/** {@link staysText}, noting which number value (0-based, in text order) each kept token is. */
function keepOrdinal(text: string, start: number, end: number): boolean {
  const ordinal = KEPT.numbers++;
  if (!staysText(text, start, end)) return false;
  KEPT.ordinals.push(ordinal);
  return true;
}

/** State of one {@link restoreKept} walk. */
interface Walk {
  readonly text: string;
  /** Start/end offsets of the kept tokens, in text order. */
  readonly spans: readonly number[];
  /** Ordinals of the kept number values, ascending. */
  readonly ordinals: readonly number[];
  /** Index of the next kept token. */
  next: number;
  /** Number values met so far. */
  numbers: number;
  /** Own properties of the objects met so far. */
  properties: number;
  /** False once an object's keys may not be in text order (the walk then stops). */
  inOrder: boolean;
}

/** `value` with the kept number values replaced by their text (in place); counts properties. */
function restoreKept(value: unknown, walk: Walk): unknown {
  if (typeof value === 'number') {
    if (walk.ordinals[walk.next] !== walk.numbers++) return value;
    const k = 2 * walk.next++;
    return walk.text.slice(walk.spans[k], walk.spans[k + 1]);
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && walk.inOrder; i++) {
      const item: unknown = value[i];
      if (typeof item === 'number') value[i] = restoreKept(item, walk);
      else if (item !== null && typeof item === 'object') restoreKept(item, walk);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const k in record) {
    walk.properties++;
    const c = k.charCodeAt(0);
    // Array-index keys come first in V8's order, not in text order; `__proto__` cannot be set as an own property.
    if ((c >= 48 && c <= 57) || (c === 95 && k === '__proto__')) {
      walk.inOrder = false;
      return value;
    }
    const v = record[k];
    if (typeof v === 'number') record[k] = restoreKept(v, walk);
    else if (v !== null && typeof v === 'object') {
      restoreKept(v, walk);
      if (!walk.inOrder) return value;
    }
  }
  return value;
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
