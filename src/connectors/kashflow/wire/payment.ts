import { PaymentSchema, type Payment } from '../../../canonical/payment.js';
import { finalize, kashflowRef, type WireParseOptions } from './common.js';
import { parseKashflowInvoice, readPaymentLine } from './invoice.js';
import { invalid, WireReader } from './reader.js';

/**
 * Parses customer payments. Accepted shapes:
 * - `{ "PaymentLine": {…}, "Invoice": {…} }` — one KashFlow payment line plus the invoice it
 *   settles (what `kfax mapping test --entity customer-payment` takes);
 * - an invoice (`GET /v2/invoices/{n}`) with `PaymentLines` — one payment per line.
 */
export function parseKashflowCustomerPayments(json: unknown, options: WireParseOptions = {}): Payment[] {
  const r = new WireReader(json);
  const single = r.obj(['PaymentLine', 'Payment']);
  const invoiceJson = single ? r.raw('Invoice') : json;
  if (single && invoiceJson === undefined) throw invalid('$.Invoice', 'is required next to PaymentLine');
  const invoice = parseKashflowInvoice(invoiceJson, options);
  const lines = single ? [readPaymentLine(single)] : invoice.payments;
  if (lines.length === 0) throw invalid('$.PaymentLines', 'the invoice has no payment lines');
  return lines.map((line) => {
    if (line.amount.lte(0)) throw invalid(single ? '$.PaymentLine.Amount' : '$.PaymentLines', 'a payment amount must be greater than 0');
    return finalize(
      PaymentSchema,
      {
        source: kashflowRef('invoice-payment', line.id),
        kind: 'customer',
        id: line.id,
        date: line.date,
        amount: line.amount,
        currency: invoice.currency,
        exchangeRate: invoice.exchangeRate,
        methodId: line.methodId,
        bankAccountId: line.bankAccountId,
        reference: line.reference,
        note: line.note,
        documentNumber: invoice.number,
        partyCode: invoice.partyCode,
        partyName: invoice.partyName,
        documentGross: invoice.gross,
        ...(invoice.dueDate ? { documentDueDate: invoice.dueDate } : {}),
      },
      single ? '$.PaymentLine' : '$.PaymentLines',
    );
  });
}
