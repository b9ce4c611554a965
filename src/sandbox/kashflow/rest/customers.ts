import type { FastifyInstance } from 'fastify';
import { Dec } from '../../../canonical/money.js';
import { entityKey } from '../store/records.js';
import type { KashflowState } from '../state.js';
import type { CustomerRec } from '../store/records.js';
import { codeKey, invalidate } from '../store/store.js';
import { invalidField, notFound, RestError } from '../wire/errors.js';
import type { JsonReader } from '../wire/input.js';
import { byNumber, byString, envelope, pageRows, parseListQuery, sortedRows, type SortKeys } from './paging.js';
import { generateCode, readAddresses, readContacts, readCurrencyCode, readNameValues, readNominalCode, readPaymentTerms, validCode } from './party-input.js';
import { customerJson } from './party-json.js';
import { json, noContent, restRoute } from './route.js';

/** Read-only customer fields a client may send back; they are ignored. */
const CUSTOMER_READ_ONLY = ['Id', 'DisplayName', 'CreatedDate', 'LastUpdatedDate', 'FirstInvoiceDate', 'LastInvoiceDate', 'InvoiceCount', 'InvoicedNetAmount', 'InvoicedVATAmount', 'TotalPaidAmount', 'OutstandingBalance', 'AverageDaysToPay', 'IsGoCardlessMandateSet', 'Key', 'EnvelopeUrl'];

const CUSTOMER_SORT: SortKeys<CustomerRec> = {
  code: { name: 'Code', compare: (a, b) => byString(codeKey(a.code), codeKey(b.code)) },
  name: { name: 'Name', compare: (a, b) => byString(a.name.toLowerCase(), b.name.toLowerCase()) },
  id: { name: 'Id', compare: (a, b) => byNumber(a.id, b.id) },
  createddate: { name: 'CreatedDate', compare: (a, b) => byNumber(a.createdMs, b.createdMs) },
  lastupdateddate: { name: 'LastUpdatedDate', compare: (a, b) => byNumber(a.updatedMs, b.updatedMs) },
};

/** `/v2/customers`: paged list, detail by code, create, update (merge), delete. */
export function registerCustomerRoutes(app: FastifyInstance, state: KashflowState): void {
  restRoute(app, state, 'GET', '/v2/customers', { auth: true }, (call) => {
    const q = parseListQuery(call, CUSTOMER_SORT, 'Code');
    const rows = sortedRows(state, state.store.customers, 'customers', q);
    const page = pageRows(state, rows, q).map((c) => customerJson(state, c, 'summary'));
    return json(envelope(call, '/v2/customers', rows.length, q, page));
  });

  restRoute(app, state, 'GET', '/v2/customers/:code', { auth: true }, (call) => json(customerJson(state, findCustomer(state, call.params.code), 'detail')));

  restRoute(app, state, 'POST', '/v2/customers', { auth: true }, (call) => {
    const body = call.body();
    const now = state.ctx.clock.nowMs();
    const draft = readCustomer(state, body, newCustomer(state, now), 'create');
    body.finish();
    state.store.customers.set(codeKey(draft.code), draft);
    return json(customerJson(state, draft, 'detail'), 201);
  });

  restRoute(app, state, 'PUT', '/v2/customers/:code', { auth: true }, (call) => {
    const existing = findCustomer(state, call.params.code);
    const body = call.body();
    const updated = readCustomer(state, body, { ...existing }, 'update');
    body.finish();
    updated.updatedMs = Math.max(state.ctx.clock.nowMs(), existing.updatedMs + 1000);
    state.store.customers.set(codeKey(updated.code), updated);
    state.store.partyUpdated('invoice', updated);
    return json(customerJson(state, updated, 'detail'));
  });

  restRoute(app, state, 'DELETE', '/v2/customers/:code', { auth: true }, (call) => {
    const existing = findCustomer(state, call.params.code);
    if (state.store.documentsOf('invoice', existing.code).size > 0) throw new RestError(400, 'CustomerHasTransactions', `Customer ${existing.code} has invoices and cannot be deleted.`);
    state.store.customers.delete(codeKey(existing.code));
    return noContent;
  });
}

export function findCustomer(state: KashflowState, code: string | undefined): CustomerRec {
  const c = code === undefined ? undefined : state.store.customers.get(codeKey(code));
  if (!c) throw notFound(`Customer ${code ?? ''}`);
  return c;
}

function newCustomer(state: KashflowState, now: number): CustomerRec {
  return {
    id: 0,
    code: '',
    name: '',
    contacts: [],
    addresses: [],
    deliveryAddresses: [],
    useCustomDeliveryAddress: false,
    email: '',
    telephone: '',
    mobile: '',
    fax: '',
    website: '',
    currencyCode: state.store.homeCurrency,
    paymentTerms: { days: 30, type: 'AfterIssuedDate' },
    discountRate: new Dec(0),
    showDiscount: false,
    vatNumber: '',
    autoIncludeVatNumber: false,
    isRegisteredInEC: false,
    isRegisteredOutsideEC: false,
    note: '',
    source: 0,
    defaultNominalCode: state.store.nominals.has(4000) ? 4000 : 0,
    defaultCustomerReference: '',
    receivesWholesalePricing: false,
    applyWht: false,
    whtRate: new Dec(0),
    whtReferences: [],
    customTextBoxes: [],
    customCheckBoxes: [],
    createdMs: now,
    updatedMs: now,
    isArchived: false,
    automaticCreditControlEnabled: false,
    key: '',
    uniqueEntityNumber: '',
    emailTemplateNumber: 0,
    pdfThemeId: 0,
  };
}

/**
 * Applies a customer body onto `base` (a fresh record or a copy of the stored one): absent
 * properties keep their value (PUT merges [G]). Validates everything; never touches the store.
 */
function readCustomer(state: KashflowState, r: JsonReader, base: CustomerRec, mode: 'create' | 'update'): CustomerRec {
  r.ignore(...CUSTOMER_READ_ONLY);
  const c = base;
  const codeIfDuplicate = r.bool('CreateCustomerCodeIfDuplicate') ?? false;
  const nameIfEmpty = r.bool('CreateCustomerNameIfEmptyOrNull') ?? false;
  const name = r.str('Name', { max: 200 });
  if (name !== undefined) c.name = name.trim();
  const code = r.str('Code');
  if (mode === 'create') {
    const taken = (k: string): boolean => state.store.customers.has(k);
    if (code !== undefined && code.trim() !== '') {
      c.code = validCode('Code', code);
      if (taken(codeKey(c.code))) {
        if (!codeIfDuplicate) throw new RestError(400, 'DuplicateCode', `Code: a customer with code "${c.code}" already exists`);
        c.code = generateCode(c.code, taken);
      }
    }
    if (c.name === '') {
      if (!nameIfEmpty) throw invalidField('Name', 'is required');
      c.name = c.code !== '' ? c.code : 'New Customer';
    }
    if (c.code === '') c.code = generateCode(c.name, taken);
  } else if (c.name === '') {
    throw invalidField('Name', 'must not be empty');
  }
  c.contacts = readContacts(r, 'Contacts') ?? c.contacts;
  c.addresses = readAddresses(r, 'Addresses') ?? c.addresses;
  c.deliveryAddresses = readAddresses(r, 'DeliveryAddresses') ?? c.deliveryAddresses;
  c.useCustomDeliveryAddress = r.bool('UseCustomDeliveryAddress') ?? c.useCustomDeliveryAddress;
  c.email = r.str('Email', { max: 200 }) ?? c.email;
  c.telephone = r.str('TelephoneNumber', { max: 50 }) ?? c.telephone;
  c.mobile = r.str('MobileNumber', { max: 50 }) ?? c.mobile;
  c.fax = r.str('FaxNumber', { max: 50 }) ?? c.fax;
  c.website = r.str('Website', { max: 200 }) ?? c.website;
  c.currencyCode = readCurrencyCode(state, r) ?? c.currencyCode;
  c.paymentTerms = readPaymentTerms(r, c.paymentTerms) ?? c.paymentTerms;
  c.discountRate = r.dec('DiscountRate', { min: 0, max: 100 }) ?? c.discountRate;
  c.showDiscount = r.bool('ShowDiscount') ?? c.showDiscount;
  c.vatNumber = r.str('VATNumber', { max: 50 }) ?? c.vatNumber;
  c.autoIncludeVatNumber = r.bool('AutoIncludeVATNumber') ?? c.autoIncludeVatNumber;
  c.isRegisteredInEC = r.bool('IsRegisteredInEC') ?? c.isRegisteredInEC;
  c.isRegisteredOutsideEC = r.bool('IsRegisteredOutsideEC') ?? c.isRegisteredOutsideEC;
  c.note = r.str('Note', { max: 4000 }) ?? c.note;
  c.source = r.int('Source', { min: 0 }) ?? c.source;
  c.defaultNominalCode = readNominalCode(state, r, 'DefaultNominalCode', true) ?? c.defaultNominalCode;
  c.defaultCustomerReference = r.str('DefaultCustomerReference', { max: 100 }) ?? c.defaultCustomerReference;
  c.receivesWholesalePricing = r.bool('ReceivesWholesalePricing') ?? c.receivesWholesalePricing;
  c.applyWht = r.bool('ApplyWHT') ?? c.applyWht;
  c.whtRate = r.dec('WHTRate', { min: 0, max: 100 }) ?? c.whtRate;
  c.whtReferences = readNameValues(r, 'WHTReferences') ?? c.whtReferences;
  c.customTextBoxes = readNameValues(r, 'CustomTextBoxes') ?? c.customTextBoxes;
  c.customCheckBoxes = readNameValues(r, 'CustomCheckBoxes', true) ?? c.customCheckBoxes;
  c.isArchived = r.bool('IsArchived') ?? c.isArchived;
  c.automaticCreditControlEnabled = r.bool('AutomaticCreditControlEnabled') ?? c.automaticCreditControlEnabled;
  c.uniqueEntityNumber = r.str('UniqueEntityNumber', { max: 50 }) ?? c.uniqueEntityNumber;
  c.emailTemplateNumber = r.int('EmailTemplateNumber', { min: 0 }) ?? c.emailTemplateNumber;
  c.pdfThemeId = r.int('PDFThemeId', { min: 0 }) ?? c.pdfThemeId;
  if (mode === 'create') {
    c.id = state.store.nextId('customer');
    c.key = entityKey('customer', c.id);
  }
  invalidate(c);
  return c;
}
