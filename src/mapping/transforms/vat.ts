import { Dec, roundTo, sum } from '../../canonical/money.js';
import { fastSum, mulShiftRound } from '../../canonical/units.js';
import type { CompiledMapping } from '../compile/compile.js';
import { MappingError } from '../errors.js';
import type { AxReferenceData } from '../reference/reference-data.js';

/** The AX item sales tax group for a KashFlow VAT rate or exemption. */
export function itemTaxGroup(cm: CompiledMapping, vatRate: Dec, exempt: boolean, path: string, rateKey = vatRate.toString()): { group: string; rule: string } {
  if (exempt) {
    if (cm.vat.exemptGroup === undefined) throw new MappingError('KFAX_MAPPING_NO_RULE', [path, 'the line is VAT exempt and vat.itemTaxGroups has no "exempt" entry'], { path, rule: 'vat.itemTaxGroups' });
    return { group: cm.vat.exemptGroup, rule: 'vat.itemTaxGroups["exempt"]' };
  }
  const key = rateKey;
  const group = cm.vat.itemTaxGroups.get(key);
  if (group === undefined) throw new MappingError('KFAX_MAPPING_NO_RULE', [path, `VAT rate ${key} % has no entry in vat.itemTaxGroups`], { path, rule: 'vat.itemTaxGroups', facts: { vatRate: key } });
  return { group, rule: `vat.itemTaxGroups["${key}"]` };
}

/**
 * The rate AX will apply to a line: the tax codes in both the sales tax group and the item
 * tax group (from the reference data), summed; without reference data for the pair, the
 * KashFlow rate (the item tax group was chosen from it).
 */
export function axTaxRate(ref: AxReferenceData | undefined, taxGroup: string | undefined, itemGroup: string | undefined, kashflowRate: Dec): { rate: Dec; rule: string } {
  if (ref && taxGroup !== undefined && itemGroup !== undefined) {
    const a = ref.salesTaxGroupCodes(taxGroup);
    const b = ref.itemTaxGroupCodes(itemGroup);
    if (a && b) {
      const codes = a.filter((c) => b.includes(c));
      const rate = sum(codes.map((c) => ref.taxCodeRate(c) ?? new Dec(0)));
      return { rate, rule: `AX tax codes ${codes.join('+') || '(none)'} = ${taxGroup} ∩ ${itemGroup}` };
    }
  }
  return { rate: kashflowRate, rule: 'KashFlow VAT rate (no AX tax group data)' };
}

const HUNDREDTH = new Dec('0.01');

/** Line VAT as AX computes it: amount × rate, rounded per line to 2 dp [G: AX rounds per line]. */
export function axLineTax(cm: CompiledMapping, amount: Dec, rate: Dec, decimals: number): Dec {
  const mode = cm.vat.lineRounding;
  return mulShiftRound(amount, rate, 2, decimals, mode, () => roundTo(amount.times(rate).times(HUNDREDTH), decimals, mode));
}

/**
 * Spreads the difference between the document VAT and the sum of line VAT (KashFlow can differ
 * by a penny) onto the line with the largest VAT, so line VAT adds up to the document VAT.
 */
export function reconcileLineVat(lineVat: readonly Dec[], documentVat: Dec): { vat: Dec[]; moved: Dec } {
  const moved = documentVat.minus(fastSum(lineVat));
  if (moved.isZero()) return { vat: lineVat.slice(), moved };
  let best = 0;
  lineVat.forEach((v, i) => {
    if (v.abs().gt((lineVat[best] as Dec).abs())) best = i;
  });
  const out = lineVat.slice();
  out[best] = (out[best] as Dec).plus(moved);
  return { vat: out, moved };
}
