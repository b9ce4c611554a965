import { fixed, type Dec } from '../../../canonical/money.js';

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000'];

/**
 * `fixed(value, dp)` (half-up) without copying the value when nothing rounds: a value with
 * at most `dp` decimals (up to 8) is its plain text padded with zeros.
 */
export function amountText(value: Dec, dp: number): string {
  const places = value.decimalPlaces();
  if (!(places <= dp) || dp > 8 || !value.isFinite()) return fixed(value, dp);
  const text = value.toFixed();
  if (dp === 0) return text;
  return places === 0 ? `${text}.${ZEROS[dp]}` : text + (ZEROS[dp - places] as string);
}
