import { Dec } from '../../../canonical/money.js';
import { daysBetween, paymentState, toHome } from './documents.js';
import type { DocumentKind, JournalRec, ProjectRec } from './records.js';
import type { KashflowStore } from './store.js';

/** Read-only statistics of a customer or supplier, in home currency [G]. */
export interface PartyStats {
  firstDate: string | null;
  lastDate: string | null;
  count: number;
  net: Dec;
  vat: Dec;
  paid: Dec;
  outstanding: Dec;
  /** Outstanding on documents past their due date. */
  overdue: Dec;
  averageDaysToPay: number;
}

/** Statistics over one party's invoices (customer) or purchases (supplier). */
export function partyStats(store: KashflowStore, kind: DocumentKind, code: string, today: string): PartyStats {
  const s: PartyStats = { firstDate: null, lastDate: null, count: 0, net: new Dec(0), vat: new Dec(0), paid: new Dec(0), outstanding: new Dec(0), overdue: new Dec(0), averageDaysToPay: 0 };
  let payDays = 0;
  let paidDocs = 0;
  for (const d of store.documentsOf(kind, code)) {
    s.count++;
    if (s.firstDate === null || d.issuedDate < s.firstDate) s.firstDate = d.issuedDate;
    if (s.lastDate === null || d.issuedDate > s.lastDate) s.lastDate = d.issuedDate;
    s.net = s.net.plus(toHome(d.net, d.exchangeRate));
    s.vat = s.vat.plus(toHome(d.vat, d.exchangeRate));
    const ps = paymentState(d, today, false);
    s.paid = s.paid.plus(ps.paidHome);
    const dueHome = toHome(ps.due, d.exchangeRate);
    s.outstanding = s.outstanding.plus(dueHome);
    if (ps.status === 'Overdue') s.overdue = s.overdue.plus(dueHome);
    if (ps.paidDate) {
      payDays += Math.max(0, daysBetween(d.issuedDate, ps.paidDate));
      paidDocs++;
    }
  }
  s.averageDaysToPay = paidDocs === 0 ? 0 : Math.round(payDays / paidDocs);
  return s;
}

/** Actual amounts booked against a project, in home currency [G]. */
export interface ProjectStats {
  sales: Dec;
  salesVat: Dec;
  purchases: Dec;
  purchasesVat: Dec;
  journals: Dec;
}

export function projectStats(store: KashflowStore, project: ProjectRec): ProjectStats {
  const s: ProjectStats = { sales: new Dec(0), salesVat: new Dec(0), purchases: new Dec(0), purchasesVat: new Dec(0), journals: new Dec(0) };
  for (const kind of ['invoice', 'purchase'] as const) {
    for (const d of store.documents(kind).values()) {
      for (const l of d.lines) {
        if (l.projectNumber !== project.number) continue;
        const net = toHome(l.net, d.exchangeRate);
        const vat = toHome(l.vatAmount, d.exchangeRate);
        if (kind === 'invoice') {
          s.sales = s.sales.plus(net);
          s.salesVat = s.salesVat.plus(vat);
        } else {
          s.purchases = s.purchases.plus(net);
          s.purchasesVat = s.purchasesVat.plus(vat);
        }
      }
    }
  }
  for (const j of store.journals.values() as IterableIterator<JournalRec>) {
    for (const l of j.lines) if (l.projectNumber === project.number) s.journals = s.journals.plus(l.debit).minus(l.credit);
  }
  return s;
}

/** Balance of a bank account: starting amount + receipts − purchase payments. */
export function bankBalance(store: KashflowStore, accountId: number, startingAmount: Dec): Dec {
  let balance = startingAmount;
  for (const p of store.payments.values()) {
    if (p.accountId !== accountId) continue;
    const doc = store.documents(p.kind).get(p.documentNumber);
    const home = doc ? toHome(p.amount, doc.exchangeRate) : p.amount;
    balance = p.kind === 'invoice' ? balance.plus(home) : balance.minus(home);
  }
  return balance;
}
