import type { SalesInvoice } from '../../canonical/invoice.js';
import type { FreeTextInvoiceDocument } from '../../connectors/ax/documents/types.js';
import { documentRate } from '../transforms/currency.js';
import { dimensionValues, orderedDimensions } from '../transforms/dimensions.js';
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
  // Built when read, like the lines' entries (the header's account, group and dimensions are not changed later).
  explain.defer((out) => {
    out.push(
      { path: `${HEADER}.OrderAccount`, value: h.account.account, rule: h.account.rule },
      { path: `${HEADER}.InvoiceAccount`, value: h.account.account, rule: h.account.rule },
      { path: `${HEADER}.(customer group)`, value: h.group.group, rule: h.group.rule },
      { path: `${HEADER}.CurrencyCode`, value: doc.currency, rule: 'KashFlow Currency.Code' },
      { path: `${HEADER}.DocumentNum`, value: String(doc.number), rule: 'KashFlow invoice Number (natural key)' },
    );
    if (rate.exchRate) out.push({ path: `${HEADER}.ExchRate`, value: rate.exchRate.toString(), rule: rate.rule });
    for (const [name, v] of h.dims) out.push({ path: `${HEADER}.DefaultDimension[${name}]`, value: v.value, rule: v.rule });
  });
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
  explain.defer((out) => out.push({ path: '(status)', value: st.state, rule: `${st.rule} for KashFlow status "${doc.status}"` }));
  return { document: { kind: 'freeTextInvoice', header, lines }, totals: mapped.totals, status: { kashflow: doc.status, ax: st.state, rule: st.rule } };
}
