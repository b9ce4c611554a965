import type { FastifyInstance } from 'fastify';
import { Dec } from '../../../canonical/money.js';
import type { KashflowState } from '../state.js';
import type { SupplierRec } from '../store/records.js';
import { codeKey, invalidate } from '../store/store.js';
import { invalidField, notFound, RestError } from '../wire/errors.js';
import type { JsonReader } from '../wire/input.js';
import { byNumber, byString, envelope, pageRows, parseListQuery, sortedRows, type SortKeys } from './paging.js';
import { generateCode, readAddress, readContacts, readCurrencyCode, readNameValues, readNominalCode, readPaymentTerms, validCode } from './party-input.js';
import { supplierJson } from './party-json.js';
import { json, noContent, restRoute } from './route.js';

const SUPPLIER_READ_ONLY = ['Id', 'CreatedDate', 'LastUpdatedDate', 'FirstPurchaseDate', 'LastPurchaseDate', 'OutstandingBalance', 'TotalPaidAmount', 'TotalDueAmount', 'BilledNetAmount', 'BilledVatAmount'];

const SUPPLIER_SORT: SortKeys<SupplierRec> = {
  code: { name: 'Code', compare: (a, b) => byString(codeKey(a.code), codeKey(b.code)) },
  name: { name: 'Name', compare: (a, b) => byString(a.name.toLowerCase(), b.name.toLowerCase()) },
  id: { name: 'Id', compare: (a, b) => byNumber(a.id, b.id) },
  createddate: { name: 'CreatedDate', compare: (a, b) => byNumber(a.createdMs, b.createdMs) },
  lastupdateddate: { name: 'LastUpdatedDate', compare: (a, b) => byNumber(a.updatedMs, b.updatedMs) },
};

/** `/v2/suppliers`: paged list, detail by code, create, update (merge), delete. */
export function registerSupplierRoutes(app: FastifyInstance, state: KashflowState): void {
  restRoute(app, state, 'GET', '/v2/suppliers', { auth: true }, (call) => {
    const q = parseListQuery(call, SUPPLIER_SORT, 'Code');
    const rows = sortedRows(state, state.store.suppliers, 'suppliers', q);
    const page = pageRows(state, rows, q).map((s) => supplierJson(state, s, 'summary'));
    return json(envelope(call, '/v2/suppliers', rows.length, q, page));
  });

  restRoute(app, state, 'GET', '/v2/suppliers/:code', { auth: true }, (call) => json(supplierJson(state, findSupplier(state, call.params.code), 'detail')));

  restRoute(app, state, 'POST', '/v2/suppliers', { auth: true }, (call) => {
    const body = call.body();
    const draft = readSupplier(state, body, newSupplier(state, state.ctx.clock.nowMs()), 'create');
    body.finish();
    state.store.suppliers.set(codeKey(draft.code), draft);
    return json(supplierJson(state, draft, 'detail'), 201);
  });

  restRoute(app, state, 'PUT', '/v2/suppliers/:code', { auth: true }, (call) => {
    const existing = findSupplier(state, call.params.code);
    const body = call.body();
    const updated = readSupplier(state, body, { ...existing }, 'update');
    body.finish();
    updated.updatedMs = Math.max(state.ctx.clock.nowMs(), existing.updatedMs + 1000);
    state.store.suppliers.set(codeKey(updated.code), updated);
    state.store.partyUpdated('purchase', updated);
    return json(supplierJson(state, updated, 'detail'));
  });

  restRoute(app, state, 'DELETE', '/v2/suppliers/:code', { auth: true }, (call) => {
    const existing = findSupplier(state, call.params.code);
    if (state.store.documentsOf('purchase', existing.code).size > 0) throw new RestError(400, 'SupplierHasTransactions', `Supplier ${existing.code} has purchases and cannot be deleted.`);
    state.store.suppliers.delete(codeKey(existing.code));
    return noContent;
  });
}

export function findSupplier(state: KashflowState, code: string | undefined): SupplierRec {
  const s = code === undefined ? undefined : state.store.suppliers.get(codeKey(code));
  if (!s) throw notFound(`Supplier ${code ?? ''}`);
  return s;
}

function newSupplier(state: KashflowState, now: number): SupplierRec {
  return {
    id: 0,
    code: '',
    name: '',
    contacts: [],
    address: { line1: '', line2: '', line3: '', line4: '', postCode: '', countryCode: '', countryName: '' },
    currencyCode: state.store.homeCurrency,
    paymentTerms: { days: 30, type: 'AfterIssuedDate' },
    vatNumber: '',
    isRegisteredInEC: false,
    defaultNominalCode: state.store.nominals.has(5000) ? 5000 : 0,
    paymentMethod: 0,
    bankAccount: { name: '', number: '', sortCode: '' },
    defaultPdfTheme: 0,
    note: '',
    createdMs: now,
    updatedMs: now,
    isArchived: false,
    applyWithholdingTax: false,
    withholdingTaxRate: new Dec(-1),
    withholdingTaxReferences: [],
    isCISReverseCharge: false,
    tradeBorderType: 1,
    isVatRateEnabled: false,
    defaultVatRate: new Dec(20),
    vatExempt: false,
    uniqueEntityNumber: '',
  };
}

/** Applies a supplier body onto `base`; absent properties keep their value. Never touches the store. */
function readSupplier(state: KashflowState, r: JsonReader, base: SupplierRec, mode: 'create' | 'update'): SupplierRec {
  r.ignore(...SUPPLIER_READ_ONLY);
  const s = base;
  const codeIfDuplicate = r.bool('CreateSupplierCodeIfDuplicate') ?? false;
  const nameIfEmpty = r.bool('CreateSupplierNameIfEmptyOrNull') ?? false;
  const name = r.str('Name', { max: 200 });
  if (name !== undefined) s.name = name.trim();
  const code = r.str('Code');
  if (mode === 'create') {
    const taken = (k: string): boolean => state.store.suppliers.has(k);
    if (code !== undefined && code.trim() !== '') {
      s.code = validCode('Code', code);
      if (taken(codeKey(s.code))) {
        if (!codeIfDuplicate) throw new RestError(400, 'DuplicateCode', `Code: a supplier with code "${s.code}" already exists`);
        s.code = generateCode(s.code, taken);
      }
    }
    if (s.name === '') {
      if (!nameIfEmpty) throw invalidField('Name', 'is required');
      s.name = s.code !== '' ? s.code : 'New Supplier';
    }
    if (s.code === '') s.code = generateCode(s.name, taken);
  } else if (s.name === '') {
    throw invalidField('Name', 'must not be empty');
  }
  s.contacts = readContacts(r, 'Contacts') ?? s.contacts;
  const address = r.obj('Address');
  if (address) s.address = readAddress(address);
  s.currencyCode = readCurrencyCode(state, r) ?? s.currencyCode;
  s.paymentTerms = readPaymentTerms(r, s.paymentTerms) ?? s.paymentTerms;
  s.vatNumber = r.str('VatNumber', { max: 50 }) ?? s.vatNumber;
  s.isRegisteredInEC = r.bool('IsRegisteredInEC') ?? s.isRegisteredInEC;
  s.defaultNominalCode = readNominalCode(state, r, 'DefaultNominalCode', true) ?? s.defaultNominalCode;
  const method = r.int('PaymentMethod', { min: 0 });
  if (method !== undefined && method !== 0 && !state.store.purchaseMethods.has(method)) throw invalidField('PaymentMethod', `unknown purchase payment method ${method}`);
  s.paymentMethod = method ?? s.paymentMethod;
  const bank = r.obj('BankAccount');
  if (bank) s.bankAccount = { name: bank.str('Name', { max: 100 }) ?? '', number: bank.str('Number', { max: 34 }) ?? '', sortCode: bank.str('SortCode', { max: 20 }) ?? '' };
  s.defaultPdfTheme = r.int('DefaultPdfTheme', { min: 0 }) ?? s.defaultPdfTheme;
  s.note = r.str('Note', { max: 4000 }) ?? s.note;
  s.isArchived = r.bool('IsArchived') ?? s.isArchived;
  s.applyWithholdingTax = r.bool('ApplyWithholdingTax') ?? s.applyWithholdingTax;
  s.withholdingTaxRate = r.dec('WithholdingTaxRate', { min: -1, max: 100 }) ?? s.withholdingTaxRate;
  s.withholdingTaxReferences = readNameValues(r, 'WithholdingTaxReferences') ?? s.withholdingTaxReferences;
  s.isCISReverseCharge = r.bool('IsCISReverseCharge') ?? s.isCISReverseCharge;
  s.tradeBorderType = r.int('TradeBorderType', { min: 0, max: 10 }) ?? s.tradeBorderType;
  s.isVatRateEnabled = r.bool('IsVatRateEnabled') ?? s.isVatRateEnabled;
  s.defaultVatRate = r.dec('DefaultVatRate', { min: 0, max: 100 }) ?? s.defaultVatRate;
  s.vatExempt = r.bool('VatExempt') ?? s.vatExempt;
  s.uniqueEntityNumber = r.str('UniqueEntityNumber', { max: 50 }) ?? s.uniqueEntityNumber;
  if (mode === 'create') s.id = state.store.nextId('supplier');
  invalidate(s);
  return s;
}
