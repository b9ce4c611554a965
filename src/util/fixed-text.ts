/**
 * Fixed-point text of a decimal written as text, without building a decimal when the text is
 * already plain (no sign, no leading zeros, no exponent) with at most `dp` decimals: then the
 * answer is the text with zeros added, which is what `fixed(new Dec(text), dp)` gives. Any
 * other text (more decimals to round, a sign, an exponent) goes through the decimal.
 */
import { Dec, fixed } from '../canonical/money.js';

const PLAIN = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;
const ZEROS = '0000000000000000';

/** `fixed(new Dec(text), dp)` (half-up), for `0 < dp ≤ 16`. */
export function fixedText(text: string, dp: number): string {
  if (dp > 0 && dp <= ZEROS.length && PLAIN.test(text)) {
    const point = text.indexOf('.');
    if (point === -1) return `${text}.${ZEROS.slice(0, dp)}`;
    const decimals = text.length - point - 1;
    if (decimals <= dp) return text + ZEROS.slice(0, dp - decimals);
  }
  return fixed(new Dec(text), dp);
}
