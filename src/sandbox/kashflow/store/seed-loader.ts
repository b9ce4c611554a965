import { Dec } from '../../../canonical/money.js';
import type { DocumentSeed, KashflowSeed, PartySeed } from '../../seed/types.js';
import { addDays, computeLine } from './documents.js';
import { entityKey, ID_BASE, type AddressRec, type CustomerRec, type DocumentKind, type DocumentRec, type LineRec, type SupplierRec } from './records.js';
import { codeKey, KashflowStore } from './store.js';

/** Builds a fresh store from the seeded world; ids and numbers are deterministic per seed. */
export function loadStore(seed: KashflowSeed, today: string): KashflowStore {
  const store = new KashflowStore();
  store.companyName = seed.companyName;
  store.homeCurrency = seed.homeCurrency;
  store.vatNumber = seed.vatNumber;
  seed.nominals.forEach((n, i) => {
    const rec = { id: ID_BASE.nominal + i + 1, code: n.code, name: n.name, classification: n.classification, nomType: n.nomType, vatRate: new Dec(n.vatRate), archived: false, description: '' };
    store.nominals.set(n.code, rec);
    store.nominalsById.set(rec.id, rec);
  });
  for (const b of seed.bankAccounts) {
    store.bankAccounts.set(b.id, { id: b.id, code: b.code, name: b.name, isDefault: b.isDefault, isArchived: false, startingDate: addDays(today, -730), startingAmount: new Dec(b.isDefault ? '10000' : '0'), note: '' });
  }
  seed.currencies.forEach((c, i) => store.currencies.set(codeKey(c.code), { id: i + 1, code: c.code, name: c.name, symbol: c.symbol, exchangeRate: new Dec(c.kashflowRate), displaySymbolOnRight: false, isDefault: c.code === seed.homeCurrency }));
  store.vatRates = seed.vatRates.map((v) => ({ id: v.id, rate: new Dec(v.rate), text: v.text }));
  for (const m of seed.invoicePaymentMethods) store.invoiceMethods.set(m.id, { id: m.id, name: m.name });
  for (const m of seed.purchasePaymentMethods) store.purchaseMethods.set(m.id, { id: m.id, name: m.name });
  for (const c of seed.customers) store.customers.set(codeKey(c.code), customerFromSeed(store, c));
  for (const s of seed.suppliers) store.suppliers.set(codeKey(s.code), supplierFromSeed(store, s));
  for (const p of seed.products) {
    const id = store.nextId('product');
    store.products.set(codeKey(p.code), { id, code: p.code, name: p.name, description: p.description, price: new Dec(p.price), wholesalePrice: new Dec(p.price), vatRate: new Dec(p.vatRate), nominalCode: p.nominalCode, autoFill: true, managesStock: !p.isService, quantityInStock: new Dec(p.isService ? 0 : 100), warnAt: new Dec(p.isService ? 0 : 10), isArchived: false });
  }
  for (const p of seed.projects) {
    store.projects.set(p.number, { id: store.nextId('project'), number: p.number, name: p.name, reference: p.reference, description: p.name, note: '', customerCode: p.customerCode, startDate: p.startDate, endDate: null, status: p.status, excludeVat: false, targetSalesAmount: new Dec(0), targetPurchasesAmount: new Dec(0) });
  }
  for (const d of seed.invoices) loadDocument(store, 'invoice', d);
  for (const d of seed.purchases) loadDocument(store, 'purchase', d);
  return store;
}

function address(p: PartySeed): AddressRec {
  const a = p.address;
  return { line1: a.line1, line2: a.line2, line3: a.town, line4: a.county, postCode: a.postCode, countryCode: a.countryCode, countryName: a.countryName };
}

function copyAddress(a: AddressRec | undefined): AddressRec | null {
  return a ? { ...a } : null;
}

function middayMs(date: string): number {
  return Date.parse(`${date}T12:00:00Z`);
}

function customerFromSeed(store: KashflowStore, c: PartySeed): CustomerRec {
  const k = c.contact;
  const id = store.nextId('customer');
  return {
    id,
    code: c.code,
    name: c.name,
    contacts: [{ name: `${k.firstName} ${k.lastName}`, title: '', firstName: k.firstName, lastName: k.lastName, email: k.email, telephone: k.telephone, mobile: '', fax: '', website: '' }],
    addresses: [address(c)],
    deliveryAddresses: [],
    useCustomDeliveryAddress: false,
    email: k.email,
    telephone: k.telephone,
    mobile: '',
    fax: '',
    website: '',
    currencyCode: c.currency,
    paymentTerms: { days: c.paymentTermsDays, type: c.paymentTermsType },
    discountRate: new Dec(0),
    showDiscount: false,
    vatNumber: c.vatNumber,
    autoIncludeVatNumber: c.vatNumber !== '',
    isRegisteredInEC: c.isRegisteredInEC,
    isRegisteredOutsideEC: c.isRegisteredOutsideEC,
    note: '',
    source: 0,
    defaultNominalCode: c.defaultNominalCode,
    defaultCustomerReference: '',
    receivesWholesalePricing: false,
    applyWht: false,
    whtRate: new Dec(0),
    whtReferences: [],
    customTextBoxes: Object.entries(c.customText).map(([name, value]) => ({ name, value })),
    customCheckBoxes: Object.entries(c.customChecks).map(([name, value]) => ({ name, value: value ? '1' : '0' })),
    createdMs: middayMs(c.createdDate),
    updatedMs: middayMs(c.lastUpdatedDate),
    isArchived: false,
    automaticCreditControlEnabled: false,
    key: entityKey('customer', id),
    uniqueEntityNumber: '',
    emailTemplateNumber: 0,
    pdfThemeId: 0,
  };
}

function supplierFromSeed(store: KashflowStore, s: PartySeed): SupplierRec {
  const k = s.contact;
  return {
    id: store.nextId('supplier'),
    code: s.code,
    name: s.name,
    contacts: [{ name: `${k.firstName} ${k.lastName}`, title: '', firstName: k.firstName, lastName: k.lastName, email: k.email, telephone: k.telephone, mobile: '', fax: '', website: '' }],
    address: address(s),
    currencyCode: s.currency,
    paymentTerms: { days: s.paymentTermsDays, type: s.paymentTermsType },
    vatNumber: s.vatNumber,
    isRegisteredInEC: s.isRegisteredInEC,
    defaultNominalCode: s.defaultNominalCode,
    paymentMethod: 3,
    bankAccount: { name: '', number: '', sortCode: '' },
    defaultPdfTheme: 0,
    note: '',
    createdMs: middayMs(s.createdDate),
    updatedMs: middayMs(s.lastUpdatedDate),
    isArchived: false,
    applyWithholdingTax: false,
    withholdingTaxRate: new Dec(-1),
    withholdingTaxReferences: [],
    isCISReverseCharge: false,
    tradeBorderType: s.isRegisteredInEC ? 2 : s.currency === 'GBP' ? 1 : 3,
    isVatRateEnabled: false,
    defaultVatRate: new Dec(20),
    vatExempt: false,
    uniqueEntityNumber: '',
  };
}

function loadDocument(store: KashflowStore, kind: DocumentKind, d: DocumentSeed): void {
  const party = kind === 'invoice' ? store.customers.get(codeKey(d.partyCode)) : store.suppliers.get(codeKey(d.partyCode));
  const lines = d.lines.map((l, i): LineRec => {
    const quantity = new Dec(l.quantity);
    const rate = new Dec(l.rate);
    const vatLevel = new Dec(l.vatExempt ? '0' : l.vatRate);
    const product = l.productCode === '' ? undefined : store.products.get(codeKey(l.productCode));
    return { lineId: store.nextId('line'), number: i + 1, description: l.description, quantity, rate, nominalCode: l.nominalCode, productCode: l.productCode, productName: product?.name ?? '', vatLevel, vatExempt: l.vatExempt, taxCode: null, projectNumber: l.projectNumber, ...computeLine(quantity, rate, vatLevel, l.vatExempt) };
  });
  const doc: DocumentRec = {
    kind,
    id: store.nextId(kind),
    number: d.number,
    partyCode: party?.code ?? d.partyCode,
    reference: d.reference,
    issuedDate: d.issuedDate,
    dueDate: d.dueDate,
    createdMs: middayMs(d.issuedDate),
    currencyCode: d.currency,
    exchangeRate: new Dec(d.exchangeRate),
    lines,
    payments: [],
    projectNumber: 0,
    address: copyAddress(party && 'addresses' in party ? party.addresses[0] : party?.address),
    deliveryAddress: null,
    useCustomDeliveryAddress: false,
    vatNumber: party?.vatNumber ?? '',
    customerDiscount: new Dec(0),
    inEc: party?.isRegisteredInEC ?? false,
    outsideEc: party !== undefined && 'isRegisteredOutsideEC' in party ? party.isRegisteredOutsideEC : false,
    isArchived: false,
    additionalFieldValue: '',
    net: new Dec(0),
    vat: new Dec(0),
    gross: new Dec(0),
  };
  store.putDocument(doc);
  for (const p of d.payments) {
    store.addPayment(doc, { id: store.nextId('payment'), kind, documentNumber: doc.number, date: p.date, amount: new Dec(p.amount), method: p.methodId, accountId: p.bankAccountId, note: p.note, reference: '', bulkId: null, bulkNumber: null });
  }
}
