import type { SalesInvoice } from '../../canonical/invoice.js';
import type { FreeTextInvoiceDocument } from '../../connectors/ax/documents/types.js';
import { documentRate } from '../transforms/currency.js';
import { dimensionValues, explainDimensions, orderedDimensions } from '../transforms/dimensions.js';
import { kashflowStatusToAx } from '../transforms/status.js';
import type { MappingContext, TradeTotals } from './context.js';
import { mapTradeHeader } from './trade-header.js';
import { mapTradeLines } from './trade-lines.js';

const HEADER = 'CustInvoiceTable';
const LINE = 'CustInvoiceTable.CustInvoiceLine';

/** A KashFlow sales invoice → an AX free-text invoice (CustInvoiceTable → CustInvoiceLine). */
export async function mapSalesInvoice(ctx: MappingContext, doc: SalesInvoice): Promise<{ document: FreeTextInvoiceDocument; totals: TradeTotals; status: { kashflow: string; ax: string; rule: string } }> {
  const { explain, cm } = ctx;
  const h = await mapTradeHeader(ctx, doc, HEADER);
  const rate = documentRate(cm, ctx.ref, doc.currency, doc.issuedDate, doc.exchangeRate, `${HEADER}.ExchRate`);
  explain.add(`${HEADER}.OrderAccount`, h.account.account, h.account.rule);
  explain.add(`${HEADER}.InvoiceAccount`, h.account.account, h.account.rule);
  explain.add(`${HEADER}.(customer group)`, h.group.group, h.group.rule);
  explain.add(`${HEADER}.CurrencyCode`, doc.currency, 'KashFlow Currency.Code');
  explain.add(`${HEADER}.DocumentNum`, String(doc.number), 'KashFlow invoice Number (natural key)');
  if (rate.exchRate) explain.add(`${HEADER}.ExchRate`, rate.exchRate.toString(), rate.rule);
  explainDimensions(explain, HEADER, h.dims);
  const lines = await mapTradeLines(ctx, doc, h.facts, h.dims, h.taxGroup, LINE);
  const document: FreeTextInvoiceDocument = {
    kind: 'freeTextInvoice',
    header: {
      orderAccount: h.account.account,
      invoiceAccount: h.account.account,
      currencyCode: doc.currency,
      invoiceDate: doc.issuedDate,
      ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
      documentNum: String(doc.number),
      ...(rate.exchRate ? { exchRate: rate.exchRate } : {}),
      defaultDimension: orderedDimensions(cm, dimensionValues(h.dims)),
    },
    lines: lines.lines.map((l, i) => {
      const path = `${LINE}[${i + 1}]`;
      for (const n of l.notes) explain.add(`${path}${n.rel}`, n.value, n.rule);
      explainDimensions(explain, path, l.dims);
      const out: FreeTextInvoiceDocument['lines'][number] = { lineNum: i + 1, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amountCur: l.amount, ledgerDimension: l.account, defaultDimension: orderedDimensions(cm, l.values) };
      if (l.taxGroup) out.taxGroup = l.taxGroup;
      if (l.taxItemGroup) out.taxItemGroup = l.taxItemGroup;
      return out;
    }),
  };
  const st = kashflowStatusToAx(cm, doc.status);
  explain.add('(status)', st.state, `${st.rule} for KashFlow status "${doc.status}"`);
  return { document, totals: lines.totals, status: { kashflow: doc.status, ax: st.state, rule: st.rule } };
}
