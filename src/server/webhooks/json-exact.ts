/**
 * Exact JSON parsing for the webhook hot path, several times faster than `parseJsonLossless`
 * and as exact: one linear scan finds the number tokens (in value position, outside strings)
 * that a JS number would change — integers beyond 2^53 (Shopify ids), decimals with more than
 * 15 significant digits, exponents beyond the double range — and only those become their exact
 * text before the native `JSON.parse`. Every other number is a JS number whose shortest text is
 * the value written (≤ 15 significant digits round-trip), which `parseDecimal` reads exactly.
 *
 * Differences from `parseJsonLossless`, none of which changes a value: short decimals arrive as
 * numbers rather than text (trailing zeros of `117.5000` are not kept), and a repeated key takes
 * the last value instead of being refused.
 */
import { Dec } from '../../canonical/money.js';
import { hasExponent, JSON_NUMBER, quoteSpans, scanJsonNumbers } from '../../util/json-number-scan.js';

/** True when `token` (a well-formed JSON number) would not survive as a JS number. */
function losesPrecision(token: string): boolean {
  if (!JSON_NUMBER.test(token)) return false; // malformed: leave it for JSON.parse to refuse
  const n = Number(token);
  if (!Number.isFinite(n)) return true;
  if (/^-?\d+$/.test(token)) return !Number.isSafeInteger(n);
  // A decimal survives when the number's shortest text is the same value (what parseDecimal reads).
  return !new Dec(String(n)).eq(new Dec(token));
}

/**
 * Tokens of ≤ 15 characters without an exponent have ≤ 15 digits: always exact, decided
 * without slicing. The rest are kept as text when a JS number would change them.
 */
function keepsText(text: string, start: number, end: number): boolean {
  if (end - start <= 15 && !hasExponent(text, start, end)) return false;
  return losesPrecision(text.slice(start, end));
}

/** Parses JSON; numbers a JS number cannot hold exactly arrive as their text. Throws SyntaxError when malformed. */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(quoteSpans(text, scanJsonNumbers(text, keepsText).spans)) as unknown;
}
