import { parse } from 'lossless-json';

/**
 * Parses JSON without losing precision: whole numbers that fit in a JS number become
 * numbers; every other number (decimals, 64-bit ids such as Shopify order ids) stays as
 * its exact text, which `parseDecimal` or an id field reads without rounding.
 * Throws SyntaxError on malformed JSON.
 */
export function parseJsonLossless(text: string): unknown {
  return parse(text, null, (digits: string) => (/^-?\d+$/.test(digits) && Number.isSafeInteger(Number(digits)) ? Number(digits) : digits));
}
