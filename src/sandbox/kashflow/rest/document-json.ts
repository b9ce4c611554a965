import { Dec } from '../../../canonical/money.js';
import type { KashflowState } from '../state.js';
import { paymentState, toHome, type PaymentState } from '../store/documents.js';
import type { CurrencyRec, CustomerRec, DocumentRec, LineRec, PaymentRec } from '../store/records.js';
import { money, optionalDate, businessDate, timestamp } from '../wire/format.js';
import { addressJson, cachedJson, currencyJson, currencyOf } from './json-common.js';

const ZERO = new Dec(0);

/**
 * Sales invoices (reference §5.4) and purchases (§5.5). Every amount is computed by the
 * server. List summaries carry the same fields with `Currency`, `LineItems` and
 * `PaymentLines` null (reference §3.3) and `PreviousNumber`/`NextNumber` 0. Both shapes are
 * cached (dropped when the document, its party, the day or the settings change); a detail is
 * cached with `PreviousNumber`/`NextNumber` 0 and its current neighbours are written into
 * the text per request (they change as other documents are created or deleted).
 */
export function documentJson(state: KashflowState, doc: DocumentRec, shape: 'summary' | 'detail'): string {
  if (shape === 'summary') return cachedJson(doc, state, 'summary', () => build(state, doc, 'summary'));
  const text = cachedJson(doc, state, 'detail', () => build(state, doc, 'detail'));
  const [previous, next] = neighbours(state, doc);
  if (previous === 0 && next === 0) return text;
  // `,"` cannot occur inside a JSON string (its quotes are escaped), so the first match is
  // the top-level pair.
  const at = text.indexOf(NO_NEIGHBOURS);
  return `${text.slice(0, at)},"PreviousNumber":${previous},"NextNumber":${next},${text.slice(at + NO_NEIGHBOURS.length)}`;
}

/** The neighbour fields of a cached detail text. */
const NO_NEIGHBOURS = ',"PreviousNumber":0,"NextNumber":0,';

function build(state: KashflowState, doc: DocumentRec, shape: 'summary' | 'detail'): Record<string, unknown> {
  const ps = paymentState(doc, state.today(), state.settings.partPaidStatus);
  return doc.kind === 'invoice' ? invoice(state, doc, ps, shape) : purchase(state, doc, ps, shape);
}

function invoice(state: KashflowState, doc: DocumentRec, ps: PaymentState, shape: 'summary' | 'detail'): Record<string, unknown> {
  const customer = state.store.partyOf(doc) as CustomerRec | undefined;
  const contact = customer?.contacts[0];
  const currency = currencyOf(state, doc.currencyCode);
  const detail = shape === 'detail';
  const project = doc.projectNumber === 0 ? undefined : state.store.projects.get(doc.projectNumber);
  return {
    Id: doc.id,
    Number: doc.number,
    CustomerCode: doc.partyCode,
    CustomerId: customer?.id ?? 0,
    CustomerName: customer?.name ?? '',
    CustomerKey: customer?.key ?? '',
    CustomerContactName: contact?.name ?? '',
    CustomerContactFirstName: contact?.firstName ?? '',
    CustomerContactLastName: contact?.lastName ?? '',
    CustomerReference: doc.reference,
    IssuedDate: businessDate(doc.issuedDate),
    DueDate: businessDate(doc.dueDate),
    CreatedDate: timestamp(doc.createdMs),
    LastPaymentDate: optionalDate(ps.lastPaymentDate),
    PaidDate: optionalDate(ps.paidDate),
    Status: ps.status,
    NetAmount: money(doc.net),
    VATAmount: money(doc.vat),
    GrossAmount: money(doc.gross),
    HomeCurrencyGrossAmount: money(toHome(doc.gross, doc.exchangeRate)),
    HomeCurrencyVATAmount: money(toHome(doc.vat, doc.exchangeRate)),
    TotalPaidAmount: money(ps.paidHome),
    DueAmount: money(ps.due),
    FormattedDueAmount: formatted(currency, ps),
    OverdueDays: ps.overdueDays,
    Currency: detail ? currencyJson(currency, doc.exchangeRate) : null,
    LineItems: detail ? doc.lines.map((l) => lineJson(state, doc, l)) : null,
    PaymentLines: detail ? doc.payments.map((p) => paymentLineJson(p)) : null,
    Address: doc.address ? addressJson(doc.address) : null,
    DeliveryAddress: doc.deliveryAddress ? addressJson(doc.deliveryAddress) : null,
    UseCustomDeliveryAddress: doc.useCustomDeliveryAddress,
    UpdateCustomerAddress: false,
    UpdateCustomerDeliveryAddress: false,
    VATNumber: doc.vatNumber,
    CustomerDiscount: money(doc.customerDiscount),
    InvoiceInECMemberState: doc.inEc,
    InvoiceOutsideECMemberState: doc.outsideEc,
    ProjectNumber: doc.projectNumber,
    ProjectName: project?.name ?? '',
    ProjectGrossAmount: money(projectGross(doc)),
    Permalink: `/v2/documents/invoice/${doc.number}`,
    PackingSlipPermalink: `/v2/documents/packingslip/${doc.number}`,
    // Written into the (cached) detail text by documentJson.
    PreviousNumber: 0,
    NextNumber: 0,
    ReminderLetters: [],
    EmailCount: 0,
    FileCount: 0,
    IsArchived: doc.isArchived,
    SuppressNumber: false,
    AutomaticCreditControlEnabled: false,
    PayOnlinePaymentProcessor: 0,
    TradeBorderType: tradeBorder(doc),
    Type: 'Invoice',
    VATReturnId: null,
    IsCISReverseCharge: false,
    CISRCNetAmount: money(ZERO),
    CISRCVatAmount: money(ZERO),
    IsWhtDeductionToBeApplied: false,
  };
}

function purchase(state: KashflowState, doc: DocumentRec, ps: PaymentState, shape: 'summary' | 'detail'): Record<string, unknown> {
  const supplier = state.store.partyOf(doc);
  const currency = currencyOf(state, doc.currencyCode);
  const detail = shape === 'detail';
  const project = doc.projectNumber === 0 ? undefined : state.store.projects.get(doc.projectNumber);
  return {
    Id: doc.id,
    Number: doc.number,
    // SupplierId disappeared from purchase responses around May 2026 (reference §5.5); a setting brings it back.
    ...(state.settings.purchaseSupplierId ? { SupplierId: supplier?.id ?? 0 } : {}),
    SupplierCode: doc.partyCode,
    SupplierName: supplier?.name ?? '',
    SupplierReference: doc.reference,
    IssuedDate: businessDate(doc.issuedDate),
    DueDate: businessDate(doc.dueDate),
    PaidDate: optionalDate(ps.paidDate),
    Status: ps.status,
    NetAmount: money(doc.net),
    VATAmount: money(doc.vat),
    GrossAmount: money(doc.gross),
    HomeCurrencyGrossAmount: money(toHome(doc.gross, doc.exchangeRate)),
    TotalPaidAmount: money(ps.paidHome),
    DueAmount: money(ps.due),
    OverdueDays: ps.overdueDays,
    Currency: detail ? currencyJson(currency, doc.exchangeRate) : null,
    LineItems: detail ? doc.lines.map((l) => lineJson(state, doc, l)) : null,
    PaymentLines: detail ? doc.payments.map((p) => paymentLineJson(p)) : null,
    Permalink: `/v2/documents/purchase/${doc.number}`,
    // Written into the (cached) detail text by documentJson.
    PreviousNumber: 0,
    NextNumber: 0,
    FileCount: 0,
    ProjectNumber: doc.projectNumber,
    ProjectName: project?.name ?? '',
    PurchaseInECMemberState: doc.inEc,
    StockManagementApplicable: false,
    AdditionalFieldValue: doc.additionalFieldValue,
    IsWhtDeductionToBeApplied: false,
    IsCISReverseCharge: false,
    CISRCNetAmount: money(ZERO),
    CISRCVatAmount: money(ZERO),
    TradeBorderType: tradeBorder(doc),
    IsEmailSent: false,
    VATReturnId: null,
    Type: 'Purchase',
  };
}

/** One `LineItems[]` element; purchases add the purchase-only line fields. */
export function lineJson(state: KashflowState, doc: DocumentRec, l: LineRec): Record<string, unknown> {
  const nominal = state.store.nominals.get(l.nominalCode);
    const out: Record<string, unknown> = {
    Number: l.number,
    Description: l.description,
    Quantity: money(l.quantity),
    Rate: money(l.rate),
    NominalCode: l.nominalCode,
    NominalId: nominal?.id ?? 0,
    NominalName: nominal?.name ?? '',
    ProductCode: l.productCode,
    ProductName: l.productName,
    VATLevel: money(l.vatLevel),
    VATAmount: money(l.vatAmount),
    VATExempt: l.vatExempt,
    TaxCode: l.taxCode,
    ProjectNumber: l.projectNumber,
    HomeCurrencyRate: money(toHome(l.rate, doc.exchangeRate)),
    HomeCurrencyVATAmount: money(toHome(l.vatAmount, doc.exchangeRate)),
  };
  for (let i = 1; i <= 5; i++) out[`ApplyTax${i}`] = false;
  for (let i = 1; i <= 5; i++) out[`Tax${i}Amount`] = money(ZERO);
  if (doc.kind === 'purchase') {
    out.Disallowed = false;
    out.StockInfo = null;
    out.ImportDuty = money(ZERO);
    out.HomeCurrencyImportDuty = money(ZERO);
  }
  return out;
}

/** One `PaymentLines[]` element (same shape on invoices and purchases). */
export function paymentLineJson(p: PaymentRec): Record<string, unknown> {
  return {
    Id: p.id,
    Date: businessDate(p.date),
    Amount: money(p.amount),
    Method: p.method,
    AccountId: p.accountId,
    Note: p.note,
    Reference: p.reference,
    Permalink: `/v2/documents/${p.kind}/payment/${p.id}`,
    BulkId: p.bulkId,
    BulkPaymentNumber: p.bulkNumber,
    BFSTransactionId: null,
    BankTransactionId: null,
    PaymentProcessor: 0,
    PaymentProcessorEnumValue: 'None',
    IsPaymentCreditNote: false,
    VATReturnId: null,
    // Seen as 0 in KashFlow's own example (reference §5.4).
    InvoiceNumber: 0,
    PayDate: businessDate(p.date),
  };
}

function formatted(currency: CurrencyRec, ps: PaymentState): string {
  const text = ps.due.abs().toFixed(2);
  const sign = ps.due.isNegative() && !ps.due.isZero() ? '-' : '';
  return currency.displaySymbolOnRight ? `${sign}${text}${currency.symbol}` : `${sign}${currency.symbol}${text}`;
}

function projectGross(doc: DocumentRec): Dec {
  let total = ZERO;
  if (doc.projectNumber === 0) return total;
  for (const l of doc.lines) if (l.projectNumber === doc.projectNumber) total = total.plus(l.net).plus(l.vatAmount);
  return total;
}

/** 1 domestic, 2 EC, 3 outside the EC [G]. */
function tradeBorder(doc: DocumentRec): number {
  return doc.inEc ? 2 : doc.outsideEc ? 3 : 1;
}

/** How far {@link neighbours} probes by number before scanning (numbers are nearly dense). */
const NEIGHBOUR_PROBES = 64;

/** Numbers of the previous and next document by number (0 when none). */
function neighbours(state: KashflowState, doc: DocumentRec): [number, number] {
  const docs = state.store.documents(doc.kind);
  let previous = 0;
  let next = 0;
  for (let n = doc.number - 1; n >= doc.number - NEIGHBOUR_PROBES && n > 0; n--) {
    if (docs.has(n)) {
      previous = n;
      break;
    }
  }
  const highest = docs.highestKey() ?? 0;
  for (let n = doc.number + 1; n <= doc.number + NEIGHBOUR_PROBES && n <= highest; n++) {
    if (docs.has(n)) {
      next = n;
      break;
    }
  }
  const previousFound = previous !== 0 || doc.number - NEIGHBOUR_PROBES <= 0;
  const nextFound = next !== 0 || doc.number + NEIGHBOUR_PROBES >= highest;
  if (previousFound && nextFound) return [previous, next];
  // A gap wider than the probes: scan.
  for (const d of docs.values()) {
    if (!previousFound && d.number < doc.number && d.number > previous) previous = d.number;
    if (!nextFound && d.number > doc.number && (next === 0 || d.number < next)) next = d.number;
  }
  return [previous, next];
}
