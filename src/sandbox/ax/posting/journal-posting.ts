import { Dec, roundTo } from '../../../canonical/money.js';
import { rateFor, toMST } from '../domain/currency.js';
import { checkPeriodOpen } from '../domain/periods.js';
import { applicableTaxCodes, lineTax } from '../domain/tax.js';
import type { ProblemList } from '../soap/aif-error.js';
import type { AosState } from '../state/aos.js';
import type { CompanyState } from '../state/company.js';
import type { AccountRef, Journal, JournalLine, JournalType, LedgerEntry, OpenTrans, TransType } from '../state/ledger-types.js';
import type { Tx } from '../state/tx.js';
import { balanceMST, ledgerEntryFor, newOpenTrans, plainEntry } from './ledger.js';
import { findMarkedInvoice, planSettlement } from './settlement.js';

/**
 * Plans the posting of a journal (reference §2.7): vouchers, balance per voucher and date
 * (debits = credits in accounting currency, incl. sales tax), customer/vendor transactions,
 * ledger entries and the settlement of marked invoices. Applied on commit.
 *
 * Vouchers: lines that carry a `Voucher` are grouped by it; the others get vouchers from the
 * journal type's number sequence "in connection with balance" — a new voucher starts when
 * the running balance of the previous one is zero.
 *
 * Sales tax [G]: on a Ledger line, tax is computed on the line amount (amounts exclude tax)
 * and posted on the same side; an offset account then takes the gross amount. On a Cust/Vend
 * line with a Ledger offset (the invoice-register pattern), the amount includes tax and the
 * offset ledger account gets the net amount.
 */
export function planJournalPosting(aos: AosState, company: CompanyState, tx: Tx, journal: Journal, xpath: string, problems: ProblemList, nowIso: string): void {
  const before = problems.size;
  const lineXpath = (l: JournalLine): string => `${xpath}/LedgerJournalTrans[${l.lineNum}]`;
  for (const line of journal.lines) checkPeriodOpen(company, line.transDate, 'TransDate', `${lineXpath(line)}/TransDate`, problems);
  if (problems.size > before) return;

  const rates = new Map<JournalLine, Dec>();
  for (const line of journal.lines) {
    const rate = rateFor(company, line.currency, line.transDate, line.exchRate, 'CurrencyCode', `${lineXpath(line)}/CurrencyCode`, problems);
    if (rate) rates.set(line, rate);
  }
  if (problems.size > before) return;
  const rateOf = (l: JournalLine): Dec => rates.get(l) as Dec;
  const vouchers = assignVouchers(company, tx, journal, (l) => lineAmount(company, l, rateOf(l)));

  const entries: LedgerEntry[] = [];
  const trans: { kind: 'Cust' | 'Vend'; trans: OpenTrans; line: JournalLine }[] = [];
  for (const line of journal.lines) {
    const voucher = vouchers.get(line) as string;
    const rate = rateOf(line);
    const amount = signed(line);
    const post = (account: AccountRef, cur: Dec): void => {
      const mst = toMST(cur, rate);
      entries.push(ledgerEntryFor(company, account, voucher, line.transDate, line.currency, cur, mst, line.txt, 'Journal', line.defaultDimension));
      if (account.type === 'Cust' || account.type === 'Vend') {
        const t = newOpenTrans({
          recId: aos.nextRecId(),
          openRecId: aos.nextRecId(),
          accountNum: account.id,
          voucher,
          invoice: line.invoice,
          documentNum: line.documentNum,
          txt: line.txt,
          transDate: line.transDate,
          dueDate: line.due || line.transDate,
          paymReference: line.paymReference,
          currency: line.currency,
          exchRate: rate,
          amountCur: cur,
          amountMST: mst,
          transType: transTypeOf(journal.journalType, account.type),
        });
        trans.push({ kind: account.type, trans: t, line });
      }
    };
    const tax = taxOf(company, line, amount);
    post(line.account, tax.accountSide);
    if (!tax.tax.isZero()) entries.push(plainEntry(tax.tax.isPositive() ? company.postingAccounts.salesTaxReceivable : company.postingAccounts.salesTaxPayable, voucher, line.transDate, line.currency, tax.tax, toMST(tax.tax, rate), `Sales tax ${line.txt}`.trim(), 'Journal'));
    if (line.offset) post(line.offset, tax.offsetSide);
  }
  // Balance per voucher and date, in accounting currency (AX's "do not balance as per" check).
  const groups = new Map<string, LedgerEntry[]>();
  for (const e of entries) {
    const k = `${e.voucher}|${e.transDate}`;
    const list = groups.get(k);
    if (list) list.push(e);
    else groups.set(k, [e]);
  }
  for (const [k, list] of groups) {
    const diff = balanceMST(list);
    if (!diff.isZero()) {
      const [voucher, date] = k.split('|');
      problems.add(`The transactions on voucher ${voucher} do not balance as per ${date}. (accounting currency: ${diff.toFixed(2)})`, 'AmountCurDebit', `${xpath}/LedgerJournalTrans`, 'UnbalancedVoucher');
    }
  }
  // Settlement of marked invoices.
  for (const { kind, trans: t, line } of trans) {
    if (line.markedInvoice === '' || line.account.type !== kind) continue;
    const at = `${lineXpath(line)}/MarkedInvoice`;
    const invoice = findMarkedInvoice(company, tx, kind, line.markedInvoice, t.accountNum, 'MarkedInvoice', at, problems);
    if (invoice) entries.push(...planSettlement(company, tx, kind, t, invoice, line.transDate, 'MarkedInvoice', at, problems, () => aos.nextRecId()));
  }
  if (problems.size > before) return;
  tx.onCommit(() => {
    for (const line of journal.lines) line.voucher = vouchers.get(line);
    for (const { kind, trans: t } of trans) company.addTrans(kind, t);
    company.ledger.push(...entries);
    journal.posted = true;
    journal.postedAt = nowIso;
    journal.recVersion++;
  });
}

/** Debit positive, credit negative. */
function signed(line: JournalLine): Dec {
  return new Dec(line.debit || '0').minus(line.credit || '0');
}

/** The accounting-currency effect of a line (for voucher grouping). */
function lineAmount(company: CompanyState, line: JournalLine, rate: Dec): Dec {
  const tax = taxOf(company, line, signed(line));
  let net = toMST(tax.accountSide, rate).plus(toMST(tax.tax, rate));
  if (line.offset) net = net.plus(toMST(tax.offsetSide, rate));
  return net;
}

/** Splits a line into account side, tax and offset side amounts (see the module comment). */
function taxOf(company: CompanyState, line: JournalLine, amount: Dec): { accountSide: Dec; tax: Dec; offsetSide: Dec } {
  const codes = applicableTaxCodes(company, line.taxGroup, line.taxItemGroup);
  if (codes.length === 0) return { accountSide: amount, tax: new Dec(0), offsetSide: amount.neg() };
  if (line.account.type === 'Ledger') {
    const tax = lineTax(amount, codes);
    return { accountSide: amount, tax, offsetSide: amount.plus(tax).neg() };
  }
  if (line.offset?.type === 'Ledger') {
    const rate = codes.reduce((acc, c) => acc.plus(c.rate), new Dec(0)).div(100);
    const gross = amount.neg();
    const net = roundTo(gross.div(rate.plus(1)), 2);
    const tax = gross.minus(net);
    return { accountSide: amount, tax, offsetSide: net };
  }
  return { accountSide: amount, tax: new Dec(0), offsetSide: amount.neg() };
}

function assignVouchers(company: CompanyState, tx: Tx, journal: Journal, effect: (l: JournalLine) => Dec): Map<JournalLine, string> {
  const out = new Map<JournalLine, string>();
  const seq = company.seq.voucher[journal.journalType];
  let current: string | undefined;
  let running = new Dec(0);
  for (const line of journal.lines) {
    if (line.inputVoucher !== '') {
      out.set(line, line.inputVoucher);
      continue;
    }
    if (current === undefined || running.isZero()) {
      current = tx.take(seq);
      running = new Dec(0);
    }
    out.set(line, current);
    running = running.plus(effect(line));
  }
  return out;
}

function transTypeOf(journalType: JournalType, account: 'Cust' | 'Vend'): TransType {
  if (journalType === 'CustPayment' || journalType === 'VendPayment') return 'Payment';
  if (journalType === 'VendInvoiceRegister') return account === 'Vend' ? 'Purch' : 'GeneralJournal';
  return 'GeneralJournal';
}
