import { Dec, type RoundingMode, sum } from './money.js';

/**
 * Exact fast paths for money arithmetic. A {@link Dec} is converted to a whole number of
 * units of 10^-dp (a JS safe integer) by reading decimal.js's documented `d` (base-1e7
 * digit words), `e` (exponent) and `s` (sign) properties; sums and rounding then run on
 * integers. Whenever a value does not fit exactly (more decimals than `dp`, or beyond 2^53)
 * the callers fall back to decimal arithmetic, so results never depend on the path taken.
 */

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** `x × 10^dp` as a safe integer, or `undefined` when that is not exact. */
export function toUnits(x: Dec, dp: number): number | undefined {
  const { d, e, s } = x as unknown as { d: number[] | null; e: number; s: number };
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

/** A decimal from integer units of 10^-dp. */
export function fromUnits(u: number, dp: number): Dec {
  return dp === 0 ? new Dec(u) : new Dec(`${u}e-${dp}`);
}

/** Integer division of safe integers with a rounding rule. */
export function roundUnits(n: number, divisor: number, mode: RoundingMode): number {
  const neg = n < 0;
  const a = neg ? -n : n;
  let q = Math.floor(a / divisor);
  const r = a - q * divisor;
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

/** Money text with exactly `dp` decimals, fast for values that fit. */
export function formatFixed(x: Dec, dp: number): string {
  const u = toUnits(x, dp);
  if (u === undefined) return x.toFixed(dp);
  if (dp === 0) return String(u);
  const neg = u < 0;
  const a = neg ? -u : u;
  const p = POW10[dp] as number;
  const int = Math.floor(a / p);
  const frac = String(a - int * p).padStart(dp, '0');
  return `${neg ? '-' : ''}${int}.${frac}`;
}
