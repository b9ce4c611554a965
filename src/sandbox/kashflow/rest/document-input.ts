import { Dec } from '../../../canonical/money.js';
import type { KashflowState } from '../state.js';
import { computeLine, dueDateFor, HOME_RATE } from '../store/documents.js';
import type { CustomerRec, DocumentKind, DocumentRec, LineRec, SupplierRec } from '../store/records.js';
import { codeKey } from '../store/store.js';
import { invalidField, RestError } from '../wire/errors.js';
import type { JsonReader } from '../wire/input.js';
import { readAddress } from './party-input.js';
import { storedDec } from '../../stored-decimal.js';

/** Read-only document fields a client may echo back; ignored (the server computes them). */
const DOCUMENT_READ_ONLY = [
  'Id', 'CustomerId', 'CustomerName', 'CustomerKey', 'CustomerContactName', 'CustomerContactFirstName', 'CustomerContactLastName', 'SupplierId', 'SupplierName',
  'CreatedDate', 'LastPaymentDate', 'PaidDate', 'Status', 'NetAmount', 'VATAmount', 'GrossAmount', 'HomeCurrencyGrossAmount', 'HomeCurrencyVATAmount', 'TotalPaidAmount',
  'DueAmount', 'FormattedDueAmount', 'OverdueDays', 'PaymentLines', 'Permalink', 'PackingSlipPermalink', 'PreviousNumber', 'NextNumber', 'ReminderLetters', 'EmailCount',
  'FileCount', 'SuppressNumber', 'AutomaticCreditControlEnabled', 'PayOnlinePaymentProcessor', 'TradeBorderType', 'Type', 'VATReturnId', 'IsCISReverseCharge', 'CISRCNetAmount',
  'CISRCVatAmount', 'IsWhtDeductionToBeApplied', 'ProjectName', 'ProjectGrossAmount', 'UpdateCustomerAddress', 'UpdateCustomerDeliveryAddress', 'StockManagementApplicable', 'IsEmailSent',
];

const LINE_READ_ONLY = ['Id', 'Number', 'NominalId', 'NominalName', 'ProductName', 'VATAmount', 'HomeCurrencyRate', 'HomeCurrencyVATAmount', 'Disallowed', 'StockInfo', 'ImportDuty', 'HomeCurrencyImportDuty', ...[1, 2, 3, 4, 5].flatMap((i) => [`ApplyTax${i}`, `Tax${i}Amount`])];

/** Field names that differ between invoices and purchases. */
function names(kind: DocumentKind): { party: string; reference: string; inEc: string } {
  return kind === 'invoice' ? { party: 'CustomerCode', reference: 'CustomerReference', inEc: 'InvoiceInECMemberState' } : { party: 'SupplierCode', reference: 'SupplierReference', inEc: 'PurchaseInECMemberState' };
}

/**
 * Reads an invoice/purchase body onto `base` (a blank draft, or a copy of the stored
 * document for PUT: absent properties keep their value [G]). Validates every field,
 * allocates nothing in the store except ids at the very end, and returns the draft.
 * Client-sent totals and payment lines are ignored.
 */
export function readDocument(state: KashflowState, kind: DocumentKind, r: JsonReader, base: DocumentRec, mode: 'create' | 'update'): DocumentRec {
  const n = names(kind);
  r.ignore(...DOCUMENT_READ_ONLY);
  const d = base;
  const store = state.store;
  if (mode === 'create') {
    const number = r.int('Number', { min: 0, max: 2_000_000_000 });
    if (number !== undefined && number > 0) {
      if (store.documents(kind).has(number)) throw new RestError(400, 'DuplicateNumber', `Number: ${kind === 'invoice' ? 'an invoice' : 'a purchase'} with number ${number} already exists`);
      d.number = number;
    }
  } else {
    r.ignore('Number');
  }
  const partyCode = r.str(n.party);
  let party: CustomerRec | SupplierRec | undefined = mode === 'update' ? store.partyOf(d) : undefined;
  if (partyCode !== undefined && partyCode.trim() !== '') {
    party = kind === 'invoice' ? store.customers.get(codeKey(partyCode)) : store.suppliers.get(codeKey(partyCode));
    if (!party) throw new RestError(400, kind === 'invoice' ? 'CustomerNotFound' : 'SupplierNotFound', `${n.party}: no ${kind === 'invoice' ? 'customer' : 'supplier'} with code "${partyCode}"`);
  }
  if (!party) throw invalidField(n.party, 'is required');
  const partyChanged = codeKey(party.code) !== codeKey(d.partyCode);
  d.partyCode = party.code;
  d.reference = r.str(n.reference, { max: 100 }) ?? d.reference;
  const issued = r.date('IssuedDate');
  if (issued !== undefined) d.issuedDate = issued;
  else if (mode === 'create') d.issuedDate = state.today();
  const due = r.date('DueDate');
  if (due !== undefined) d.dueDate = due;
  else if (mode === 'create') d.dueDate = dueDateFor(d.issuedDate, party.paymentTerms);
  if (d.dueDate < d.issuedDate) throw invalidField('DueDate', `must not be before IssuedDate (${d.issuedDate})`);

  const currency = r.obj('Currency');
  if (currency) {
    currency.ignore('Id', 'Name', 'Symbol', 'DisplaySymbolOnRight', 'DisplayOnRight', 'IsDefault');
    const code = currency.str('Code');
    const rate = currency.dec('ExchangeRate', { min: 0 });
    if (code !== undefined && code.trim() !== '') {
      const c = store.currencies.get(codeKey(code));
      if (!c) throw invalidField('Currency.Code', `unknown currency "${code}"`);
      d.currencyCode = c.code;
      d.exchangeRate = c.exchangeRate;
    }
    if (rate !== undefined && !rate.isZero()) d.exchangeRate = rate;
  } else if (mode === 'create' || partyChanged) {
    const c = store.currencies.get(codeKey(party.currencyCode));
    d.currencyCode = c?.code ?? store.homeCurrency;
    d.exchangeRate = c?.exchangeRate ?? HOME_RATE;
  }
  // The home currency is always at rate 1.
  if (codeKey(d.currencyCode) === codeKey(store.homeCurrency)) d.exchangeRate = HOME_RATE;

  const project = r.int('ProjectNumber', { min: 0 });
  if (project !== undefined) d.projectNumber = checkProject(state, 'ProjectNumber', project);
  const address = r.obj('Address');
  if (address) d.address = readAddress(address);
  else if (mode === 'create' || partyChanged) d.address = partyAddress(party);
  const delivery = r.obj('DeliveryAddress');
  if (delivery) d.deliveryAddress = readAddress(delivery);
  d.useCustomDeliveryAddress = r.bool('UseCustomDeliveryAddress') ?? d.useCustomDeliveryAddress;
  if (kind === 'invoice') {
    d.vatNumber = r.str('VATNumber', { max: 50 }) ?? (mode === 'create' || partyChanged ? party.vatNumber : d.vatNumber);
    d.customerDiscount = r.dec('CustomerDiscount', { min: 0, max: 100 }) ?? d.customerDiscount;
    d.outsideEc = r.bool('InvoiceOutsideECMemberState') ?? (mode === 'create' || partyChanged ? 'isRegisteredOutsideEC' in party && party.isRegisteredOutsideEC : d.outsideEc);
  } else {
    d.additionalFieldValue = r.str('AdditionalFieldValue', { max: 500 }) ?? d.additionalFieldValue;
  }
  d.inEc = r.bool(n.inEc) ?? (mode === 'create' || partyChanged ? party.isRegisteredInEC : d.inEc);
  d.isArchived = r.bool('IsArchived') ?? d.isArchived;

  const lines = r.arr('LineItems');
  if (lines) d.lines = lines.map((l) => readLine(state, l, party));
  else if (mode === 'create') d.lines = [];
  if (d.lines.length > 500) throw invalidField('LineItems', 'must not have more than 500 lines');

  // Numbers and ids last, after every check passed.
  d.lines.forEach((l, i) => {
    l.number = i + 1;
    if (l.lineId === 0) l.lineId = store.nextId('line');
  });
  if (mode === 'create') {
    if (d.number === 0) d.number = store.nextDocumentNumber(kind);
    d.id = store.nextId(kind);
  }
  return d;
}

function readLine(state: KashflowState, l: JsonReader, party: CustomerRec | SupplierRec): LineRec {
  l.ignore(...LINE_READ_ONLY);
  const store = state.store;
  const quantity = l.required('Quantity', l.dec('Quantity', { min: 0 }));
  const rate = l.required('Rate', l.dec('Rate', { min: 0 }));
  let nominalCode = l.int('NominalCode', { min: 0 });
  if (nominalCode === undefined || nominalCode === 0) nominalCode = party.defaultNominalCode;
  if (nominalCode === 0) throw invalidField(l.name('NominalCode'), 'is required');
  const nominal = store.nominals.get(nominalCode);
  if (!nominal) throw invalidField(l.name('NominalCode'), `unknown nominal code ${nominalCode}`);
  const productCode = (l.str('ProductCode', { max: 50 }) ?? '').trim();
  // Unknown product codes are kept as given (lenient [G]); known ones fill in the product name.
  const product = productCode === '' ? undefined : store.products.get(codeKey(productCode));
  const vatExempt = l.bool('VATExempt') ?? false;
  const vatLevel = vatExempt ? new Dec(0) : (l.dec('VATLevel', { min: 0, max: 100 }) ?? product?.vatRate ?? nominal.vatRate);
  if (vatExempt) l.ignore('VATLevel');
  const taxCode = l.str('TaxCode', { max: 20 }) ?? null;
  const project = checkProject(state, l.name('ProjectNumber'), l.int('ProjectNumber', { min: 0 }) ?? 0);
  const { net, vatAmount } = computeLine(quantity, rate, vatLevel, vatExempt);
  // Stored lines share equal decimals (storedDec): orders repeat a few quantities, rates and amounts.
  return {
    lineId: 0,
    number: 0,
    description: l.str('Description', { max: 4000 }) ?? product?.name ?? '',
    quantity: storedDec(quantity),
    rate: storedDec(rate),
    nominalCode,
    productCode: product?.code ?? productCode,
    productName: product?.name ?? '',
    vatLevel: storedDec(vatLevel),
    vatExempt,
    taxCode,
    projectNumber: project,
    net: storedDec(net),
    vatAmount: storedDec(vatAmount),
  };
}

function checkProject(state: KashflowState, field: string, project: number): number {
  if (project !== 0 && !state.store.projects.has(project)) throw invalidField(field, `unknown project number ${project}`);
  return project;
}

function partyAddress(party: CustomerRec | SupplierRec): DocumentRec['address'] {
  const a = 'addresses' in party ? party.addresses[0] : party.address;
  return a ? { ...a } : null;
}

/** A blank draft for POST. */
export function blankDocument(kind: DocumentKind, nowMs: number): DocumentRec {
  const zero = new Dec(0);
  return { kind, id: 0, number: 0, partyCode: '', reference: '', issuedDate: '', dueDate: '', createdMs: nowMs, currencyCode: '', exchangeRate: HOME_RATE, lines: [], payments: [], projectNumber: 0, address: null, deliveryAddress: null, useCustomDeliveryAddress: false, vatNumber: '', customerDiscount: zero, inEc: false, outsideEc: false, isArchived: false, additionalFieldValue: '', net: zero, vat: zero, gross: zero };
}
