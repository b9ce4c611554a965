import { ProblemList, type AifProblem } from '../soap/aif-error.js';
import type { AosState } from '../state/aos.js';
import type { CompanyState } from '../state/company.js';
import { Tx } from '../state/tx.js';
import { planInvoicePosting } from './invoice-posting.js';
import { planJournalPosting } from './journal-posting.js';

/** What to post: everything pending, or one document. */
export interface PostSelection {
  /** RecId or DocumentNum of one free-text invoice. */
  readonly freeTextInvoice?: string;
  readonly journalNum?: string;
}

export interface PostResult {
  readonly kind: 'freeTextInvoice' | 'journal';
  readonly id: string;
  readonly posted: boolean;
  /** InvoiceId or the vouchers assigned. */
  readonly invoiceId?: string;
  readonly problems?: readonly AifProblem[];
}

/**
 * Posts unposted free-text invoices and journals of a company (what the AX posting batch
 * does when `autoPost` is off). Each document is its own transaction: a document that fails
 * (closed period, unbalanced voucher, settled invoice…) stays unposted with its reasons.
 */
export function postPending(aos: AosState, company: CompanyState, selection: PostSelection, nowIso: string): PostResult[] {
  const results: PostResult[] = [];
  const all = selection.freeTextInvoice === undefined && selection.journalNum === undefined;
  for (const inv of company.freeTextInvoices.values()) {
    if (inv.posted) continue;
    if (!all && (selection.freeTextInvoice === undefined || (String(inv.recId) !== selection.freeTextInvoice && inv.documentNum !== selection.freeTextInvoice))) continue;
    const tx = new Tx();
    const problems = new ProblemList();
    planInvoicePosting(aos, company, tx, inv, '/FreeTextInvoice/CustInvoiceTable[1]', problems, nowIso);
    results.push(finish(tx, problems, 'freeTextInvoice', String(inv.recId), () => inv.invoiceId));
  }
  for (const j of company.journals.values()) {
    if (j.posted) continue;
    if (!all && (selection.journalNum === undefined || j.journalNum.toUpperCase() !== selection.journalNum.toUpperCase())) continue;
    const tx = new Tx();
    const problems = new ProblemList();
    planJournalPosting(aos, company, tx, j, '/LedgerJournalTable[1]', problems, nowIso);
    results.push(finish(tx, problems, 'journal', j.journalNum, () => undefined));
  }
  return results;
}

function finish(tx: Tx, problems: ProblemList, kind: PostResult['kind'], id: string, invoiceId: () => string | undefined): PostResult {
  if (problems.size > 0) return { kind, id, posted: false, problems: problems.all() };
  tx.commit();
  const inv = invoiceId();
  return { kind, id, posted: true, ...(inv ? { invoiceId: inv } : {}) };
}
