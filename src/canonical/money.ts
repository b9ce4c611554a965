import { Decimal } from 'decimal.js';

/**
 * Money and quantities are never JS floats. This module is the one place that creates
 * decimals: an isolated Decimal constructor with enough precision for any ledger amount
 * and half-up rounding unless a rule says otherwise.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

/** Rounding rules a mapping or a currency may ask for. */
export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

const MODES: Record<RoundingMode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
};

/** The (trimmed) texts {@link parseDecimal} reads as a decimal. */
export const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a decimal from a string, a bigint or a safe integer. Non-integer JS numbers are
 * accepted only through their shortest round-trip text (what JSON.stringify prints), which
 * is exact for values that were written with ≤ 15 significant digits.
 * Returns `undefined` for anything that is not a finite number.
 */
export function parseDecimal(value: unknown): Dec | undefined {
  if (value instanceof Dec) return value;
  if (typeof value === 'bigint') return new Dec(value.toString());
  if (typeof value === 'number') return Number.isFinite(value) ? new Dec(String(value)) : undefined;
  if (typeof value === 'string') {
    const t = value.trim();
    return NUMERIC_TEXT.test(t) ? new Dec(t) : undefined;
  }
  if (value !== null && typeof value === 'object' && 'isLosslessNumber' in value && typeof (value as { value?: unknown }).value === 'string') {
    return parseDecimal((value as unknown as { value: string }).value);
  }
  return undefined;
}

/** Like {@link parseDecimal} but throws a RangeError naming the field. */
export function toDecimal(value: unknown, field = 'value'): Dec {
  const d = parseDecimal(value);
  if (d === undefined) throw new RangeError(`${field}: expected a number, got ${describe(value)}`);
  return d;
}

/** Rounds to `dp` decimal places with the given rule (default half-up). */
export function roundTo(value: Dec, dp: number, mode: RoundingMode = 'half-up'): Dec {
  return value.toDecimalPlaces(dp, MODES[mode]);
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000'];

/** Fixed-point text with exactly `dp` decimals (e.g. money with 4 dp: "117.5000"). */
export function fixed(value: Dec, dp: number, mode: RoundingMode = 'half-up'): string {
  // Nothing to round (at most `dp` decimals, up to 8): the plain text padded with zeros, which
  // is what toFixed(dp) writes without first copying and rounding the value.
  const places = value.decimalPlaces();
  if (!(places <= dp) || dp > 8) return value.toFixed(dp, MODES[mode]);
  const text = value.toFixed();
  if (dp === 0) return text;
  return places === 0 ? `${text}.${ZEROS[dp]}` : text + (ZEROS[dp - places] as string);
}

/** Sum of decimals. */
export function sum(values: Iterable<Dec>): Dec {
  let total = new Dec(0);
  for (const v of values) total = total.plus(v);
  return total;
}

export const ZERO = new Dec(0);

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}
