/**
 * Strings as JSON text without a `JSON.stringify` call for the common case: a string with
 * nothing JSON escapes (quote, backslash, control characters; surrogates are left to
 * `JSON.stringify` too, which escapes lone ones) is that string between quotes.
 */

// eslint-disable-next-line no-control-regex -- the controls are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** True when `JSON.stringify(s)` is `s` between quotes (nothing to escape). */
export function isPlainJsonString(s: string): boolean {
  return !NEEDS_ESCAPE.test(s);
}

/** `JSON.stringify(s)`, written directly when there is nothing to escape. */
export function jsonStringText(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}
