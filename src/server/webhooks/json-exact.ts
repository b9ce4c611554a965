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

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

/** True when `token` (a well-formed JSON number) would not survive as a JS number. */
function losesPrecision(token: string): boolean {
  if (!JSON_NUMBER.test(token)) return false; // malformed: leave it for JSON.parse to refuse
  const n = Number(token);
  if (!Number.isFinite(n)) return true;
  if (/^-?\d+$/.test(token)) return !Number.isSafeInteger(n);
  // A decimal survives when the number's shortest text is the same value (what parseDecimal reads).
  return !new Dec(String(n)).eq(new Dec(token));
}

/** Start/end offsets of the number tokens that must stay text. */
function longNumberSpans(text: string): number[] {
  const spans: number[] = [];
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
      previous = QUOTE;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      let exponent = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d >= 48 && d <= 57) || d === 46 || d === 43 || d === 45) j++;
        else if (d === 101 || d === 69) {
          exponent = true;
          j++;
        } else break;
      }
      // Tokens of ≤ 15 characters without an exponent have ≤ 15 digits: always exact. Only
      // value positions are rewritten (a number used as an object key stays invalid JSON).
      if (j - i > 15 || exponent) {
        const top = containers.length === 0 ? -1 : containers[containers.length - 1];
        const valuePosition = top === OPEN_OBJECT ? previous === COLON : top === OPEN_ARRAY ? previous === OPEN_ARRAY || previous === COMMA : previous === 0;
        if (valuePosition && losesPrecision(text.slice(i, j))) spans.push(i, j);
      }
      previous = 48;
      i = j - 1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) containers.push(c);
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) containers.pop();
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) previous = c;
  }
  return spans;
}

/** Parses JSON; numbers a JS number cannot hold exactly arrive as their text. Throws SyntaxError when malformed. */
export function parseJsonExact(text: string): unknown {
  const spans = longNumberSpans(text);
  if (spans.length === 0) return JSON.parse(text) as unknown;
  let out = '';
  let last = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const start = spans[k]!;
    const end = spans[k + 1]!;
    out += `${text.slice(last, start)}"${text.slice(start, end)}"`;
    last = end;
  }
  return JSON.parse(out + text.slice(last)) as unknown;
}
