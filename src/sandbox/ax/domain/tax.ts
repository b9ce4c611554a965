import { Dec, roundTo, ZERO } from '../../../canonical/money.js';
import { HUNDRED } from './currency.js';
import type { AxTaxCodeSeed } from '../../seed/types.js';
import type { CompanyState } from '../state/company.js';

/** The tax codes that apply to a line: the intersection of its sales tax group and item sales tax group. */
export function applicableTaxCodes(company: CompanyState, taxGroup: string, taxItemGroup: string): AxTaxCodeSeed[] {
  if (taxGroup === '' || taxItemGroup === '') return [];
  const group = company.salesTaxGroups.get(taxGroup);
  const item = company.itemSalesTaxGroups.get(taxItemGroup);
  if (!group || !item) return [];
  const itemCodes = new Set(item.codes.map((c) => c.toUpperCase()));
  const out: AxTaxCodeSeed[] = [];
  for (const code of group.codes) {
    if (!itemCodes.has(code.toUpperCase())) continue;
    const tax = company.taxCodes.get(code);
    if (tax) out.push(tax);
  }
  return out;
}

/** Tax rates as decimals, by their text (a handful of distinct rates). */
const RATES = new Map<string, Dec>();

function rateOf(text: string): Dec {
  let rate = RATES.get(text);
  if (rate === undefined) {
    if (RATES.size >= 256) RATES.clear();
    RATES.set(text, (rate = new Dec(text)));
  }
  return rate;
}

/** Sales tax of one line: per code, `amount × rate / 100` rounded to 2 dp half-up [G], summed. */
export function lineTax(amount: Dec, codes: readonly AxTaxCodeSeed[]): Dec {
  let total = ZERO;
  for (const c of codes) total = total.plus(roundTo(amount.times(rateOf(c.rate)).div(HUNDRED), 2));
  return total;
}
