/**
 * JSON output with numbers written exactly as given (e.g. money with 4 decimals:
 * `117.5000`), which `JSON.stringify` cannot do for JS numbers. A {@link RawJsonNumber}
 * serialises to a marked string that {@link stringifyWithRawNumbers} then unquotes.
 */
import { randomBytes } from 'node:crypto';

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

/** JSON.stringify that writes {@link RawJsonNumber}s as bare numbers. */
export function stringifyWithRawNumbers(value: unknown, space?: number): string {
  const text = JSON.stringify(value, null, space);
  return text.includes(MARKED_PROBE) ? text.replace(MARKED, '$1') : text;
}
