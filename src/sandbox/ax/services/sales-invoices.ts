import type { ServiceHandlers } from '../operations/context.js';
import { readOnlyHandlers } from '../operations/read-only-service.js';
import type { OutRecord } from '../schema/serialize.js';
import type { FreeTextInvoice } from '../state/ledger-types.js';

/**
 * SalesInvoiceService (SalesSalesInvoiceService, AxdSalesInvoice; external name [G]): the
 * posted sales invoices of the company as `CustInvoiceJour` → `CustInvoiceTrans`, with the
 * sales tax and accounting-currency amounts posting computed. Free-text invoices post into
 * these journals (as in AX 2012), so every posted free-text invoice is one row, keyed by
 * `InvoiceId`; `find` filters on any field (e.g. `InvoiceDate` Range, `DocumentNum` Equal).
 */
export const salesInvoiceHandlers: ServiceHandlers = readOnlyHandlers({
  keyFields: ['InvoiceId'],
  rows: (ctx) => {
    const out: OutRecord[] = [];
    for (const inv of ctx.company.freeTextInvoices.values()) {
      const row = journalOf(inv);
      if (row) out.push(row);
    }
    return out.sort((a, b) => compareText(a.fields.InvoiceId, b.fields.InvoiceId));
  },
});

/** Posted invoices never change, so their outbound records are built once. */
const cache = new WeakMap<FreeTextInvoice, { version: number; row: OutRecord }>();

function journalOf(inv: FreeTextInvoice): OutRecord | undefined {
  const p = inv.posting;
  if (!inv.posted || !p || inv.invoiceId === undefined) return undefined;
  const hit = cache.get(inv);
  if (hit && hit.version === inv.recVersion) return hit.row;
  const row: OutRecord = {
    recId: inv.recId,
    recVersion: inv.recVersion,
    fields: {
      CurrencyCode: inv.currency,
      CustomerRef: inv.customerRef,
      DocumentNum: inv.documentNum,
      DueDate: inv.dueDate,
      ExchRate: p.exchRate,
      InvoiceAccount: inv.invoiceAccount,
      InvoiceAmount: p.invoiceAmount,
      InvoiceAmountMST: p.invoiceAmountMST,
      InvoiceDate: inv.invoiceDate,
      InvoiceId: inv.invoiceId,
      LedgerVoucher: inv.voucher ?? '',
      OrderAccount: inv.orderAccount,
      SalesBalance: p.salesBalance,
      SalesBalanceMST: p.salesBalanceMST,
      SumTax: p.sumTax,
      SumTaxMST: p.sumTaxMST,
    },
    children: {
      CustInvoiceTrans: inv.lines.map((l, i) => {
        const posted = p.lines[i];
        return {
          recId: l.recId,
          recVersion: 1,
          fields: {
            DefaultDimension: l.defaultDimension,
            LedgerDimension: { account: l.ledger.mainAccount, displayValue: l.ledger.displayValue, values: l.ledger.values },
            LineAmount: l.amountCur,
            LineAmountMST: posted?.amountMST ?? '',
            LineAmountTax: posted?.taxCur ?? '',
            LineAmountTaxMST: posted?.taxMST ?? '',
            LineNum: l.lineNum,
            Name: l.description,
            Qty: l.quantity,
            SalesPrice: l.unitPrice,
            TaxGroup: l.taxGroup,
            TaxItemGroup: l.taxItemGroup,
          },
        };
      }),
    },
  };
  cache.set(inv, { version: inv.recVersion, row });
  return row;
}

function compareText(a: unknown, b: unknown): number {
  const x = typeof a === 'string' ? a : '';
  const y = typeof b === 'string' ? b : '';
  return x < y ? -1 : x > y ? 1 : 0;
}
