import { divRound, mulDivRound } from '../../canonical/divide.js';
import { Dec } from '../../canonical/money.js';
import type { CompiledMapping } from '../compile/compile.js';
import { mappingFailed } from '../errors.js';
import type { AxReferenceData } from '../reference/reference-data.js';

const HUNDRED = new Dec(100);

/** The AX exchange rate for a document and where it came from. */
export interface DocumentRate {
  /** AX style: accounting-currency units per 100 foreign units; undefined = do not send ExchRate. */
  readonly exchRate: Dec | undefined;
  /** The same rate in KashFlow direction (foreign per 1 home unit), for home amounts. */
  readonly kashflowRate: Dec;
  readonly rule: string;
}

/**
 * Currency conversion. KashFlow rates are foreign units per 1 home unit (home = foreign ÷ rate,
 * reference §7.2); AX ExchRate is accounting units per 100 foreign units (reference §2 and the
 * seed). So ExchRate = 100 ÷ KashFlow rate, and an AX rate row converts as rate × 100 ÷ factor.
 */
export function documentRate(cm: CompiledMapping, ref: AxReferenceData | undefined, currency: string, date: string, kashflowRate: Dec, path: string): DocumentRate {
  const c = cm.currency;
  if (currency === c.accountingCurrency) return { exchRate: undefined, kashflowRate: new Dec(1), rule: 'accounting currency: no exchange rate' };
  const dp = c.exchRateDecimals;
  switch (c.rateSource) {
    case 'none':
      return { exchRate: undefined, kashflowRate, rule: 'currency.rateSource none: AX uses its own rates' };
    case 'document':
      return { exchRate: divRound(HUNDRED, kashflowRate, dp), kashflowRate, rule: `currency.rateSource document: 100 ÷ KashFlow rate ${kashflowRate.toString()}` };
    case 'table': {
      const t = c.table.get(currency);
      if (t === undefined) throw mappingFailed(path, `currency.table has no rate for ${currency}`, { rule: 'currency.table' });
      return { exchRate: divRound(HUNDRED, t, dp), kashflowRate: t, rule: `currency.table ${currency} ${t.toString()} (foreign per 1 ${c.accountingCurrency}): 100 ÷ rate` };
    }
    case 'ax': {
      const r = ref?.exchangeRate(currency, date);
      if (!r) throw mappingFailed(path, `no AX exchange rate for ${currency} on ${date}${ref ? '' : ' (no reference data loaded)'}`, { rule: 'currency.rateSource ax' });
      const exch = mulDivRound(r.rate, HUNDRED, new Dec(r.displayFactor), 12);
      return { exchRate: mulDivRound(r.rate, HUNDRED, new Dec(r.displayFactor), dp), kashflowRate: divRound(HUNDRED, exch, 12), rule: `AX exchange rate ${currency} from ${r.date}: ${r.rate.toString()} per ${r.displayFactor}` };
    }
  }
}
