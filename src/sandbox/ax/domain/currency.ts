import { Dec, roundTo } from '../../../canonical/money.js';
import type { ProblemList } from '../soap/aif-error.js';
import type { CompanyState } from '../state/company.js';

/** The identity rate: accounting-currency units per 100 units of the same currency. */
export const HUNDRED = new Dec(100);

/**
 * The exchange rate (accounting-currency units per 100 foreign units) for a currency on a
 * date: the document's explicit `ExchRate` when given, else the company's latest rate valid
 * on that date. Adds a problem and returns undefined when there is none.
 */
export function rateFor(company: CompanyState, currency: string, date: string, explicit: string | undefined, field: string, xpath: string, problems: ProblemList): Dec | undefined {
  if (currency.toUpperCase() === company.accountingCurrency.toUpperCase()) return HUNDRED;
  if (explicit !== undefined) {
    const r = new Dec(explicit);
    if (r.lte(0)) {
      problems.add(`Exchange rate ${explicit} is not valid; it must be greater than zero.`, 'ExchRate', xpath);
      return undefined;
    }
    return r;
  }
  let best: { date: string; rate: string; displayFactor: number } | undefined;
  for (const r of company.exchangeRates) {
    if (r.from.toUpperCase() !== currency.toUpperCase() || r.date > date) continue;
    if (!best || r.date > best.date) best = r;
  }
  if (!best) {
    problems.add(`No exchange rate is defined for currency ${currency} on ${date} (company ${company.id}, accounting currency ${company.accountingCurrency}).`, field, xpath);
    return undefined;
  }
  return new Dec(best.rate).times(100).div(best.displayFactor);
}

/** Significant digits a multiplication or division keeps (the precision of `Dec`). */
const PRECISION = Dec.precision;

/** Amount in accounting currency, rounded to 2 decimals half-up. */
export function toMST(amountCur: Dec, ratePer100: Dec): Dec {
  // At the identity rate (the accounting currency) × 100 ÷ 100 gives the amount itself while it fits the precision.
  if (ratePer100 === HUNDRED && amountCur.sd() <= PRECISION) return roundTo(amountCur, 2);
  return roundTo(amountCur.times(ratePer100).div(HUNDRED), 2);
}
