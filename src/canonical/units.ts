import { Dec, type RoundingMode, sum } from './money.js';

/**
 * Exact fast paths for money arithmetic. A {@link Dec} is converted to a whole number of
 * units of 10^-dp (a JS safe integer) by reading decimal.js's documented `d` (base-1e7
 * digit words), `e` (exponent) and `s` (sign) properties; sums and rounding then run on
 * integers. Whenever a value does not fit exactly (more decimals than `dp`, or beyond 2^53)
 * the callers fall back to decimal arithmetic, so results never depend on the path taken.
 */

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** decimal.js's representation: sign, exponent of the leading digit, base-1e7 digit words. */
interface DecParts {
  d: number[] | null;
  e: number;
  s: number;
}

/** `x × 10^dp` as a safe integer, or `undefined` when that is not exact. */
export function toUnits(x: Dec, dp: number): number | undefined {
  const { d, e, s } = x as unknown as DecParts;
  if (!d) return undefined;
  const n = d.length;
  if (n === 1 && d[0] === 0) return 0;
  const first = d[0] as number;
  const k = first >= 1e6 ? 7 : first >= 1e5 ? 6 : first >= 1e4 ? 5 : first >= 1e3 ? 4 : first >= 100 ? 3 : first >= 10 ? 2 : 1;
  const digits = k + 7 * (n - 1);
  if (digits > 15) return undefined;
  let m = first;
  for (let i = 1; i < n; i++) m = m * 1e7 + (d[i] as number);
  const shift = e - digits + 1 + dp;
  let u: number;
  if (shift >= 0) {
    if (shift > 22) return undefined;
    u = m * (POW10[shift] as number);
  } else {
    if (-shift > 22) return undefined;
    const p = POW10[-shift] as number;
    if (m % p !== 0) return undefined;
    u = m / p;
  }
  if (!Number.isSafeInteger(u)) return undefined;
  return s < 0 ? -u : u;
}

const WORDS: number[] = [0, 0, 0, 0];

/**
 * The base-1e7 digit words of a positive safe integer `a` with `digits` digits whose leading
 * digit has exponent `e`, without trailing zero words (at most four words below 2^53). Built
 * as small-integer array literals of the exact length, like the arrays decimal.js builds.
 */
function words(a: number, digits: number, e: number): number[] {
  // The leading word holds the digits down to the next multiple-of-7 exponent boundary.
  const k = (((e + 1) % 7) + 7) % 7 || 7;
  if (k >= digits) return [(a * (POW10[k - digits] as number)) | 0];
  const w = WORDS;
  let rest = digits - k;
  let p = POW10[rest] as number;
  let low = a % p; // exact on doubles, unlike a floored division
  w[0] = (a - low) / p;
  let n = 1;
  while (rest > 7) {
    rest -= 7;
    p = POW10[rest] as number;
    const l = low % p;
    w[n++] = (low - l) / p;
    low = l;
  }
  w[n++] = low * (POW10[7 - rest] as number);
  while (n > 1 && w[n - 1] === 0) n--;
  const w0 = (w[0] as number) | 0;
  if (n === 1) return [w0];
  const w1 = (w[1] as number) | 0;
  if (n === 2) return [w0, w1];
  const w2 = (w[2] as number) | 0;
  return n === 3 ? [w0, w1, w2] : [w0, w1, w2, (w[3] as number) | 0];
}

const PROTO: object = Object.getPrototypeOf(new Dec(1)) as object;

/**
 * `u × 10^-dp` assembled from its digit words, as decimal.js's constructor assembles a value
 * from text (an instance of the Decimal prototype with its own `constructor`, `s`, `e` and
 * `d`), without parsing: several times cheaper. Verified against the text path when this
 * module loads (same prototype, same own properties, same values); if decimal.js ever built
 * values differently, the text path is used instead.
 */
function fromUnitsDirect(u: number, dp: number): Dec {
  if (u === 0) return new Dec(0);
  const a = u < 0 ? -u : u;
  let digits = 1;
  while (digits < 16 && a >= (POW10[digits] as number)) digits++;
  const e = digits - 1 - dp;
  const x = Object.create(PROTO) as DecParts & { constructor: unknown };
  x.constructor = Dec;
  x.s = u < 0 ? -1 : 1;
  x.e = e;
  x.d = words(a, digits, e);
  return x as unknown as Dec;
}

function fromUnitsText(u: number, dp: number): Dec {
  return new Dec(`${u}e-${dp}`);
}

function sameValue(a: Dec, b: Dec): boolean {
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    const va = (a as unknown as Record<string, unknown>)[k];
    const vb = (b as unknown as Record<string, unknown>)[k];
    if (Array.isArray(va) && Array.isArray(vb)) {
      if (va.length !== vb.length || va.some((w, i) => w !== vb[i])) return false;
    } else if (va !== vb) return false;
  }
  return a.toString() === b.toString() && a.plus(b).eq(b.times(2)) && Dec.isDecimal(a);
}

function directPathAgrees(): boolean {
  const samples = [0, 1, -1, 5, 10, 101, 9999999, 10000000, 10000001, 12345678, 100000000000, 123456789012345, 4503599627370497, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
  for (let k = 1; k < 16; k++) samples.push(POW10[k] as number, (POW10[k] as number) - 1, Math.floor((POW10[k] as number) / 7), -Math.floor((POW10[k] as number) / 3));
  for (const u of samples) for (let dp = 1; dp <= 12; dp++) if (!sameValue(fromUnitsDirect(u, dp), fromUnitsText(u, dp))) return false;
  return true;
}

const DIRECT = directPathAgrees();

/** A decimal from integer units of 10^-dp (`u` a safe integer). */
export function fromUnits(u: number, dp: number): Dec {
  if (dp <= 0) return dp === 0 ? new Dec(u) : new Dec(`${u}e${-dp}`);
  return DIRECT ? fromUnitsDirect(u, dp) : fromUnitsText(u, dp);
}

/**
 * The decimal of a plain decimal text: an optional `-`, digits, and optionally `.` and more
 * digits, at most 15 digits and 12 decimals in all. The same value, built the same way, as
 * `new Dec(text)` (see {@link fromUnits}), without decimal.js's parse; `undefined` for any
 * other text (and for `-0`), which the caller then parses as usual.
 */
export function plainDecimal(text: string): Dec | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const negative = i === 1;
  let u = 0;
  let digits = 0;
  let dp = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      u = u * 10 + (c - 48);
      digits++;
      if (dp >= 0) dp++;
    } else if (c === 46 && dp < 0 && digits > 0) dp = 0;
    else return undefined;
  }
  if (digits === 0 || digits > 15 || dp === 0 || dp > 12 || (negative && u === 0)) return undefined;
  return fromUnits(negative ? -u : u, dp < 0 ? 0 : dp);
}

/** Integer division of safe integers with a rounding rule, exact (`%` is exact on doubles; a floored quotient may not be). */
export function roundUnits(n: number, divisor: number, mode: RoundingMode): number {
  const neg = n < 0;
  const a = neg ? -n : n;
  const r = a % divisor;
  // (an exact multiple divides exactly, and -0 stays -0 as with a floored quotient)
  let q = r === 0 ? a / divisor : (a - r) / divisor;
  if (r !== 0) {
    const twice = 2 * r;
    if (mode === 'up' || (mode === 'half-up' && twice >= divisor) || (mode === 'half-even' && (twice > divisor || (twice === divisor && q % 2 === 1)))) q += 1;
  }
  return neg ? -q : q;
}

/** Exact sum; integer fast path for values with ≤ 4 decimals. */
export function fastSum(values: readonly Dec[]): Dec {
  let total = 0;
  for (const v of values) {
    const u = toUnits(v, 4);
    if (u === undefined) return sum(values);
    total += u;
    if (!Number.isSafeInteger(total)) return sum(values);
  }
  return fromUnits(total, 4);
}

/**
 * `a × b × 10^-shiftDp` rounded to `dp` decimals (e.g. amount × rate % → VAT: shift 2), exact;
 * integer fast path when both have ≤ 4 decimals and the product fits.
 */
export function mulShiftRound(a: Dec, b: Dec, shiftDp: number, dp: number, mode: RoundingMode, fallback: () => Dec): Dec {
  const au = toUnits(a, 4);
  const bu = toUnits(b, 4);
  if (au !== undefined && bu !== undefined) {
    const p = au * bu; // 8 decimals
    const scale = 8 + shiftDp - dp;
    if (Number.isSafeInteger(p) && scale >= 0 && scale <= 22) return fromUnits(roundUnits(p, POW10[scale] as number, mode), dp);
  }
  return fallback();
}

/**
 * `au × bu` (units of 10^-4 each) × 10^-shiftDp rounded to `dp` decimals, as units of 10^-dp;
 * `undefined` when the product is not a safe integer.
 */
export function mulShiftRoundUnits(au: number, bu: number, shiftDp: number, dp: number, mode: RoundingMode): number | undefined {
  const p = au * bu;
  const scale = 8 + shiftDp - dp;
  if (!Number.isSafeInteger(p) || scale < 0 || scale > 22) return undefined;
  return roundUnits(p, POW10[scale] as number, mode);
}

/** Money text with exactly `dp` decimals, fast for values that fit. */
export function formatFixed(x: Dec, dp: number): string {
  const u = toUnits(x, dp);
  if (u === undefined) return x.toFixed(dp);
  return formatUnits(u, dp);
}

/** Text of `u × 10^-dp` with exactly `dp` decimals (`u` a safe integer). */
export function formatUnits(u: number, dp: number): string {
  if (dp === 0) return String(u);
  const neg = u < 0;
  const a = neg ? -u : u;
  const p = POW10[dp] as number;
  const frac = a % p;
  const int = (a - frac) / p;
  return `${neg ? '-' : ''}${int}.${String(frac).padStart(dp, '0')}`;
}

/** 10^n for 0 ≤ n ≤ 22 (exact doubles). */
export function pow10(n: number): number {
  return POW10[n] as number;
}

/** The same text as `x.toString()`, fast for values with ≤ 4 decimals that fit (quantities, rates, money). */
export function decimalText(x: Dec): string {
  const u = toUnits(x, 4);
  if (u === undefined) return x.toString();
  if (u === 0) return '0';
  const text = formatUnits(u, 4);
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return end === text.length ? text : text.slice(0, end);
}
