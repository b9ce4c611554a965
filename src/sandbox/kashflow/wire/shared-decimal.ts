import { isLosslessNumber } from 'lossless-json';
import { type Dec, parseDecimal } from '../../../canonical/money.js';
import { ownString } from '../../stored-string.js';

/**
 * `parseDecimal` of a JSON value (a number's text or a string) with one shared instance per
 * text: request bodies repeat a few quantities, VAT levels, rates and exchange rates, and each
 * parse is a regular-expression test and a decimal.js construction. Decimals are immutable, so
 * sharing them is safe (stored lines share them anyway, see `storedDec`).
 */

const SHARED = new Map<string, Dec>();
/** Bound of {@link SHARED}: cleared when it grows past this many texts. */
const MAX_TEXTS = 2048;
/** Longer texts are parsed each time (they are rarely repeated). */
const MAX_TEXT_LENGTH = 24;

/** What `parseDecimal(isLosslessNumber(v) || typeof v === 'string' ? v : undefined)` gives, shared per text. */
export function sharedDecimal(v: unknown): Dec | undefined {
  const text = isLosslessNumber(v) ? v.value : typeof v === 'string' ? v : undefined;
  if (text === undefined) return undefined;
  let d = SHARED.get(text);
  if (d !== undefined) return d;
  d = parseDecimal(text);
  if (d !== undefined && text.length <= MAX_TEXT_LENGTH) {
    if (SHARED.size >= MAX_TEXTS) SHARED.clear();
    // The key is kept: a string of its own, not a view into the request body.
    SHARED.set(ownString(text), d);
  }
  return d;
}
