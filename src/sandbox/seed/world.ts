import { Dec, fixed } from '../../canonical/money.js';
import { BANK_ACCOUNTS, CURRENCIES, DIMENSIONS, EXEMPT_ITEM_TAX_GROUP, INVOICE_PAYMENT_METHODS, MAIN_ACCOUNTS, NOMINALS, PURCHASE_PAYMENT_METHODS, VAT_RATES } from './chart.js';
import { COMPANY_STEMS, COMPANY_SUFFIXES, COMPANY_TRADES, FIRST_NAMES, FOREIGN_TOWNS, LAST_NAMES, PRODUCT_NAMES, SERVICE_NAMES, STREETS, UK_TOWNS } from './names.js';
import { Rng } from './rng.js';
import { addDays } from '../../util/dates.js';
import type { AddressSeed, AxCompanySeed, AxPartySeed, AxPeriodSeed, AxProductSeed, DocumentSeed, PartySeed, ProductSeed, ProjectSeed, World } from './types.js';

/** Options for {@link buildWorld}. */
export interface WorldOptions {
  /** Seed number; the same seed always gives the same world. Default 1. */
  seed?: number;
  /** Number of KashFlow customers. Default 40. */
  customers?: number;
  /** Number of KashFlow suppliers. Default 15. */
  suppliers?: number;
  /** Historical sales invoices already in KashFlow. Default 24. */
  historicalInvoices?: number;
  /** Historical purchases already in KashFlow. Default 12. */
  historicalPurchases?: number;
  /** The sandbox's today (`yyyy-MM-dd`). Default: the real date. */
  today?: string;
  /** Share of KashFlow customers/suppliers that already exist in AX (0..1). Default 0.7. */
  axCoverage?: number;
}

/** The AX account number rule used by the seed and the example configuration. */
export const AX_ACCOUNT_PREFIX = 'KF-';

/** Builds the deterministic world for a seed. */
export function buildWorld(options: WorldOptions = {}): World {
  const seed = options.seed ?? 1;
  const rng = new Rng(seed);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const coverage = options.axCoverage ?? 0.7;
  const usedCodes = new Set<string>();

  const companyName = `${rng.pick(COMPANY_STEMS)} ${rng.pick(COMPANY_TRADES)} Ltd`;
  const customers = Array.from({ length: options.customers ?? 40 }, (_, i) => makeParty(rng, usedCodes, i, 'customer', today, coverage));
  const suppliers = Array.from({ length: options.suppliers ?? 15 }, (_, i) => makeParty(rng, usedCodes, i, 'supplier', today, coverage));
  const products = makeProducts(rng);
  const projects = makeProjects(rng, customers, today);
  const invoices = makeDocuments(rng, options.historicalInvoices ?? 24, customers, products, projects, today, 'sales');
  const purchases = makeDocuments(rng, options.historicalPurchases ?? 12, suppliers, products, projects, today, 'purchase');

  return {
    seed,
    today,
    kashflow: {
      credentials: { username: 'sandbox', password: 'sandbox-password', memorableWord: 'kingfisher' },
      companyName,
      homeCurrency: 'GBP',
      vatNumber: `GB${rng.int(100000000, 999999999)}`,
      nominals: NOMINALS.slice(),
      bankAccounts: BANK_ACCOUNTS.slice(),
      currencies: CURRENCIES.slice(),
      vatRates: VAT_RATES.slice(),
      invoicePaymentMethods: INVOICE_PAYMENT_METHODS.slice(),
      purchasePaymentMethods: PURCHASE_PAYMENT_METHODS.slice(),
      customers,
      suppliers,
      products,
      projects,
      invoices,
      purchases,
    },
    ax: {
      portName: 'KFAX',
      users: [
        { domain: 'SANDBOX', username: 'kfax-svc', password: 'Sandbox-Pa55word', defaultCompany: 'kfuk', language: 'en-gb' },
        { domain: 'SANDBOX', username: 'ie-clerk', password: 'Sandbox-Pa55word', defaultCompany: 'kfie', language: 'en-ie' },
      ],
      companies: [makeAxCompany(rng, 'kfuk', `${companyName} (UK)`, 'GBP', customers, suppliers, products, projects, today), makeAxCompany(rng, 'kfie', 'Group Ireland Ltd', 'EUR', [], [], [], [], today)],
    },
  };
}

function makeCode(rng: Rng, name: string, used: Set<string>): string {
  const letters = name.replace(/[^A-Za-z]/g, '').toUpperCase().slice(0, 4).padEnd(4, 'X');
  for (let n = 1; ; n++) {
    const code = `${letters}${String(n).padStart(2, '0')}`;
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
    if (n > 98) return `${letters}${rng.int(100, 999)}`;
  }
}

function ukAddress(rng: Rng): AddressSeed {
  const t = rng.pick(UK_TOWNS);
  const inward = `${rng.int(1, 9)}${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`;
  return { line1: `${rng.int(1, 240)} ${rng.pick(STREETS)}`, line2: rng.chance(0.3) ? `Unit ${rng.int(1, 30)}` : '', town: t.town, county: t.county, postCode: `${rng.pick(t.outward)} ${inward}`, countryCode: 'GB', countryName: 'United Kingdom' };
}

function makeParty(rng: Rng, used: Set<string>, i: number, kind: 'customer' | 'supplier', today: string, coverage: number): PartySeed {
  const name = `${rng.pick(COMPANY_STEMS)} ${rng.pick(COMPANY_TRADES)} ${rng.pick(COMPANY_SUFFIXES)}`;
  const foreign = i % 8 === 7 ? rng.pick(FOREIGN_TOWNS) : undefined;
  const address: AddressSeed = foreign
    ? { line1: `${rng.int(1, 90)} ${rng.pick(['Harbour Street', 'Rue de la Paix', 'Main Street', 'Kade'])}`, line2: '', town: foreign.town, county: '', postCode: foreign.postCode, countryCode: foreign.countryCode, countryName: foreign.countryName }
    : ukAddress(rng);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const code = makeCode(rng, name, used);
  const inEc = foreign !== undefined && foreign.currency === 'EUR';
  const outsideEc = foreign !== undefined && !inEc;
  const created = addDays(today, -rng.int(200, 900));
  const domain = `${name.split(' ')[0]?.toLowerCase().replace(/[^a-z]/g, '')}.example`;
  const axGroup = kind === 'customer' ? (inEc ? 'EU' : outsideEc ? 'ROW' : i % 5 === 0 ? 'WEB' : 'UK') : inEc ? 'EU' : outsideEc ? 'ROW' : 'UK';
  return {
    code,
    name,
    contact: { firstName: first, lastName: last, email: `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, '')}@${domain}`, telephone: `0${rng.int(1100, 2099)} ${rng.int(100000, 999999)}` },
    address,
    currency: foreign?.currency ?? 'GBP',
    paymentTermsDays: rng.pick([14, 30, 30, 60]),
    paymentTermsType: rng.chance(0.2) ? 'AfterMonthEnd' : 'AfterIssuedDate',
    vatNumber: foreign ? (inEc ? `${foreign.countryCode}${rng.int(10000000, 99999999)}` : '') : rng.chance(0.6) ? `GB${rng.int(100000000, 999999999)}` : '',
    defaultNominalCode: kind === 'customer' ? rng.pick([4000, 4000, 4010, 4020, 4050]) : rng.pick([5000, 5000, 6200, 7500, 7600, 8200]),
    isRegisteredInEC: inEc,
    isRegisteredOutsideEC: outsideEc,
    customText: kind === 'customer' ? { 'Sales Region': rng.pick(['North', 'South', 'Midlands', 'Scotland', 'Export']), 'Account Manager': `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}` } : {},
    customChecks: kind === 'customer' ? { 'Trade Account': rng.chance(0.4) } : {},
    createdDate: created,
    lastUpdatedDate: addDays(created, rng.int(0, 150)),
    axAccount: rng.chance(coverage) ? `${AX_ACCOUNT_PREFIX}${code}` : undefined,
    axGroup,
  };
}

function makeProducts(rng: Rng): ProductSeed[] {
  const goods = PRODUCT_NAMES.map((name, i): ProductSeed => {
    const vat = i % 9 === 4 ? '0' : i % 7 === 3 ? '5' : '20';
    return { code: `${name.split(' ')[0]?.slice(0, 3).toUpperCase()}-${String(101 + i)}`, name, description: `${name}, standard`, price: fixed(new Dec(rng.int(250, 12000)).div(100), 2), vatRate: vat, nominalCode: i % 3 === 0 ? 4010 : 4000, isService: false, axItemId: `${name.split(' ')[0]?.slice(0, 3).toUpperCase()}-${String(101 + i)}` };
  });
  const services = SERVICE_NAMES.map((name, i): ProductSeed => ({ code: `SVC-${String(i + 1).padStart(3, '0')}`, name, description: name, price: fixed(new Dec(rng.pick(['45', '60', '450', '650', '1200', '9.95'])), 2), vatRate: '20', nominalCode: name.startsWith('Delivery') ? 4900 : 4050, isService: true, axItemId: `SVC-${String(i + 1).padStart(3, '0')}` }));
  // Two recent goods are not yet in AX, so the product flow has something to do.
  const all = [...goods, ...services];
  for (const p of all.slice(-7, -5)) p.axItemId = undefined;
  return all;
}

function makeProjects(rng: Rng, customers: PartySeed[], today: string): ProjectSeed[] {
  const names = ['Shop Refit', 'Website Relaunch', 'Warehouse Move', 'Spring Catalogue', 'Trade Show'];
  return names.map((name, i): ProjectSeed => ({ number: i + 1, name, reference: `PRJ-${String(i + 1).padStart(3, '0')}`, customerCode: rng.pick(customers).code, status: i === 4 ? 0 : 1, startDate: addDays(today, -rng.int(30, 300)), axDimensionValue: `PRJ-${String(i + 1).padStart(3, '0')}` }));
}

function makeDocuments(rng: Rng, count: number, parties: PartySeed[], products: ProductSeed[], projects: ProjectSeed[], today: string, kind: 'sales' | 'purchase'): DocumentSeed[] {
  const docs: DocumentSeed[] = [];
  const base = kind === 'sales' ? 1000 : 5000;
  for (let i = 0; i < count; i++) {
    const party = rng.pick(parties);
    const issued = addDays(today, -rng.int(5, 120));
    const lines = Array.from({ length: rng.int(1, 5) }, () => {
      if (kind === 'sales') {
        const p = rng.pick(products);
        const exempt = rng.chance(0.04);
        return { description: p.name, quantity: String(rng.int(1, 12)), rate: p.price, nominalCode: p.nominalCode, vatRate: exempt ? '0' : party.currency === 'GBP' ? p.vatRate : '0', vatExempt: exempt, productCode: p.code, projectNumber: rng.chance(0.15) ? rng.pick(projects).number : 0 };
      }
      const nominal = rng.pick([5000, 5100, 6200, 7200, 7500, 7502, 7600, 8200]);
      const vat = NOMINALS.find((n) => n.code === nominal)?.vatRate ?? '20';
      return { description: `${NOMINALS.find((n) => n.code === nominal)?.name ?? 'Purchase'} ${rng.pick(['Q1', 'Q2', 'monthly', 'order', 'invoice'])}`, quantity: String(rng.int(1, 4)), rate: fixed(new Dec(rng.int(1500, 90000)).div(100), 2), nominalCode: nominal, vatRate: party.currency === 'GBP' ? vat : '0', vatExempt: false, productCode: '', projectNumber: 0 };
    });
    const currency = CURRENCIES.find((c) => c.code === party.currency) ?? CURRENCIES[0];
    const gross = lines.reduce((acc, l) => {
      const net = new Dec(l.quantity).times(l.rate);
      return acc.plus(net).plus(net.times(l.vatRate).div(100).toDecimalPlaces(2));
    }, new Dec(0));
    const payments: DocumentSeed['payments'] = [];
    const roll = rng.next();
    if (roll < 0.45) payments.push({ date: addDays(issued, rng.int(1, 30)), amount: fixed(gross, 2), methodId: rng.pick([3, 3, 4, 6]), bankAccountId: 1, note: 'Paid in full' });
    else if (roll < 0.6) payments.push({ date: addDays(issued, rng.int(1, 20)), amount: fixed(gross.div(2), 2), methodId: 3, bankAccountId: 1, note: 'Part payment' });
    docs.push({ number: base + i + 1, partyCode: party.code, issuedDate: issued, dueDate: addDays(issued, party.paymentTermsDays), reference: kind === 'sales' ? `PO-${rng.int(10000, 99999)}` : `INV-${rng.int(100000, 999999)}`, currency: currency?.code ?? 'GBP', exchangeRate: currency?.kashflowRate ?? '1.0000', lines, payments: payments.filter((p) => p.date <= today) });
  }
  return docs;
}

function axParty(p: PartySeed, kind: 'customer' | 'vendor'): AxPartySeed {
  return {
    accountNum: p.axAccount as string,
    name: p.name,
    group: p.axGroup,
    currency: p.currency,
    paymTermId: `Net${p.paymentTermsDays}`,
    taxGroup: p.isRegisteredInEC ? 'EU' : p.isRegisteredOutsideEC ? 'ROW' : 'DOM',
    vatNum: p.vatNumber,
    address: { street: [p.address.line1, p.address.line2].filter(Boolean).join('\n'), city: p.address.town, county: p.address.county, zipCode: p.address.postCode, countryRegionId: ISO2_TO_AX[p.address.countryCode] ?? p.address.countryCode },
    email: p.contact.email,
    phone: p.contact.telephone,
    defaultDimension: kind === 'customer' ? { BusinessUnit: p.axGroup === 'WEB' ? '040' : '010', Department: 'SALES' } : { Department: 'OPS' },
  };
}

/** ISO 3166 alpha-2 (KashFlow, with `EL` for Greece) → AX 2012 country/region id. */
export const ISO2_TO_AX: Readonly<Record<string, string>> = { GB: 'GBR', IE: 'IRL', NL: 'NLD', FR: 'FRA', EL: 'GRC', GR: 'GRC', DE: 'DEU', US: 'USA', AU: 'AUS', ES: 'ESP', IT: 'ITA', BE: 'BEL' };

function makeAxCompany(rng: Rng, id: string, name: string, currency: string, customers: PartySeed[], suppliers: PartySeed[], products: ProductSeed[], projects: ProjectSeed[], today: string): AxCompanySeed {
  const axCustomers = customers.filter((c) => c.axAccount).map((c) => axParty(c, 'customer'));
  // AX masters customers: some exist only in AX.
  if (id === 'kfuk') axCustomers.push({ accountNum: 'GRP-0001', name: 'Group Holdings plc', group: 'INTERCO', currency: 'GBP', paymTermId: 'Net30', taxGroup: 'DOM', vatNum: '', address: { street: '1 Canada Square', city: 'London', county: 'Greater London', zipCode: 'E14 5AB', countryRegionId: 'GBR' }, email: 'ap@group.example', phone: '020 7946 0000', defaultDimension: { BusinessUnit: '010' } });
  const axProducts: AxProductSeed[] = products.filter((p) => p.axItemId).map((p) => ({ itemId: p.axItemId as string, name: p.name, productType: p.isService ? 'Service' : 'Item', itemGroup: p.isService ? 'SERVICES' : 'GOODS', itemTaxGroup: VAT_RATES.find((v) => v.rate === p.vatRate)?.axItemTaxGroup ?? 'STD', salesPrice: p.price, released: true }));
  const dims = DIMENSIONS.map((d) => ({ name: d.name, values: d.name === 'Project' ? projects.map((p) => ({ value: p.axDimensionValue, description: p.name })) : d.values.slice() }));
  return {
    id,
    name,
    accountingCurrency: currency,
    mainAccounts: MAIN_ACCOUNTS.slice(),
    dimensions: dims,
    accountStructures: [
      { name: 'MainAccount-BU-Dept', segments: ['MainAccount', 'BusinessUnit', 'Department'], delimiter: '-' },
      { name: 'MainAccount only', segments: ['MainAccount'], delimiter: '-' },
    ],
    customerGroups: [{ id: 'UK', name: 'UK trade customers' }, { id: 'WEB', name: 'Web shop customers' }, { id: 'EU', name: 'EU customers' }, { id: 'ROW', name: 'Rest of world' }, { id: 'INTERCO', name: 'Intercompany' }],
    vendorGroups: [{ id: 'UK', name: 'UK suppliers' }, { id: 'EU', name: 'EU suppliers' }, { id: 'ROW', name: 'Rest of world' }],
    paymentTerms: [{ id: 'Net14', days: 14, afterMonthEnd: false }, { id: 'Net30', days: 30, afterMonthEnd: false }, { id: 'Net60', days: 60, afterMonthEnd: false }, { id: 'EOM30', days: 30, afterMonthEnd: true }, { id: 'COD', days: 0, afterMonthEnd: false }],
    paymentModes: [{ id: 'BACS', name: 'Bank transfer' }, { id: 'CARD', name: 'Card' }, { id: 'CHQ', name: 'Cheque' }, { id: 'DD', name: 'Direct debit' }, { id: 'CASH', name: 'Cash' }],
    currencies: CURRENCIES.map((c) => ({ code: c.code, name: c.name })),
    exchangeRates: CURRENCIES.filter((c) => c.code !== currency).flatMap((c) => [0, 1, 2, 3].map((m) => {
      // AX style: units of accounting currency per 100 foreign units; a little drift per month.
      const base = currency === 'GBP' ? new Dec(100).div(c.kashflowRate) : new Dec(100).times(rng.pick(['0.85', '0.86']));
      return { from: c.code, date: monthStart(today, -m), rate: fixed(base.times(new Dec(1).plus(new Dec(rng.int(-15, 15)).div(1000))), 4), displayFactor: 100 };
    })),
    taxCodes: [{ code: 'VAT20', name: 'Standard rate', rate: '20' }, { code: 'VAT5', name: 'Reduced rate', rate: '5' }, { code: 'VAT0', name: 'Zero rate', rate: '0' }, { code: 'EXE', name: 'Exempt', rate: '0' }],
    salesTaxGroups: [{ id: 'DOM', codes: ['VAT20', 'VAT5', 'VAT0', 'EXE'] }, { id: 'EU', codes: ['VAT0', 'EXE'] }, { id: 'ROW', codes: ['VAT0', 'EXE'] }],
    itemSalesTaxGroups: [{ id: 'STD', codes: ['VAT20', 'VAT0'] }, { id: 'RED', codes: ['VAT5', 'VAT0'] }, { id: 'ZERO', codes: ['VAT0'] }, { id: EXEMPT_ITEM_TAX_GROUP, codes: ['EXE'] }],
    bankAccounts: BANK_ACCOUNTS.map((b) => ({ id: b.axBankAccount, name: b.name, mainAccount: NOMINALS.find((n) => n.code === b.code)?.axMainAccount ?? '110110', currency })),
    journalNames: [{ id: 'GenJrn', name: 'General journal', type: 'Daily' }, { id: 'CustPay', name: 'Customer payments', type: 'CustPayment' }, { id: 'APInvoice', name: 'Vendor invoice register', type: 'VendInvoiceRegister' }, { id: 'VendPay', name: 'Vendor payments', type: 'VendPayment' }],
    periods: makePeriods(today),
    customers: axCustomers,
    vendors: suppliers.filter((s) => s.axAccount).map((s) => axParty(s, 'vendor')),
    products: axProducts,
    receivablesAccount: '130100',
    payablesAccount: '211100',
    salesTaxPayableAccount: '222100',
    salesTaxReceivableAccount: '222200',
  };
}

/** Monthly periods from 24 months back to 12 months ahead: older than 3 months closed, the rest open. */
function makePeriods(today: string): AxPeriodSeed[] {
  const periods: AxPeriodSeed[] = [];
  for (let m = -24; m <= 12; m++) {
    const start = monthStart(today, m);
    const end = addDays(monthStart(today, m + 1), -1);
    periods.push({ month: start.slice(0, 7), start, end, status: m < -3 ? 'Closed' : 'Open' });
  }
  return periods;
}

/** First day of the month `offset` months from the month of `date`. */
export function monthStart(date: string, offset: number): string {
  const d = new Date(`${date.slice(0, 7)}-01T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return d.toISOString().slice(0, 10);
}
