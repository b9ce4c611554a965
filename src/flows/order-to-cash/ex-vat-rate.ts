import { Dec, fixed } from '../../canonical/money.js';

/**
 * The ex-VAT unit rate KashFlow is sent for a tax-inclusive shop price: price / (1 + VAT % / 100),
 * 4 decimals, half-up. Money is never a JS float: the general path is decimal.js
 * ({@link exVatRateByDecimal}); plain non-negative texts of modest size take an exact integer
 * path that gives the same text (a property test holds the two together).
 */

// Non-negative plain decimals: up to 15 digits before the point and 6 after (price), 3 and 6 (VAT %).
const PRICE = /^(\d{1,15})(?:\.(\d{1,6}))?$/;
const VAT = /^(\d{1,3})(?:\.(\d{1,6}))?$/;
/** Below this, a double holds the integer, its double and their sums exactly. */
const SAFE_HALF = Math.floor(Number.MAX_SAFE_INTEGER / 4);
/** 10^0 … 10^12, exact doubles. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

/**
 * `fixed(price / (1 + vatPercent / 100), 4)` for decimal texts `price` and `vatPercent`.
 *
 * Why the integer path equals decimal.js's (which rounds the quotient to 40 significant digits,
 * then to 4 decimals): with price = P / 10^a and VAT = V / 10^b the quotient is
 * P·10^(2+b) / (10^a·(10^(2+b) + V)), whose denominator is below 10^16 in the accepted range.
 * The 40-digit rounding could change the 4-decimal result only through a run of 9s from the
 * fifth decimal to the 40th significant digit (at least 20 of them, the quotient having at most
 * 15 integer digits); a fraction with a denominator d has no run of 9s longer than log10(d), and
 * an expansion that ends within 40 digits is not rounded at all.
 */
export function exVatRate(price: string, vatPercent: string): string {
  const p = PRICE.exec(price);
  const v = p === null ? null : VAT.exec(vatPercent);
  if (p === null || v === null) return exVatRateByDecimal(price, vatPercent);
  const pDigits = (p[1] as string) + (p[2] ?? '');
  const vFrac = v[2] ?? '';
  // rate·10^4 = P·10^(6+b) / (10^a·(10^(2+b) + V)), rounded half-up (both positive): in doubles
  // while every step is an exact safe integer (`%` is exact), else in BigInt.
  const a = pDigits.length - (p[1] as string).length;
  const vUnits = Number((v[1] as string) + vFrac);
  const num = Number(pDigits) * (POW10[6 + vFrac.length] as number);
  const den = (POW10[a] as number) * ((POW10[2 + vFrac.length] as number) + vUnits);
  let scaled: string;
  if (num <= SAFE_HALF && den <= SAFE_HALF) {
    const r = num % den;
    scaled = String((num - r) / den + (2 * r >= den ? 1 : 0));
  } else {
    const bigNum = BigInt(pDigits) * 10n ** BigInt(6 + vFrac.length);
    const bigDen = 10n ** BigInt(a) * (10n ** BigInt(2 + vFrac.length) + BigInt(vUnits));
    scaled = ((2n * bigNum + bigDen) / (2n * bigDen)).toString();
  }
  const digits = scaled.length > 4 ? scaled : '0000'.slice(scaled.length) + scaled;
  const point = digits.length - 4;
  return `${point === 0 ? '0' : digits.slice(0, point)}.${digits.slice(point)}`;
}

// The factor of the last VAT percentage seen: orders mostly carry one rate (decimals are immutable).
let lastFactor: { readonly vatPercent: string; readonly factor: Dec } | undefined;

/** 1 + VAT percentage / 100: what a tax-inclusive price is divided by. */
function grossFactor(vatPercent: string): Dec {
  if (lastFactor?.vatPercent !== vatPercent) lastFactor = { vatPercent, factor: new Dec(vatPercent).div(100).plus(1) };
  return lastFactor.factor;
}

/** {@link exVatRate} by decimal.js for any decimal texts (the general path). */
export function exVatRateByDecimal(price: string, vatPercent: string): string {
  return fixed(new Dec(price).div(grossFactor(vatPercent)), 4);
}
