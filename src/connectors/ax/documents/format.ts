import { type Dec, fixed } from '../../../canonical/money.js';

/** Money as AX expects it in documents: plain decimal with 2 dp. */
export function money(value: Dec): string {
  return fixed(value, 2);
}

/** A plain decimal with at least `minDp` decimals and no exponent (prices, quantities, rates). */
export function plain(value: Dec, minDp = 0): string {
  return value.toFixed(Math.max(minDp, value.decimalPlaces()));
}

/** AX NoYes enum symbol. */
export function noYes(value: boolean): 'Yes' | 'No' {
  return value ? 'Yes' : 'No';
}
