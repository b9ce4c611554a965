import type { Dec } from '../../../canonical/money.js';
import { formatFixed, formatUnits, pow10, toUnits } from '../../../canonical/units.js';

/** Money as AX expects it in documents: plain decimal with 2 dp. */
export function money(value: Dec): string {
  return formatFixed(value, 2);
}

/** A plain decimal with at least `minDp` decimals and no exponent (prices, quantities, rates). */
export function plain(value: Dec, minDp = 0): string {
  // The integer text path for values with at most 4 decimals (quantities, prices, rates).
  let u = toUnits(value, 4);
  if (u !== undefined && minDp <= 4) {
    let dp = 4;
    while (dp > 0 && u % 10 === 0) {
      u /= 10;
      dp--;
    }
    return dp >= minDp ? formatUnits(u, dp) : formatUnits(u * pow10(minDp - dp), minDp);
  }
  return value.toFixed(Math.max(minDp, value.decimalPlaces()));
}

/** AX NoYes enum symbol. */
export function noYes(value: boolean): 'Yes' | 'No' {
  return value ? 'Yes' : 'No';
}
