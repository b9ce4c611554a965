import type { PurchaseInvoice } from '../../canonical/invoice.js';
import type { Dec } from '../../canonical/money.js';
import type { LedgerJournalDocument, LedgerJournalLine } from '../../connectors/ax/documents/types.js';
import { plainAccount } from '../transforms/accounts.js';
import { documentRate } from '../transforms/currency.js';
import { dimensionValues, explainDimensions, orderedDimensions } from '../transforms/dimensions.js';
import type { MappingContext, TradeTotals } from './context.js';
import { mapTradeHeader } from './trade-header.js';
import { mapTradeLines } from './trade-lines.js';

const HEADER = 'LedgerJournalTable';
const LINE = 'LedgerJournalTable.LedgerJournalTrans';

function side(amount: Dec): { amountCurDebit?: Dec; amountCurCredit?: Dec } {
  return amount.isNegative() ? { amountCurCredit: amount.neg() } : { amountCurDebit: amount };
}

function linePath(i: number): string {
  return `${LINE}[${i + 1}]`;
}

/**
 * A KashFlow purchase → an AX vendor invoice journal: one Ledger line per (mapped) expense line
 * with its tax groups, so AX adds the VAT, and one Vend line crediting the gross [G: the
 * invoice-journal route of reference §2.8].
 */
export async function mapPurchaseInvoice(ctx: MappingContext, doc: PurchaseInvoice): Promise<{ document: LedgerJournalDocument; totals: TradeTotals }> {
  const { explain, cm } = ctx;
  const pendingHeader = mapTradeHeader(ctx, doc, LINE);
  const h = pendingHeader instanceof Promise ? await pendingHeader : pendingHeader;
  const rate = documentRate(cm, ctx.ref, doc.currency, doc.issuedDate, doc.exchangeRate, `${LINE}.ExchRate`);
  const facts = { ...h.facts, supplierName: doc.partyName };
  const journalName = cm.config.documents.purchaseInvoice.journalName;
  const name = cm.templates.purchase.name(facts);
  explain.add(`${HEADER}.JournalName`, journalName, 'documents.purchaseInvoice.journalName');
  explain.add(`${HEADER}.Name`, name, 'documents.purchaseInvoice.name');
  const pendingLines = mapTradeLines(ctx, doc, facts, h.dims, h.taxGroup);
  const mapped = pendingLines instanceof Promise ? await pendingLines : pendingLines;
  const common = {
    currencyCode: doc.currency,
    ...(rate.exchRate ? { exchRate: rate.exchRate } : {}),
    transDate: doc.issuedDate,
    documentDate: doc.issuedDate,
    ...(doc.dueDate ? { due: doc.dueDate } : {}),
    invoice: doc.reference || String(doc.number),
    documentNum: String(doc.number),
  };
  const lines: LedgerJournalLine[] = mapped.lines.map((l) => ({
    accountType: 'Ledger',
    ledgerDimension: l.account,
    ...side(l.amount),
    ...common,
    txt: l.description,
    ...(l.taxGroup ? { taxGroup: l.taxGroup } : {}),
    ...(l.taxItemGroup ? { taxItemGroup: l.taxItemGroup } : {}),
    defaultDimension: l.defaultDimension.slice(),
  }));
  const amountRel = (rel: string, i: number): string => rel.replace('.AmountCur', (mapped.lines[i] as (typeof mapped.lines)[number]).amount.isNegative() ? '.AmountCurCredit' : '.AmountCurDebit');
  explain.defer((out) => mapped.explain(out, linePath, amountRel));
  const vendorTotal = mapped.grossWithAxVat;
  const vendPath = `${LINE}[${lines.length + 1}]`;
  explain.add(`${vendPath}.LedgerDimension.Account`, h.account.account, h.account.rule);
  explain.add(`${vendPath}.(vendor group)`, h.group.group, h.group.rule);
  explain.add(`${vendPath}.${vendorTotal.isNegative() ? 'AmountCurDebit' : 'AmountCurCredit'}`, vendorTotal.abs().toFixed(2), `sum of the expense lines plus the VAT AX computes on them (KashFlow gross ${doc.gross.toFixed(2)})`);
  if (rate.exchRate) explain.add(`${vendPath}.ExchRate`, rate.exchRate.toString(), rate.rule);
  explainDimensions(explain, vendPath, h.dims);
  lines.push({
    accountType: 'Vend',
    ledgerDimension: plainAccount(h.account.account),
    ...(vendorTotal.isNegative() ? { amountCurDebit: vendorTotal.neg() } : { amountCurCredit: vendorTotal }),
    ...common,
    txt: cm.templates.purchase.txt(facts),
    defaultDimension: orderedDimensions(cm, dimensionValues(h.dims)),
  });
  return { document: { kind: 'purchaseInvoiceJournal', header: { journalName, name, currencyCode: doc.currency }, lines }, totals: mapped.totals };
}
