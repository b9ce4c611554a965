import type { Dec } from '../canonical/money.js';

/**
 * One shared instance per decimal value kept in long-lived sandbox state (invoice lines,
 * ledger entries, open transactions). Decimals are immutable, so records holding equal
 * amounts can hold the same object: a stored order repeats a few prices, quantities, rates
 * and totals, and each decimal.js object is about 130 bytes (object, digit array, elements)
 * that GC visits for the life of the record.
 *
 * Only values of up to 14 digits on either side of the point are shared (every amount the
 * sandbox stores in practice), keyed by their digits as one number: no key string is built.
 */

/** Shared decimals by digits (`d[0] * 1e7 + d[1]`), then by sign and exponent. */
const SHARED = new Map<number, Dec[]>();

/** Bound of {@link SHARED}: cleared when it grows past this many digit keys. */
const MAX_KEYS = 4096;

/** Base of decimal.js digit chunks. */
const CHUNK = 1e7;

/**
 * `value`, or an instance equal to it in every field (sign, exponent, digits, so `-0` is
 * not `0`; and constructor) that is already kept elsewhere. Non-finite values and values with more than
 * two digit chunks are returned as they are.
 */
export function storedDec(value: Dec): Dec {
  const digits = value.d as number[] | null;
  if (digits === null || digits.length > 2) return value;
  // A one-chunk value is below CHUNK and a two-chunk one at or above it, so keys never collide.
  const key = digits.length === 1 ? (digits[0] as number) : (digits[0] as number) * CHUNK + (digits[1] as number);
  const list = SHARED.get(key);
  if (list === undefined) {
    if (SHARED.size >= MAX_KEYS) SHARED.clear();
    SHARED.set(key, [value]);
    return value;
  }
  for (const d of list) if (d.e === value.e && d.s === value.s && d.constructor === value.constructor) return d;
  if (list.length < 8) list.push(value);
  return value;
}
