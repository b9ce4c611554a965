import { type Dec, ZERO } from '../../../canonical/money.js';
import { roundUnits } from '../../../canonical/units.js';
import { penceDec, penceOf, scaledDec } from '../../pence.js';

/**
 * The arithmetic of `computeLine` and `applyTotals` (documents.ts) in integers of pence, for
 * the ordinary case: positive quantity and rate of up to 14 significant digits each, whose
 * product is a safe integer. The decimals returned equal in every field (sign of zero
 * included) what the decimal.js arithmetic gives; undefined sends the caller to decimals
 * (test/sandbox/kashflow/line-pence.test.ts).
 */

/** `round2(quantity × rate)` and `round2(net × vatLevel / 100)` (ZERO when exempt), half up. */
export function lineInPence(quantity: Dec, rate: Dec, vatLevel: Dec, vatExempt: boolean): { net: Dec; vatAmount: Dec } | undefined {
  const q = scaledDec(quantity);
  const r = scaledDec(rate);
  if (q === undefined || r === undefined) return undefined;
  const product = q.units * r.units;
  if (!Number.isSafeInteger(product)) return undefined;
  const scale = q.scale + r.scale;
  const net = scale <= 2 ? product * 10 ** (2 - scale) : roundUnits(product, 10 ** (scale - 2), 'half-up');
  if (!Number.isSafeInteger(net)) return undefined;
  if (vatExempt) return { net: penceDec(net), vatAmount: ZERO };
  let vat: number;
  if (vatLevel.isZero() && vatLevel.s > 0) vat = 0;
  else {
    const v = scaledDec(vatLevel);
    if (v === undefined) return undefined;
    const vatProduct = net * v.units;
    if (!Number.isSafeInteger(vatProduct)) return undefined;
    vat = roundUnits(vatProduct, 100 * 10 ** v.scale, 'half-up');
  }
  return { net: penceDec(net), vatAmount: penceDec(vat) };
}

/** Σ net, Σ VAT and their sum over lines, as `applyTotals` adds them from ZERO. */
export function totalsInPence(lines: readonly { readonly net: Dec; readonly vatAmount: Dec }[]): { net: Dec; vat: Dec; gross: Dec } | undefined {
  let net = 0;
  let vat = 0;
  for (const l of lines) {
    const n = penceOf(l.net);
    const v = penceOf(l.vatAmount);
    if (n === undefined || v === undefined) return undefined;
    net += n;
    vat += v;
    // Checked at every step: a partial sum past the safe range would lose pence for good.
    if (!Number.isSafeInteger(net) || !Number.isSafeInteger(vat)) return undefined;
  }
  if (!Number.isSafeInteger(net + vat)) return undefined;
  return { net: penceDec(net), vat: penceDec(vat), gross: penceDec(net + vat) };
}
