import type { SalesInvoice } from '../../canonical/invoice.js';
import type { FreeTextInvoiceDocument } from '../../connectors/ax/documents/types.js';
import { documentRate } from '../transforms/currency.js';
import { dimensionValues, explainDimensions, orderedDimensions } from '../transforms/dimensions.js';
import { kashflowStatusToAx } from '../transforms/status.js';
import type { MappingContext, TradeTotals } from './context.js';
import { mapTradeHeader } from './trade-header.js';
import { mapTradeLines, type MappedTradeLines } from './trade-lines.js';

const HEADER = 'CustInvoiceTable';
const LINE = 'CustInvoiceTable.CustInvoiceLine';

function linePath(i: number): string {
  return `${LINE}[${i + 1}]`;
}

/** A KashFlow sales invoice → an AX free-text invoice (CustInvoiceTable → CustInvoiceLine). */
export async function mapSalesInvoice(ctx: MappingContext, doc: SalesInvoice): Promise<{ document: FreeTextInvoiceDocument; totals: TradeTotals; status: { kashflow: string; ax: string; rule: string } }> {
  const { explain, cm } = ctx;
  const pendingHeader = mapTradeHeader(ctx, doc, HEADER);
  const h = pendingHeader instanceof Promise ? await pendingHeader : pendingHeader;
  const rate = documentRate(cm, ctx.ref, doc.currency, doc.issuedDate, doc.exchangeRate, `${HEADER}.ExchRate`);
  explain.add(`${HEADER}.OrderAccount`, h.account.account, h.account.rule);
  explain.add(`${HEADER}.InvoiceAccount`, h.account.account, h.account.rule);
  explain.add(`${HEADER}.(customer group)`, h.group.group, h.group.rule);
  explain.add(`${HEADER}.CurrencyCode`, doc.currency, 'KashFlow Currency.Code');
  explain.add(`${HEADER}.DocumentNum`, String(doc.number), 'KashFlow invoice Number (natural key)');
  if (rate.exchRate) explain.add(`${HEADER}.ExchRate`, rate.exchRate.toString(), rate.rule);
  explainDimensions(explain, HEADER, h.dims);
  const pendingLines = mapTradeLines(ctx, doc, h.facts, h.dims, h.taxGroup);
  const mapped: MappedTradeLines = pendingLines instanceof Promise ? await pendingLines : pendingLines;
  const header: FreeTextInvoiceDocument['header'] = {
    orderAccount: h.account.account,
    invoiceAccount: h.account.account,
    currencyCode: doc.currency,
    invoiceDate: doc.issuedDate,
    ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
    documentNum: String(doc.number),
    ...(rate.exchRate ? { exchRate: rate.exchRate } : {}),
    defaultDimension: orderedDimensions(cm, dimensionValues(h.dims)),
  };
  const lines: FreeTextInvoiceDocument['lines'] = new Array<FreeTextInvoiceDocument['lines'][number]>(mapped.lines.length);
  for (let i = 0; i < mapped.lines.length; i++) {
    const l = mapped.lines[i] as MappedTradeLines['lines'][number];
    const defaultDimension = l.defaultDimension.slice();
    if (l.taxGroup && l.taxItemGroup) {
      // (all fields in one literal: the usual line, one allocation)
      lines[i] = { lineNum: i + 1, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amountCur: l.amount, ledgerDimension: l.account, defaultDimension, taxGroup: l.taxGroup, taxItemGroup: l.taxItemGroup };
      continue;
    }
    const out: FreeTextInvoiceDocument['lines'][number] = { lineNum: i + 1, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amountCur: l.amount, ledgerDimension: l.account, defaultDimension };
    if (l.taxGroup) out.taxGroup = l.taxGroup;
    if (l.taxItemGroup) out.taxItemGroup = l.taxItemGroup;
    lines[i] = out;
  }
  explain.defer((out) => mapped.explain(out, linePath));
  const st = kashflowStatusToAx(cm, doc.status);
  explain.add('(status)', st.state, `${st.rule} for KashFlow status "${doc.status}"`);
  return { document: { kind: 'freeTextInvoice', header, lines }, totals: mapped.totals, status: { kashflow: doc.status, ax: st.state, rule: st.rule } };
}
