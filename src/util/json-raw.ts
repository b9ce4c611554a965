/**
 * JSON output with numbers written exactly as given (e.g. money with 4 decimals:
 * `117.5000`), which `JSON.stringify` cannot do for JS numbers. A {@link RawJsonNumber}
 * serialises to a marked string that {@link stringifyWithRawNumbers} then unquotes.
 */
import { randomBytes } from 'node:crypto';
import { isPlainJsonString } from './json-string.js';

// A per-process random nonce makes the marker unforgeable by user text.
const NONCE = randomBytes(12).toString('hex');
const MARK = `\u0000${NONCE}:`;
const MARKED = new RegExp(`"\\\\u0000${NONCE}:(-?[0-9]+(?:\\.[0-9]+)?)"`, 'g');
const MARKED_PROBE = `\\u0000${NONCE}:`;
const NUMBER_TEXT = /^-?[0-9]+(?:\.[0-9]+)?$/;

/** A number whose JSON text is fixed (trailing zeros kept). */
export class RawJsonNumber {
  readonly text: string;
  constructor(text: string) {
    if (!NUMBER_TEXT.test(text)) throw new RangeError(`not a plain decimal number: ${JSON.stringify(text)}`);
    this.text = text;
  }
  toJSON(): string {
    return MARK + this.text;
  }
}

/**
 * JSON.stringify that writes {@link RawJsonNumber}s as bare numbers. Compact text of plain data
 * (the request bodies kfax sends) is written directly ({@link writePlainJson}); anything else
 * goes through {@link stringifyWithRawNumbersByMarks}, with the same text or error.
 */
export function stringifyWithRawNumbers(value: unknown, space?: number): string {
  if (space === undefined) {
    const text = writePlainJson(value, 0);
    if (text !== undefined) return text;
  }
  return stringifyWithRawNumbersByMarks(value, space);
}

/**
 * {@link stringifyWithRawNumbers} by `JSON.stringify` (each raw number written as a marked
 * string, then unquoted): the general path, for any value.
 */
export function stringifyWithRawNumbersByMarks(value: unknown, space?: number): string {
  const text = JSON.stringify(value, null, space);
  return text.includes(MARKED_PROBE) ? text.replace(MARKED, '$1') : text;
}

const MAX_DEPTH = 32;

/**
 * Compact JSON text of `value` when it is plain data — plain objects and arrays, strings and keys
 * that need no escape, finite numbers, booleans, null, raw numbers, `undefined` object values
 * (left out) — else undefined: the same text `JSON.stringify` with the marks would give, without
 * calling `toJSON` per raw number, escaping the marks and unquoting them again.
 */
function writePlainJson(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return isPlainJsonString(value) ? `"${value}"` : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return undefined;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === RawJsonNumber.prototype) return (value as RawJsonNumber).text;
  if (proto === Array.prototype) {
    const list = value as unknown[];
    let text = '[';
    for (let i = 0; i < list.length; i++) {
      const item = writePlainJson(list[i], depth + 1);
      if (item === undefined) return undefined;
      text += i === 0 ? item : `,${item}`;
    }
    return `${text}]`;
  }
  if (proto !== Object.prototype && proto !== null) return undefined;
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key in record) {
    if (!Object.hasOwn(record, key)) return undefined;
    const v = record[key];
    if (v === undefined) continue;
    const item = writePlainJson(v, depth + 1);
    if (item === undefined || !isPlainJsonString(key)) return undefined;
    text += text.length === 1 ? `"${key}":${item}` : `,"${key}":${item}`;
  }
  return `${text}}`;
}
