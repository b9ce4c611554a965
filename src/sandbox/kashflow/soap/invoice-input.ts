import { Dec } from '../../../canonical/money.js';
import { XSI_NS, attributeValue, xsiType, type XmlElement } from '../../../xml/tree.js';
import { blankDocument } from '../rest/document-input.js';
import type { KashflowState } from '../state.js';
import { computeLine, dueDateFor } from '../store/documents.js';
import type { CustomerRec, DocumentKind, DocumentRec, LineRec, SupplierRec } from '../store/records.js';
import { codeKey } from '../store/store.js';
import { SoapParams, SoapRejected } from './params.js';

/** Parsed, not yet validated, SOAP line (typed parsing has already happened). */
interface SoapLine {
  quantity: Dec;
  description: string | undefined;
  rate: Dec;
  chargeType: number;
  vatRate: Dec;
  productId: number;
  sort: number;
  projId: number;
  valuesInCurrency: number;
  index: number;
}

/** A SOAP `Invoice` parameter, parsed (ASMX deserialisation); validation happens in {@link buildDocument}. */
export interface SoapInvoice {
  number: number;
  invoiceDate: string | undefined;
  dueDate: string | undefined;
  customer: string | undefined;
  customerId: number;
  reference: string | undefined;
  projectId: number;
  currencyCode: string | undefined;
  exchangeRate: Dec;
  lines: SoapLine[];
  delivery: { name: string; line1: string; line2: string; line3: string; line4: string; postCode: string; countryName: string; countryCode: string } | undefined;
  useCustomDeliveryAddress: boolean;
}

/**
 * Reads `Inv`. Lines are accepted as `<anyType xsi:type="InvoiceLine">` (any prefix bound
 * to the KashFlow namespace, or none) or as typed `<InvoiceLine>` elements; read-only totals
 * (`NetAmount`, `VATAmount`, `AmountPaid`, `Paid`, line `VatAmount`, `LineID`) are ignored.
 */
export function readSoapInvoice(inv: SoapParams): SoapInvoice {
  const lines: SoapLine[] = [];
  const linesEl = inv.obj('Lines');
  linesEl?.element.children.forEach((child, index) => {
    const t = xsiType(child);
    const isLine = t ? t.name === 'InvoiceLine' : child.name === 'InvoiceLine';
    if (!isLine) throw new SoapRejected(`Line ${index + 1}: expected an InvoiceLine (xsi:type="InvoiceLine"), got <${child.name}${attributeValue(child, 'type', XSI_NS) ? ` xsi:type="${attributeValue(child, 'type', XSI_NS)}"` : ''}>`);
    const l = new SoapParams(child as XmlElement);
    lines.push({ quantity: l.dec('Quantity'), description: l.str('Description'), rate: l.dec('Rate'), chargeType: l.int('ChargeType'), vatRate: l.dec('VatRate'), productId: l.int('ProductID'), sort: l.int('Sort'), projId: l.int('ProjID'), valuesInCurrency: l.int('ValuesInCurrency'), index });
  });
  const d = inv.obj('DeliveryAddress');
  return {
    number: inv.int('InvoiceNumber'),
    invoiceDate: inv.date('InvoiceDate'),
    dueDate: inv.date('DueDate'),
    customer: inv.str('Customer'),
    customerId: inv.int('CustomerID'),
    reference: inv.str('CustomerReference'),
    projectId: inv.int('ProjectID'),
    currencyCode: inv.str('CurrencyCode'),
    exchangeRate: inv.dec('ExchangeRate'),
    lines,
    delivery: d ? { name: d.str('Name') ?? '', line1: d.str('Line1') ?? '', line2: d.str('Line2') ?? '', line3: d.str('Line3') ?? '', line4: d.str('Line4') ?? '', postCode: d.str('PostCode') ?? '', countryName: d.str('CountryName') ?? '', countryCode: (d.str('CountryCode') ?? '').toUpperCase() } : undefined,
    useCustomDeliveryAddress: inv.bool('UseCustomDeliveryAddress'),
  };
}

/**
 * Validates a SOAP invoice/receipt against the account and builds the document (ids last).
 * - the party is `CustomerID` when > 0, else the `Customer` code;
 * - `ChargeType` is a nominal **id** (0 = the party's default nominal);
 * - `VatRate` −1 means exempt; `ProductID` / `ProjID` / `ProjectID` are ids (0 = none);
 * - with a foreign currency and `ValuesInCurrency` ≠ 1, `Rate` is in home currency and is
 *   converted (× exchange rate) [C1: KF-SOAP-invoiceline].
 */
export function buildDocument(state: KashflowState, kind: DocumentKind, inv: SoapInvoice): DocumentRec {
  const store = state.store;
  const what = kind === 'invoice' ? 'customer' : 'supplier';
  let party: CustomerRec | SupplierRec | undefined;
  if (inv.customerId > 0) {
    party = [...(kind === 'invoice' ? store.customers : store.suppliers).values()].find((p) => p.id === inv.customerId);
    if (!party) throw new SoapRejected(`CustomerID: no ${what} with id ${inv.customerId}`);
  } else if (inv.customer !== undefined && inv.customer.trim() !== '') {
    party = kind === 'invoice' ? store.customers.get(codeKey(inv.customer)) : store.suppliers.get(codeKey(inv.customer));
    if (!party) throw new SoapRejected(`Customer: no ${what} with code "${inv.customer}"`);
  } else {
    throw new SoapRejected(`CustomerID: a ${what} is required`);
  }
  if (inv.number < 0) throw new SoapRejected('InvoiceNumber: must not be negative');
  if (inv.number > 0 && store.documents(kind).has(inv.number)) throw new SoapRejected(`InvoiceNumber: ${kind === 'invoice' ? 'invoice' : 'receipt'} number ${inv.number} already exists`);
  const doc = blankDocument(kind, state.ctx.clock.nowMs());
  doc.partyCode = party.code;
  doc.reference = inv.reference ?? '';
  doc.issuedDate = inv.invoiceDate ?? state.today();
  doc.dueDate = inv.dueDate ?? dueDateFor(doc.issuedDate, party.paymentTerms);
  if (doc.dueDate < doc.issuedDate) throw new SoapRejected('DueDate: must not be before InvoiceDate');
  const code = inv.currencyCode !== undefined && inv.currencyCode.trim() !== '' ? inv.currencyCode : party.currencyCode;
  const currency = store.currencies.get(codeKey(code));
  if (!currency) throw new SoapRejected(`CurrencyCode: unknown currency "${code}"`);
  doc.currencyCode = currency.code;
  if (inv.exchangeRate.isNegative()) throw new SoapRejected('ExchangeRate: must not be negative');
  doc.exchangeRate = currency.isDefault ? new Dec(1) : inv.exchangeRate.isZero() ? currency.exchangeRate : inv.exchangeRate;
  doc.projectNumber = projectNumberOf(state, 'ProjectID', inv.projectId);
  const a = 'addresses' in party ? party.addresses[0] : party.address;
  doc.address = a ? { ...a } : null;
  if (inv.delivery) doc.deliveryAddress = { line1: inv.delivery.line1, line2: inv.delivery.line2, line3: inv.delivery.line3, line4: inv.delivery.line4, postCode: inv.delivery.postCode, countryCode: inv.delivery.countryCode, countryName: inv.delivery.countryName };
  doc.useCustomDeliveryAddress = inv.useCustomDeliveryAddress;
  doc.vatNumber = party.vatNumber;
  doc.inEc = party.isRegisteredInEC;
  doc.outsideEc = 'isRegisteredOutsideEC' in party ? party.isRegisteredOutsideEC : false;
  const foreign = !currency.isDefault;
  doc.lines = inv.lines
    .slice()
    .sort((x, y) => x.sort - y.sort || x.index - y.index)
    .map((l): LineRec => {
      const at = `Line ${l.index + 1}`;
      if (l.quantity.isNegative()) throw new SoapRejected(`${at}: Quantity must not be negative`);
      if (l.rate.isNegative()) throw new SoapRejected(`${at}: Rate must not be negative`);
      const nominal = l.chargeType === 0 ? store.nominals.get(party.defaultNominalCode) : store.nominalsById.get(l.chargeType);
      if (!nominal) throw new SoapRejected(`${at}: ChargeType ${l.chargeType} is not a nominal id of this account`);
      const exempt = l.vatRate.equals(-1);
      if (!exempt && (l.vatRate.isNegative() || l.vatRate.greaterThan(100))) throw new SoapRejected(`${at}: VatRate must be between 0 and 100, or -1 for exempt`);
      const product = l.productId === 0 ? undefined : [...store.products.values()].find((p) => p.id === l.productId);
      if (l.productId !== 0 && !product) throw new SoapRejected(`${at}: ProductID ${l.productId} is not a product of this account`);
      const rate = foreign && l.valuesInCurrency !== 1 ? l.rate.times(doc.exchangeRate) : l.rate;
      const vatLevel = exempt ? new Dec(0) : l.vatRate;
      return {
        lineId: 0,
        number: 0,
        description: l.description ?? product?.name ?? '',
        quantity: l.quantity,
        rate,
        nominalCode: nominal.code,
        productCode: product?.code ?? '',
        productName: product?.name ?? '',
        vatLevel,
        vatExempt: exempt,
        taxCode: null,
        projectNumber: projectNumberOf(state, `${at}: ProjID`, l.projId),
        ...computeLine(l.quantity, rate, vatLevel, exempt),
      };
    });
  if (doc.lines.length > 500) throw new SoapRejected('Lines: more than 500 lines');
  doc.lines.forEach((l, i) => {
    l.number = i + 1;
    l.lineId = store.nextId('line');
  });
  doc.number = inv.number > 0 ? inv.number : store.nextDocumentNumber(kind);
  doc.id = store.nextId(kind);
  return doc;
}

function projectNumberOf(state: KashflowState, field: string, projectId: number): number {
  if (projectId === 0) return 0;
  const p = [...state.store.projects.values()].find((x) => x.id === projectId);
  if (!p) throw new SoapRejected(`${field}: no project with id ${projectId}`);
  return p.number;
}
