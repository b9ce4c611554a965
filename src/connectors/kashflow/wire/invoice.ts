import type { DocumentLine } from '../../../canonical/document-line.js';
import { PurchaseInvoiceSchema, SalesInvoiceSchema, type PurchaseInvoice, type SalesInvoice } from '../../../canonical/invoice.js';
import { mulDivRound } from '../../../canonical/divide.js';
import { Dec, roundTo, sum } from '../../../canonical/money.js';

const HUNDRED = new Dec(100);
import type { PaymentLine } from '../../../canonical/payment.js';
import { finalize, kashflowRef, readAddress, readCurrency, type WireParseOptions } from './common.js';
import { invalid, WireReader } from './reader.js';

/**
 * KashFlow line amounts: net = quantity × rate and VAT = net × VATLevel / 100, each rounded
 * to 2 dp half-up (reference §3.4: 45.00 × 13.5 % = 6.075 → 6.08). The wire's own
 * `VATAmount` wins when present, because that is what KashFlow booked.
 */
export function kashflowLineAmounts(quantity: Dec, rate: Dec, vatLevel: Dec, exempt: boolean): { net: Dec; vat: Dec } {
  const unrounded = quantity.times(rate);
  return { net: roundTo(unrounded, 2), vat: exempt ? new Dec(0) : mulDivRound(unrounded, vatLevel, HUNDRED, 2) };
}

function readLine(r: WireReader, index: number): DocumentLine {
  const quantity = r.dec('Quantity');
  const rate = r.dec('Rate');
  const exempt = r.bool('VATExempt');
  const vatRate = r.optDec(['VATLevel', 'VATRate', 'VatRate']) ?? new Dec(0);
  if (vatRate.lt(0)) {
    // SOAP convention: -1 means exempt / N/A.
    if (!vatRate.eq(-1)) throw invalid(`${r.path}.VATLevel`, 'must not be negative');
  }
  const isExempt = exempt || vatRate.eq(-1);
  // Each computed amount only when the wire does not carry it (as kashflowLineAmounts computes it).
  const net = r.optDec(['NetAmount', 'Net']) ?? roundTo(quantity.times(rate), 2);
  const vatAmount = r.optDec(['VATAmount', 'VatAmount']) ?? kashflowLineAmounts(quantity, rate, isExempt ? new Dec(0) : vatRate, isExempt).vat;
  const nominalCode = r.optInt(['NominalCode', 'ChargeType']);
  if (nominalCode === undefined) throw invalid(`${r.path}.NominalCode`, 'is required');
  const project = r.optInt(['ProjectNumber', 'ProjID']);
  const productCode = r.str('ProductCode');
  const number = r.optInt(['Number', 'Sort', 'LineNumber']) ?? index + 1;
  if (number < 0) throw invalid(`${r.path}.Number`, 'must not be negative');
  const line: DocumentLine = {
    number,
    description: r.str('Description'),
    quantity,
    rate,
    net,
    vatRate: isExempt ? new Dec(0) : vatRate,
    vatAmount,
    vatExempt: isExempt,
    nominalCode,
  };
  if (productCode !== '') line.productCode = productCode;
  if (project !== undefined && project > 0) line.projectNumber = project;
  const homeRate = r.optDec('HomeCurrencyRate');
  if (homeRate !== undefined) line.homeRate = homeRate;
  const homeVat = r.optDec('HomeCurrencyVATAmount');
  if (homeVat !== undefined) line.homeVatAmount = homeVat;
  return line;
}

function readPaymentLine(r: WireReader): PaymentLine {
  const amount = r.dec('Amount');
  return {
    id: r.int(['Id', 'PayID']),
    date: r.date(['Date', 'PayDate']),
    amount,
    methodId: r.optInt(['Method', 'PayMethod']) ?? 0,
    bankAccountId: r.optInt(['AccountId', 'PayAccount']) ?? 0,
    reference: r.str('Reference'),
    note: r.str(['Note', 'PayNote']),
  };
}

/** Fields both invoice kinds share. */
function readTradeDocument(json: unknown, party: 'Customer' | 'Supplier', options: WireParseOptions) {
  const r = new WireReader(json);
  const number = r.int(['Number', 'InvoiceNumber']);
  if (number <= 0) throw invalid('$.Number', 'must be a positive whole number');
  const partyCode = r.reqStr([`${party}Code`]);
  const items = r.arr(['LineItems', 'Lines']);
  if (items.length === 0) throw invalid('$.LineItems', 'at least one line is required');
  const lines = items.map((l, i) => readLine(l, i));
  const netOfLines = sum(lines.map((l) => l.net));
  const vatOfLines = sum(lines.map((l) => l.vatAmount));
  const net = r.optDec('NetAmount') ?? netOfLines;
  if (!net.eq(netOfLines)) throw invalid('$.NetAmount', `${net.toFixed(2)} is not the sum of the line net amounts (${netOfLines.toFixed(2)})`);
  // The document VAT may differ from the sum of line VAT by rounding; the mapping's VAT rule decides.
  const vat = r.optDec(['VATAmount', 'VatAmount']) ?? vatOfLines;
  const netPlusVat = net.plus(vat);
  const gross = r.optDec('GrossAmount') ?? netPlusVat;
  if (!gross.eq(netPlusVat)) throw invalid('$.GrossAmount', `${gross.toFixed(2)} is not NetAmount + VATAmount (${netPlusVat.toFixed(2)})`);
  const currency = readCurrency(r, options);
  const payments = r.arr('PaymentLines').map(readPaymentLine);
  // Built member by member in the canonical order, absent optional members left out (no
  // undefined members to delete, no copies: the parsers complete this object in place).
  const doc: Record<string, unknown> = {
    number,
    partyCode,
    partyName: r.str(`${party}Name`),
    reference: r.str(party === 'Customer' ? ['CustomerReference', 'CustomerRef'] : ['SupplierReference', 'SupplierRef']),
    issuedDate: r.date(['IssuedDate', 'InvoiceDate']),
  };
  const dueDate = r.optDate(['DueDate', 'PaymentDueDate']);
  if (dueDate !== undefined) doc.dueDate = dueDate;
  doc.currency = currency.code;
  doc.exchangeRate = currency.rate;
  doc.net = net;
  doc.vat = vat;
  doc.gross = gross;
  const homeGross = r.optDec('HomeCurrencyGrossAmount');
  if (homeGross !== undefined) doc.homeGross = homeGross;
  const homeVat = r.optDec('HomeCurrencyVATAmount');
  if (homeVat !== undefined) doc.homeVat = homeVat;
  doc.status = r.str('Status');
  doc.paidAmount = r.optDec(['TotalPaidAmount', 'AmountPaid']) ?? sum(payments.map((p) => p.amount));
  const projectNumber = positive(r.optInt('ProjectNumber'));
  if (projectNumber !== undefined) doc.projectNumber = projectNumber;
  doc.inEC = r.bool(party === 'Customer' ? 'InvoiceInECMemberState' : 'PurchaseInECMemberState');
  doc.outsideEC = r.bool('InvoiceOutsideECMemberState');
  doc.lines = lines;
  doc.payments = payments;
  const address = readAddress(r.obj('Address'));
  if (address !== undefined) doc.address = address;
  return { r, doc, number };
}

/** Parses a KashFlow sales invoice (`GET /v2/invoices/{number}`) into the canonical model. */
export function parseKashflowInvoice(json: unknown, options: WireParseOptions = {}): SalesInvoice {
  const { doc, number } = readTradeDocument(json, 'Customer', options);
  doc.kind = 'sales-invoice';
  doc.source = kashflowRef('invoice', number);
  // The reader has enforced every constraint of the schema (see finalize).
  return finalize(SalesInvoiceSchema, doc, '$', { checked: true });
}

/** Parses a KashFlow purchase (`GET /v2/purchases/{number}`) into the canonical model. */
export function parseKashflowPurchase(json: unknown, options: WireParseOptions = {}): PurchaseInvoice {
  const { r, doc, number } = readTradeDocument(json, 'Supplier', options);
  const additional = r.str('AdditionalFieldValue');
  doc.kind = 'purchase-invoice';
  if (additional !== '') doc.additionalField = additional;
  doc.source = kashflowRef('purchase', number);
  return finalize(PurchaseInvoiceSchema, doc, '$', { checked: true });
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && n > 0 ? n : undefined;
}

export { readPaymentLine };
