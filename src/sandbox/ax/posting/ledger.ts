import { type Dec, ZERO } from '../../../canonical/money.js';
import type { DimPair } from '../schema/values.js';
import { storedDec } from '../../stored-decimal.js';
import type { CompanyState } from '../state/company.js';
import type { AccountRef, LedgerEntry, OpenTrans, TransType } from '../state/ledger-types.js';

/** Inputs of a customer/vendor transaction created by posting. */
export interface TransInput {
  readonly recId: number;
  readonly openRecId: number;
  readonly accountNum: string;
  readonly voucher: string;
  readonly invoice: string;
  readonly documentNum: string;
  readonly txt: string;
  readonly transDate: string;
  readonly dueDate: string;
  readonly paymReference: string;
  readonly currency: string;
  readonly exchRate: Dec;
  readonly amountCur: Dec;
  readonly amountMST: Dec;
  readonly transType: TransType;
}

/** A new open transaction (nothing settled yet). */
export function newOpenTrans(t: TransInput): OpenTrans {
  // Written out rather than spread: V8 copies a spread of this many properties slowly, into a slow (dictionary) object.
  return {
    recId: t.recId,
    openRecId: t.openRecId,
    accountNum: t.accountNum,
    voucher: t.voucher,
    invoice: t.invoice,
    documentNum: t.documentNum,
    txt: t.txt,
    transDate: t.transDate,
    dueDate: t.dueDate,
    paymReference: t.paymReference,
    currency: t.currency,
    exchRate: storedDec(t.exchRate),
    amountCur: storedDec(t.amountCur),
    amountMST: storedDec(t.amountMST),
    transType: t.transType,
    recVersion: 1,
    settleAmountCur: ZERO,
    settleAmountMST: ZERO,
    closed: '',
    settlements: [],
  };
}

/** Open (unsettled) remainder of a transaction, signed like its amount. */
export function openAmount(t: OpenTrans): Dec {
  return t.amountCur.minus(t.settleAmountCur);
}

export function openAmountMST(t: OpenTrans): Dec {
  return t.amountMST.minus(t.settleAmountMST);
}

/** A ledger entry for an account side of a posting (Cust/Vend go to their summary accounts); amounts are shared ({@link storedDec}). */
export function ledgerEntryFor(company: CompanyState, account: AccountRef, voucher: string, transDate: string, currency: string, amountCur: Dec, amountMST: Dec, text: string, source: string, defaultDimension: readonly DimPair[]): LedgerEntry {
  let mainAccount: string;
  let values: readonly DimPair[] = defaultDimension;
  let displayValue: string;
  switch (account.type) {
    case 'Ledger':
      mainAccount = account.mainAccount;
      values = account.values;
      displayValue = account.displayValue;
      break;
    case 'Cust':
      mainAccount = company.postingAccounts.receivables;
      displayValue = mainAccount;
      break;
    case 'Vend':
      mainAccount = company.postingAccounts.payables;
      displayValue = mainAccount;
      break;
    case 'Bank':
      mainAccount = company.bankAccounts.get(account.id)?.mainAccount ?? company.postingAccounts.receivables;
      displayValue = mainAccount;
      break;
  }
  return { voucher, transDate, mainAccount, displayValue, values, currency, amountCur: storedDec(amountCur), amountMST: storedDec(amountMST), text, source };
}

/** A ledger entry on a plain main account (tax, exchange differences). */
export function plainEntry(mainAccount: string, voucher: string, transDate: string, currency: string, amountCur: Dec, amountMST: Dec, text: string, source: string): LedgerEntry {
  return { voucher, transDate, mainAccount, displayValue: mainAccount, values: [], currency, amountCur: storedDec(amountCur), amountMST: storedDec(amountMST), text, source };
}

/** Sum of accounting-currency amounts. */
export function balanceMST(entries: readonly LedgerEntry[]): Dec {
  let total = ZERO;
  for (const e of entries) total = total.plus(e.amountMST);
  return total;
}
