import type { Dec } from '../canonical/money.js';
import { formatUnits, fromUnits, roundUnits, toUnits } from '../canonical/units.js';

/**
 * Amounts of 2 decimals as integers of pence (minor units), for posting arithmetic that
 * decimal.js would otherwise do one object per step. Every value stays a safe integer: texts
 * are read only up to 13 integer digits, and a product that would leave the safe range is
 * refused (the caller then falls back to decimals). The conversions and the rounding are
 * `canonical/units.ts`'s; what is here is the sandboxes' own: their texts, rates and caches.
 */

/** `-?digits.dd` with at most 13 integer digits: the text `cents()` writes for a line amount. */
const PENCE_TEXT = /^(-?)(\d{1,13})\.(\d\d)$/;

/** The pence of a 2-decimal text as `cents()` writes it, or undefined for any other text. */
export function parsePence(text: string): number | undefined {
  const m = PENCE_TEXT.exec(text);
  if (m === null) return undefined;
  const pence = Number(m[2]) * 100 + Number(m[3]);
  return m[1] === '-' ? -pence : pence;
}

/** A plain amount of at most 2 decimals and 13 integer digits. */
const PLAIN_AMOUNT = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * The text `cents(new Dec(text))` gives (2 decimals, `0.00` for any zero) for a plain amount of
 * at most 2 decimals, without a decimal; undefined for any other text.
 */
export function plainCentsText(text: string): string | undefined {
  const m = PLAIN_AMOUNT.exec(text);
  if (m === null) return undefined;
  const fraction = m[3] ?? '';
  const pence = Number(m[2]) * 100 + (fraction === '' ? 0 : fraction.length === 1 ? Number(fraction) * 10 : Number(fraction));
  return penceText(m[1] === '-' ? -pence : pence);
}

/** The text `fixed(d, 2)` writes for the decimal of `pence` pence (`0.00` for zero). */
export function penceText(pence: number): string {
  return formatUnits(pence, 2);
}

/** Decimals by pence: amounts repeat, and each is immutable. Cleared when it grows past the bound. */
const DECIMALS = new Map<number, Dec>();
const MAX_DECIMALS = 4096;

/** The decimal of `pence` pence (zero is `+0`), equal in every field to what decimal.js arithmetic gives for that value. */
export function penceDec(pence: number): Dec {
  let d = DECIMALS.get(pence);
  if (d === undefined) {
    if (DECIMALS.size >= MAX_DECIMALS) DECIMALS.clear();
    // `+ 0` turns -0 into 0: zero is always +0 here, as a decimal.js sum that comes to zero is.
    DECIMALS.set(pence, (d = fromUnits(pence + 0, 2)));
  }
  return d;
}

/** A tax rate as an integer over a power of ten (`17.5` → 175 / 10), or undefined. */
export interface ScaledRate {
  readonly units: number;
  /** 100 × 10^decimals: divides `pence × units` into pence of tax. */
  readonly divisor: number;
}

/** Plain rate texts of up to 6 digits in all. */
const RATE_TEXT = /^(\d{1,6})(?:\.(\d{1,6}))?$/;
const RATES = new Map<string, ScaledRate | null>();

/** The scaled form of a rate text, or undefined when it is not a plain one (the caller then uses decimals). */
export function scaledRate(text: string): ScaledRate | undefined {
  let r = RATES.get(text);
  if (r === undefined) {
    const m = RATE_TEXT.exec(text);
    const decimals = m?.[2] ?? '';
    r = m && (m[1] as string).length + decimals.length <= 6 ? { units: Number((m[1] as string) + decimals), divisor: 100 * 10 ** decimals.length } : null;
    if (RATES.size >= 256) RATES.clear();
    RATES.set(text, r);
  }
  return r ?? undefined;
}

/**
 * Tax of `pence` at a rate, in pence: `pence × rate / 100` rounded to whole pence, half away
 * from zero (decimal.js `ROUND_HALF_UP`, as `roundTo(…, 2)`). Undefined when the product is not a
 * safe integer.
 */
export function taxPence(pence: number, rate: ScaledRate): number | undefined {
  const product = pence * rate.units;
  return Number.isSafeInteger(product) ? roundUnits(product, rate.divisor, 'half-up') : undefined;
}

/** A decimal as `units / 10^scale` (both whole numbers, `units` a safe integer). */
export interface ScaledValue {
  readonly units: number;
  readonly scale: number;
}

/**
 * A positive decimal of at most two decimal.js digit chunks (14 significant digits) as
 * `units / 10^scale`, exactly; undefined for zero, negative, non-finite and longer values.
 */
export function scaledDec(x: Dec): ScaledValue | undefined {
  if (x.s < 0) return undefined;
  const d = x.d as number[] | null;
  if (d === null || d.length > 2) return undefined;
  const head = d[0] as number;
  if (head === 0) return undefined;
  // decimal.js keeps the digits in base-1e7 chunks, the first one without leading zeros; `e` is
  // the power of ten of the first digit, so the last digit kept is worth 10^(e - digits + 1).
  const digits = digitCount(head) + (d.length - 1) * 7;
  let units = d.length === 1 ? head : head * 1e7 + (d[1] as number);
  let lastPower = x.e - digits + 1;
  // The last chunk is padded with zeros to 7 digits (0.1 is [1000000]): drop them from the scale.
  while (lastPower < 0 && units % 10 === 0) {
    units /= 10;
    lastPower++;
  }
  if (lastPower <= 0) return { units, scale: -lastPower };
  const whole = units * 10 ** lastPower;
  return Number.isSafeInteger(whole) ? { units: whole, scale: 0 } : undefined;
}

/** The pence of a decimal of at most 2 decimals (0 for either zero), or undefined when that is not exact. */
export function penceOf(x: Dec): number | undefined {
  return toUnits(x, 2);
}

function digitCount(n: number): number {
  let digits = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    digits++;
  }
  return digits;
}
