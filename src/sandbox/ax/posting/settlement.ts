import { Dec, roundTo } from '../../../canonical/money.js';
import type { ProblemList } from '../soap/aif-error.js';
import type { CompanyState } from '../state/company.js';
import type { LedgerEntry, OpenTrans } from '../state/ledger-types.js';
import type { Tx } from '../state/tx.js';
import { openAmount, openAmountMST, plainEntry } from './ledger.js';

/**
 * Finds the open invoice transaction a journal line marks (`MarkedInvoice`) and checks that
 * it exists, belongs to the line's account and is still open (reference §7). Amounts
 * already settled by earlier lines of the same call count.
 */
export function findMarkedInvoice(company: CompanyState, tx: Tx, kind: 'Cust' | 'Vend', invoice: string, account: string, field: string, xpath: string, problems: ProblemList): OpenTrans | undefined {
  const candidates = company.transByInvoice(kind, invoice).filter((t) => t.transType !== 'Payment');
  if (candidates.length === 0) {
    problems.add(`Invoice ${invoice} does not exist${kind === 'Vend' ? ' for any vendor' : ''}; it cannot be marked for settlement.`, field, xpath, 'SettlementFailed');
    return undefined;
  }
  const own = candidates.filter((t) => t.accountNum.toUpperCase() === account.toUpperCase());
  if (own.length === 0) {
    problems.add(`Invoice ${invoice} belongs to ${kind === 'Cust' ? 'customer' : 'vendor'} ${candidates[0]?.accountNum ?? ''}, not to ${account}; it cannot be marked for settlement.`, field, xpath, 'SettlementFailed');
    return undefined;
  }
  const open = own.find((t) => !remaining(t, tx).isZero());
  if (!open) {
    problems.add(`Invoice ${invoice} of ${kind === 'Cust' ? 'customer' : 'vendor'} ${account} is not open; it has already been settled.`, field, xpath, 'SettlementFailed');
    return undefined;
  }
  return open;
}

/** Open remainder of a transaction after the settlements already planned in this call. */
function remaining(t: OpenTrans, tx: Tx): Dec {
  return openAmount(t).minus(tx.settledSoFar(t) ?? 0);
}

/**
 * Plans the settlement of `invoice` by `payment` (a transaction created by the same posting):
 * settles min(open invoice, payment) — a partial payment leaves the invoice's remainder open,
 * an over-payment leaves the payment's remainder open on account. Writes the settlement
 * records and, when the two rates differ, the realised exchange difference.
 */
export function planSettlement(company: CompanyState, tx: Tx, kind: 'Cust' | 'Vend', payment: OpenTrans, invoice: OpenTrans, date: string, field: string, xpath: string, problems: ProblemList, newRecId: () => number): LedgerEntry[] {
  if (payment.currency.toUpperCase() !== invoice.currency.toUpperCase()) {
    problems.add(`Invoice ${invoice.invoice} is in ${invoice.currency} and the payment in ${payment.currency}; cross-currency settlement is not supported by the sandbox.`, field, xpath, 'SettlementFailed');
    return [];
  }
  const invOpen = remaining(invoice, tx);
  const payOpen = payment.amountCur;
  if (invOpen.isZero() || invOpen.isPositive() === payOpen.isPositive() || payOpen.isZero()) {
    problems.add(`Invoice ${invoice.invoice} cannot be settled by this line: the line must have the opposite sign of the open amount (${invOpen.toFixed(2)}).`, field, xpath, 'SettlementFailed');
    return [];
  }
  const amount = Dec.min(invOpen.abs(), payOpen.abs());
  const invSettleCur = invOpen.isPositive() ? amount : amount.neg();
  const paySettleCur = invSettleCur.neg();
  const invFull = amount.eq(invOpen.abs());
  const payFull = amount.eq(payOpen.abs());
  const invSettleMST = invFull && !tx.settledSoFar(invoice) ? openAmountMST(invoice) : roundTo(invSettleCur.times(invoice.exchRate).div(100), 2);
  const paySettleMST = payFull ? payment.amountMST : roundTo(paySettleCur.times(payment.exchRate).div(100), 2);
  tx.reserveSettlement(invoice, (tx.settledSoFar(invoice) ?? new Dec(0)).plus(invSettleCur));
  const difference = invSettleMST.plus(paySettleMST);
  const entries: LedgerEntry[] = [];
  const summary = kind === 'Vend' ? company.postingAccounts.payables : company.postingAccounts.receivables;
  if (!difference.isZero()) {
    entries.push(plainEntry(summary, payment.voucher, date, company.accountingCurrency, new Dec(0), difference.neg(), `Exchange rate difference ${invoice.invoice}`, 'Settlement'));
    entries.push(plainEntry(company.postingAccounts.exchangeDifference, payment.voucher, date, company.accountingCurrency, new Dec(0), difference, `Exchange rate difference ${invoice.invoice}`, 'Settlement'));
  }
  const invRec = newRecId();
  const payRec = newRecId();
  tx.onCommit(() => {
    invoice.settleAmountCur = invoice.settleAmountCur.plus(invSettleCur);
    invoice.settleAmountMST = invoice.settleAmountMST.plus(invSettleMST);
    payment.settleAmountCur = payment.settleAmountCur.plus(paySettleCur);
    payment.settleAmountMST = payment.settleAmountMST.plus(paySettleMST);
    invoice.recVersion++;
    if (openAmount(invoice).isZero()) invoice.closed = date;
    if (openAmount(payment).isZero()) payment.closed = date;
    invoice.settlements.push({ recId: invRec, transRecId: invoice.recId, offsetRecId: payment.recId, offsetVoucher: payment.voucher, transVoucher: invoice.voucher, settleAmountCur: invSettleCur, settleAmountMST: invSettleMST, exchangeDifferenceMST: difference, transDate: date });
    payment.settlements.push({ recId: payRec, transRecId: payment.recId, offsetRecId: invoice.recId, offsetVoucher: invoice.voucher, transVoucher: payment.voucher, settleAmountCur: paySettleCur, settleAmountMST: paySettleMST, exchangeDifferenceMST: difference.neg(), transDate: date });
    company.settlementRows[kind] += 2;
  });
  return entries;
}
