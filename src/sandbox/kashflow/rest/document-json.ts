import { Dec } from '../../../canonical/money.js';
import type { KashflowState } from '../state.js';
import { paymentState, toHome, type PaymentState } from '../store/documents.js';
import type { CurrencyRec, CustomerRec, DocumentRec, LineRec, PaymentRec } from '../store/records.js';
import { money, optionalDate, businessDate, timestamp } from '../wire/format.js';
import { stringifyWithRawNumbers } from '../../../util/json-raw.js';
import { addressJson, cachedText, currencyOf } from './json-common.js';
import { JsonObjectText } from './json-text.js';
import { flatString } from '../../../util/flat-string.js';

const ZERO = new Dec(0);

/**
 * Sales invoices (reference §5.4) and purchases (§5.5). Every amount is computed by the
 * server. List summaries carry the same fields with `Currency`, `LineItems` and
 * `PaymentLines` null (reference §3.3) and `PreviousNumber`/`NextNumber` 0. Both shapes are
 * cached (dropped when the document, its party, the day or the settings change); a detail is
 * cached in two pieces around `PreviousNumber`/`NextNumber`, and its current neighbours are
 * written between them per request (they change as other documents are created or deleted).
 */
export function documentJson(state: KashflowState, doc: DocumentRec, shape: 'summary' | 'detail'): string {
  if (shape === 'summary') return cachedText(doc, state, 'summary', () => joined(build(state, doc, 'summary'), 0, 0));
  // Both pieces are cached flat (cachedText flattens the head; the tail is flattened here).
  const head = cachedText(doc, state, 'detail', () => {
    const pieces = build(state, doc, 'detail');
    doc.detailTail = flatString(pieces.tail);
    return pieces.head;
  });
  const tail = doc.detailTail as string;
  const [previous, next] = neighbours(state, doc);
  return joined({ head, tail }, previous, next);
}

/**
 * The detail text of a document just created or updated, for the write's answer: the same text
 * as {@link documentJson}, built without being kept. Integrations write far more documents than
 * they read back one by one, so keeping every answer (about 3 KB each, flattened) cost a copy per
 * write and heap for the life of the document; a later GET builds and caches it then.
 */
export function writtenDocumentJson(state: KashflowState, doc: DocumentRec): string {
  const [previous, next] = neighbours(state, doc);
  return joined(build(state, doc, 'detail'), previous, next);
}

/** A document's text without its neighbour fields: the part before and the part after them. */
interface DocumentPieces {
  readonly head: string;
  readonly tail: string;
}

function joined(pieces: DocumentPieces, previous: number, next: number): string {
  return `${pieces.head},"PreviousNumber":${previous},"NextNumber":${next}${pieces.tail}`;
}

/** `money(0)` as JSON text. */
const ZERO_MONEY = '0.0000';

function build(state: KashflowState, doc: DocumentRec, shape: 'summary' | 'detail'): DocumentPieces {
  const ps = paymentState(doc, state.today(), state.settings.partPaidStatus);
  return doc.kind === 'invoice' ? invoice(state, doc, ps, shape) : purchase(state, doc, ps, shape);
}

function invoice(state: KashflowState, doc: DocumentRec, ps: PaymentState, shape: 'summary' | 'detail'): DocumentPieces {
  const customer = state.store.partyOf(doc) as CustomerRec | undefined;
  const contact = customer?.contacts[0];
  const currency = currencyOf(state, doc.currencyCode);
  const detail = shape === 'detail';
  const project = doc.projectNumber === 0 ? undefined : state.store.projects.get(doc.projectNumber);
  const out = new JsonObjectText()
    .value('Id', doc.id)
    .value('Number', doc.number)
    .value('CustomerCode', doc.partyCode)
    .value('CustomerId', customer?.id ?? 0)
    .value('CustomerName', customer?.name ?? '')
    .value('CustomerKey', customer?.key ?? '')
    .value('CustomerContactName', contact?.name ?? '')
    .value('CustomerContactFirstName', contact?.firstName ?? '')
    .value('CustomerContactLastName', contact?.lastName ?? '')
    .value('CustomerReference', doc.reference)
    .value('IssuedDate', businessDate(doc.issuedDate))
    .value('DueDate', businessDate(doc.dueDate))
    .value('CreatedDate', timestamp(doc.createdMs))
    .value('LastPaymentDate', optionalDate(ps.lastPaymentDate))
    .value('PaidDate', optionalDate(ps.paidDate))
    .value('Status', ps.status)
    .money('NetAmount', doc.net)
    .money('VATAmount', doc.vat)
    .money('GrossAmount', doc.gross)
    .money('HomeCurrencyGrossAmount', toHome(doc.gross, doc.exchangeRate))
    .money('HomeCurrencyVATAmount', toHome(doc.vat, doc.exchangeRate))
    .money('TotalPaidAmount', ps.paidHome)
    .money('DueAmount', ps.due)
    .value('FormattedDueAmount', formatted(currency, ps))
    .value('OverdueDays', ps.overdueDays)
    .raw('Currency', detail ? currencyText(currency, doc.exchangeRate) : 'null')
    .raw('LineItems', detail ? linesText(state, doc) : 'null')
    .raw('PaymentLines', detail ? paymentsText(doc) : 'null')
    .raw('Address', doc.address ? JSON.stringify(addressJson(doc.address)) : 'null')
    .raw('DeliveryAddress', doc.deliveryAddress ? JSON.stringify(addressJson(doc.deliveryAddress)) : 'null')
    .value('UseCustomDeliveryAddress', doc.useCustomDeliveryAddress)
    .fields('"UpdateCustomerAddress":false,"UpdateCustomerDeliveryAddress":false')
    .value('VATNumber', doc.vatNumber)
    .money('CustomerDiscount', doc.customerDiscount)
    .value('InvoiceInECMemberState', doc.inEc)
    .value('InvoiceOutsideECMemberState', doc.outsideEc)
    .value('ProjectNumber', doc.projectNumber)
    .value('ProjectName', project?.name ?? '')
    .money('ProjectGrossAmount', projectGross(doc))
    .value('Permalink', `/v2/documents/invoice/${doc.number}`)
    .value('PackingSlipPermalink', `/v2/documents/packingslip/${doc.number}`);
  // PreviousNumber and NextNumber go between the pieces (documentJson).
  return { head: out.cut(), tail: invoiceTail(doc.isArchived, tradeBorder(doc)) };
}

/** The invoice tails written so far, by {@link invoiceTail}'s arguments (`isArchived ? 4 : 0` + trade border). */
const INVOICE_TAILS: (string | undefined)[] = [];

/**
 * The piece of an invoice's text after `PreviousNumber`/`NextNumber`: fixed fields but for
 * `IsArchived` and `TradeBorderType`, so each of its six texts is written once and shared.
 */
export function invoiceTail(isArchived: boolean, tradeBorderType: number): string {
  // Only the three trade border types KashFlow has are kept (any other value is written each time).
  const slot = tradeBorderType >= 1 && tradeBorderType <= 3 ? (isArchived ? 4 : 0) + tradeBorderType : undefined;
  const known = slot === undefined ? undefined : INVOICE_TAILS[slot];
  if (known !== undefined) return known;
  const out = new JsonObjectText().raw('Id', '0');
  out.cut();
  const tail = flatString(
    out
      .raw('ReminderLetters', '[]')
      .raw('EmailCount', '0')
      .raw('FileCount', '0')
      .value('IsArchived', isArchived)
      .raw('SuppressNumber', 'false')
      .raw('AutomaticCreditControlEnabled', 'false')
      .raw('PayOnlinePaymentProcessor', '0')
      .value('TradeBorderType', tradeBorderType)
      .raw('Type', '"Invoice"')
      .raw('VATReturnId', 'null')
      .raw('IsCISReverseCharge', 'false')
      .raw('CISRCNetAmount', ZERO_MONEY)
      .raw('CISRCVatAmount', ZERO_MONEY)
      .raw('IsWhtDeductionToBeApplied', 'false')
      .end(),
  );
  if (slot !== undefined) INVOICE_TAILS[slot] = tail;
  return tail;
}

function purchase(state: KashflowState, doc: DocumentRec, ps: PaymentState, shape: 'summary' | 'detail'): DocumentPieces {
  const supplier = state.store.partyOf(doc);
  const currency = currencyOf(state, doc.currencyCode);
  const detail = shape === 'detail';
  const project = doc.projectNumber === 0 ? undefined : state.store.projects.get(doc.projectNumber);
  const out = new JsonObjectText().value('Id', doc.id).value('Number', doc.number);
  // SupplierId disappeared from purchase responses around May 2026 (reference §5.5); a setting brings it back.
  if (state.settings.purchaseSupplierId) out.value('SupplierId', supplier?.id ?? 0);
  out
    .value('SupplierCode', doc.partyCode)
    .value('SupplierName', supplier?.name ?? '')
    .value('SupplierReference', doc.reference)
    .value('IssuedDate', businessDate(doc.issuedDate))
    .value('DueDate', businessDate(doc.dueDate))
    .value('PaidDate', optionalDate(ps.paidDate))
    .value('Status', ps.status)
    .money('NetAmount', doc.net)
    .money('VATAmount', doc.vat)
    .money('GrossAmount', doc.gross)
    .money('HomeCurrencyGrossAmount', toHome(doc.gross, doc.exchangeRate))
    .money('TotalPaidAmount', ps.paidHome)
    .money('DueAmount', ps.due)
    .value('OverdueDays', ps.overdueDays)
    .raw('Currency', detail ? currencyText(currency, doc.exchangeRate) : 'null')
    .raw('LineItems', detail ? linesText(state, doc) : 'null')
    .raw('PaymentLines', detail ? paymentsText(doc) : 'null')
    .value('Permalink', `/v2/documents/purchase/${doc.number}`);
  // PreviousNumber and NextNumber go between the pieces (documentJson).
  const head = out.cut();
  const tail = out
    .raw('FileCount', '0')
    .value('ProjectNumber', doc.projectNumber)
    .value('ProjectName', project?.name ?? '')
    .value('PurchaseInECMemberState', doc.inEc)
    .raw('StockManagementApplicable', 'false')
    .value('AdditionalFieldValue', doc.additionalFieldValue)
    .raw('IsWhtDeductionToBeApplied', 'false')
    .raw('IsCISReverseCharge', 'false')
    .raw('CISRCNetAmount', ZERO_MONEY)
    .raw('CISRCVatAmount', ZERO_MONEY)
    .value('TradeBorderType', tradeBorder(doc))
    .raw('IsEmailSent', 'false')
    .raw('VATReturnId', 'null')
    .raw('Type', '"Purchase"')
    .end();
  return { head, tail };
}

/** The embedded `Currency` object (as `currencyJson` in json-common writes it). */
function currencyText(c: CurrencyRec, exchangeRate: Dec): string {
  return new JsonObjectText().value('Id', c.id).value('Code', c.code).value('Name', c.name).value('Symbol', c.symbol).money('ExchangeRate', exchangeRate).value('DisplaySymbolOnRight', c.displaySymbolOnRight).end();
}

/** The `LineItems` array. */
function linesText(state: KashflowState, doc: DocumentRec): string {
  let text = '[';
  for (let i = 0; i < doc.lines.length; i++) text += (i === 0 ? '' : ',') + lineText(state, doc, doc.lines[i] as LineRec);
  return `${text}]`;
}

/** The `PaymentLines` array; see {@link paymentLineJson}. */
function paymentsText(doc: DocumentRec): string {
  return doc.payments.length === 0 ? '[]' : stringifyWithRawNumbers(doc.payments.map((p) => paymentLineJson(p)));
}

/** The fixed fields of a line after its amounts: no extra taxes. */
const LINE_TAXES = `${[1, 2, 3, 4, 5].map((i) => `"ApplyTax${i}":false`).join(',')},${[1, 2, 3, 4, 5].map((i) => `"Tax${i}Amount":${ZERO_MONEY}`).join(',')}`;

/** One `LineItems[]` element; purchases add the purchase-only line fields. */
function lineText(state: KashflowState, doc: DocumentRec, l: LineRec): string {
  const nominal = state.store.nominals.get(l.nominalCode);
  const out = new JsonObjectText()
    .value('Number', l.number)
    .value('Description', l.description)
    .money('Quantity', l.quantity)
    .money('Rate', l.rate)
    .value('NominalCode', l.nominalCode)
    .value('NominalId', nominal?.id ?? 0)
    .value('NominalName', nominal?.name ?? '')
    .value('ProductCode', l.productCode)
    .value('ProductName', l.productName)
    .money('VATLevel', l.vatLevel)
    .money('VATAmount', l.vatAmount)
    .value('VATExempt', l.vatExempt)
    .value('TaxCode', l.taxCode)
    .value('ProjectNumber', l.projectNumber)
    .money('HomeCurrencyRate', toHome(l.rate, doc.exchangeRate))
    .money('HomeCurrencyVATAmount', toHome(l.vatAmount, doc.exchangeRate))
    .fields(LINE_TAXES);
  if (doc.kind === 'purchase') out.raw('Disallowed', 'false').raw('StockInfo', 'null').raw('ImportDuty', ZERO_MONEY).raw('HomeCurrencyImportDuty', ZERO_MONEY);
  return out.end();
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
