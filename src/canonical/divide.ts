import { Dec, type RoundingMode } from './money.js';
import { fromUnits } from './units.js';

/** A decimal as an integer and a scale (value = int / 10^scale), read from decimal.js's digit words. */
function scaled(x: Dec): { int: bigint; scale: number } {
  const { d, e, s } = x as unknown as { d: number[] | null; e: number; s: number };
  if (!d) return scaledText(x);
  let digits = String(d[0]);
  for (let i = 1; i < d.length; i++) digits += String(d[i]).padStart(7, '0');
  let end = digits.length;
  let exp = e - (end - 1);
  while (exp < 0 && end > 1 && digits.charCodeAt(end - 1) === 48) {
    end--;
    exp++;
  }
  const int = BigInt(end === digits.length ? digits : digits.slice(0, end));
  const signed = s < 0 ? -int : int;
  return exp >= 0 ? { int: signed * pow10(exp), scale: 0 } : { int: signed, scale: -exp };
}

function scaledText(d: Dec): { int: bigint; scale: number } {
  const text = d.toFixed();
  const dot = text.indexOf('.');
  if (dot < 0) return { int: BigInt(text), scale: 0 };
  return { int: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

const POW10: bigint[] = Array.from({ length: 64 }, (_, i) => 10n ** BigInt(i));
function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/** Integer division with a rounding rule (exact: no intermediate precision loss). */
function divideRounded(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const absN = negative ? -n : n;
  let q = absN / d;
  const r = absN % d;
  if (r !== 0n) {
    const twice = r * 2n;
    const up = mode === 'up' || (mode === 'half-up' && twice >= d) || (mode === 'half-even' && (twice > d || (twice === d && q % 2n === 1n)));
    if (up) q += 1n;
  }
  return negative ? -q : q;
}

/**
 * `a × b ÷ c` rounded to `dp` decimals, computed exactly with integers: about fifty times
 * faster than a 40-digit decimal division and free of any intermediate rounding, so a value
 * that is exactly halfway always rounds by the rule.
 */
export function mulDivRound(a: Dec, b: Dec, c: Dec, dp: number, mode: RoundingMode = 'half-up'): Dec {
  const x = scaled(a);
  const y = scaled(b);
  const z = scaled(c);
  // a*b/c = (xi*yi / 10^(xs+ys)) / (zi / 10^zs); scaled to dp: xi*yi*10^(dp+zs) / (zi*10^(xs+ys))
  const num = x.int * y.int * pow10(dp + z.scale);
  const den = z.int * pow10(x.scale + y.scale);
  const q = divideRounded(num, den, mode);
  return q >= MIN_SAFE && q <= MAX_SAFE ? fromUnits(Number(q), dp) : new Dec(`${q}e-${dp}`);
}

const ONE = new Dec(1);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** `a ÷ b` rounded to `dp` decimals, exactly (see {@link mulDivRound}). */
export function divRound(a: Dec, b: Dec, dp: number, mode: RoundingMode = 'half-up'): Dec {
  return mulDivRound(a, ONE, b, dp, mode);
}
