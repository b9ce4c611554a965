/**
 * The part of a KashFlow invoice/purchase list row that change detection compares. List rows
 * are summaries (no lines, no payment lines, reference §3.3); payments show in `Status`,
 * `TotalPaidAmount`, `DueAmount`, `LastPaymentDate` and `PaidDate`, so hashing those catches
 * them (§8). The detail (`GET /invoices/{n}`) carries the same fields, so a detail hashes the
 * same as its list row.
 */
import { contentHash } from '../../../canonical/hash.js';
import { WireReader, invalid } from '../wire/reader.js';

/** The two kinds of trade document that are polled. */
export type DocumentKind = 'invoice' | 'purchase';

/** One document as change detection sees it. */
export interface DocumentSummary {
  readonly number: number;
  readonly partyCode: string;
  /** `yyyy-MM-dd`, or undefined when KashFlow sent none. */
  readonly issuedDate: string | undefined;
  /** Status as KashFlow wrote it (`Unpaid`, `Paid`, …). */
  readonly status: string;
  /** Some payment is recorded (paid amount not zero, or a last payment date). */
  readonly hasPayments: boolean;
  /** `Paid` or `Overpaid`: nothing more is expected (the status scan stops at these). */
  readonly settled: boolean;
  /** Fully paid for the `paid` invoice trigger: `Paid`, `Overpaid`, or `NA` (a zero total has nothing to pay). */
  readonly fullyPaid: boolean;
  /** Hash of the fields that matter (not `OverdueDays`, which moves every day). */
  readonly hash: string;
}

/** Status text normalised for comparison (`Part Paid` = `partpaid`). */
export function statusKey(status: string): string {
  return status.toLowerCase().replace(/[\s_-]/g, '');
}

const SETTLED = new Set(['paid', 'overpaid']);
const FULLY_PAID = new Set(['paid', 'overpaid', 'na']);

/** True for a status after which no payment is expected (`Paid`, `Overpaid`). */
export function isSettledStatus(status: string): boolean {
  return SETTLED.has(statusKey(status));
}

/**
 * Reads one list row (or a detail) leniently: any key casing, decimals as numbers or text,
 * dates with or without offset. A row without a positive `Number` is a `KFAX_INPUT_INVALID`
 * naming the path.
 */
export function readDocumentSummary(row: unknown, kind: DocumentKind, path = '$'): DocumentSummary {
  const r = new WireReader(row, path);
  const number = r.int(['Number', 'InvoiceNumber']);
  if (number <= 0) throw invalid(`${path}.Number`, 'must be a positive whole number');
  const party = kind === 'invoice' ? 'Customer' : 'Supplier';
  const partyCode = r.str(`${party}Code`).toUpperCase();
  const status = r.str('Status');
  const paidAmount = r.optDec(['TotalPaidAmount', 'AmountPaid']);
  const lastPayment = r.optDate('LastPaymentDate');
  const fields = {
    number,
    party: partyCode,
    reference: r.str(kind === 'invoice' ? ['CustomerReference', 'CustomerRef'] : ['SupplierReference', 'SupplierRef']),
    issued: r.optDate(['IssuedDate', 'InvoiceDate']),
    due: r.optDate(['DueDate', 'PaymentDueDate']),
    status: statusKey(status),
    net: r.optDec('NetAmount'),
    vat: r.optDec(['VATAmount', 'VatAmount']),
    gross: r.optDec('GrossAmount'),
    homeGross: r.optDec('HomeCurrencyGrossAmount'),
    paid: paidAmount,
    dueAmount: r.optDec('DueAmount'),
    lastPayment,
    paidDate: r.optDate('PaidDate'),
    deletedAt: r.str('DeletedAt') || undefined,
  };
  return {
    number,
    partyCode,
    issuedDate: fields.issued,
    status,
    hasPayments: (paidAmount !== undefined && !paidAmount.isZero()) || lastPayment !== undefined,
    settled: SETTLED.has(fields.status),
    fullyPaid: FULLY_PAID.has(fields.status),
    hash: contentHash(fields).slice(0, 32),
  };
}

/** Payment line ids of a document detail (`PaymentLines[].Id`), in the order KashFlow lists them. */
export function readPaymentIds(detail: unknown, path = '$'): number[] {
  const r = new WireReader(detail, path);
  return r.arr('PaymentLines').map((p) => {
    const id = p.int(['Id', 'PayID']);
    if (id <= 0) throw invalid(`${p.path}.Id`, 'must be a positive whole number');
    return id;
  });
}
