/**
 * One linear scan over JSON text that finds number tokens in value position (outside strings,
 * not object keys) which a caller wants kept as exact text, and counts the object keys written.
 * The shared core of the exact JSON readers (`json-decimal.ts` for KashFlow answers,
 * `server/webhooks/json-exact.ts` for webhooks): they differ only in which numbers they keep.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

/** A well-formed JSON number token. */
export const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Decides whether the number token `text.slice(start, end)` (in value position, possibly
 * malformed) is to be quoted. Called only for value positions; should be cheap for short tokens.
 */
export type NumberSelector = (text: string, start: number, end: number) => boolean;

/** Start/end offsets (pairs) of the selected number tokens, and the number of object keys written. */
export function scanJsonNumbers(text: string, select: NumberSelector): { spans: number[]; keyCount: number } {
  const spans: number[] = [];
  let keyCount = 0;
  const containers: number[] = [];
  let previous = 0; // last structural character outside strings (0 = none yet)
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      const depth = containers.length;
      if (depth > 0 && containers[depth - 1] === OPEN_OBJECT && (previous === OPEN_OBJECT || previous === COMMA)) keyCount++;
      previous = QUOTE;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d >= 48 && d <= 57) || d === 46 || d === 43 || d === 45 || d === 101 || d === 69) j++;
        else break;
      }
      // Only value positions are rewritten (a number used as an object key stays invalid JSON).
      const top = containers.length === 0 ? -1 : containers[containers.length - 1];
      const valuePosition = top === OPEN_OBJECT ? previous === COLON : top === OPEN_ARRAY ? previous === OPEN_ARRAY || previous === COMMA : previous === 0;
      if (valuePosition && select(text, i, j)) spans.push(i, j);
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

/**
 * Offset of the quote that closes the string opened at `open` (`text.length` when none does).
 * A quote closes it when an even number of backslashes stands before it (each pair is one
 * escaped backslash); `indexOf` jumps over the characters between quotes.
 */
function closingQuote(text: string, open: number): number {
  let q = text.indexOf('"', open + 1);
  while (q !== -1) {
    let b = q - 1;
    while (text.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return text.length;
}

/** `text` with each span turned into a JSON string of its characters. */
export function quoteSpans(text: string, spans: readonly number[]): string {
  if (spans.length === 0) return text;
  // The pieces between span edges, joined by quotes: one flat string, no chain of concatenations.
  const pieces = new Array<string>(spans.length + 1);
  let last = 0;
  for (let k = 0; k < spans.length; k++) {
    const edge = spans[k]!;
    pieces[k] = text.slice(last, edge);
    last = edge;
  }
  pieces[spans.length] = text.slice(last);
  return pieces.join('"');
}

/** True when the token holds only digits after an optional minus sign. */
export function isPlainInteger(text: string, start: number, end: number): boolean {
  for (let i = text.charCodeAt(start) === 45 ? start + 1 : start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True when `text.slice(start, end)` is a well-formed JSON number ({@link JSON_NUMBER}), read in place. */
export function isJsonNumber(text: string, start: number, end: number): boolean {
  let i = start;
  if (i < end && text.charCodeAt(i) === 45) i++;
  if (i >= end) return false;
  if (text.charCodeAt(i) === 48) i++;
  else if (isDigit(text.charCodeAt(i))) while (i < end && isDigit(text.charCodeAt(i))) i++;
  else return false;
  if (i < end && text.charCodeAt(i) === 46) {
    i++;
    if (i >= end || !isDigit(text.charCodeAt(i))) return false;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
  }
  if (i < end && (text.charCodeAt(i) === 101 || text.charCodeAt(i) === 69)) {
    i++;
    if (i < end && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
    if (i >= end || !isDigit(text.charCodeAt(i))) return false;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
  }
  return i === end;
}

/** True when the token has an exponent (`e`/`E`). */
export function hasExponent(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 || c === 69) return true;
  }
  return false;
}
