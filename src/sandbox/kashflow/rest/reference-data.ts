import type { FastifyInstance } from 'fastify';
import { Dec } from '../../../canonical/money.js';
import { stringifyWithRawNumbers } from '../../../util/json-raw.js';
import type { KashflowState } from '../state.js';
import type { BankAccountRec, NominalRec, PaymentMethodRec } from '../store/records.js';
import { bankBalance } from '../store/stats.js';
import { codeKey } from '../store/store.js';
import { invalidField, notFound, RestError } from '../wire/errors.js';
import { businessDate, money } from '../wire/format.js';
import { parseBool } from '../wire/input.js';
import { byNumber, byString, envelope, pageRows, parseListQuery, type SortKeys } from './paging.js';
import { json, restRoute } from './route.js';

const CLASSIFICATIONS: Readonly<Record<number, string>> = { 1: 'Turnover', 2: 'Cost of Sale', 3: 'Expense', 4: 'Fixed Asset', 5: 'Current Asset/Liability', 6: 'Capital & Reserves' };
const NOMINAL_TYPES: Readonly<Record<number, string>> = { 0: 'Standard', 1: 'Sales', 2: 'Purchases', 3: 'Bank' };

/** Nominal code (reference §5.6). `Type`, `Classification` and `ControlAccountClassification` texts are [G]. */
export function nominalJson(n: NominalRec): Record<string, unknown> {
  const control = n.nomType === 3 ? 'Bank' : /debtors/i.test(n.name) ? 'TradeDebtors' : /creditors/i.test(n.name) ? 'TradeCreditors' : /\bVAT\b/.test(n.name) ? 'VAT' : '';
  return {
    Id: n.id,
    Code: n.code,
    Name: n.name,
    Type: NOMINAL_TYPES[n.nomType] ?? 'Standard',
    NomType: n.nomType,
    Classification: CLASSIFICATIONS[n.classification] ?? '',
    ControlAccountClassification: control,
    Sa103Code: '',
    Archived: n.archived,
    Disallowed: false,
    Description: n.description,
    VATRate: money(n.vatRate),
    VATExempt: false,
    Price: money(ZERO),
    WholeSalePrice: money(ZERO),
    AutoFillLineItem: false,
    IsProduct: n.nomType === 1,
    DefaultProduct: null,
    DigitalService: false,
    Special: control !== '',
    AllowDelete: control === '',
    PlOption: 0,
    BsOption: 0,
    IRISCoAName: '',
    IsIRISCoA: false,
    ManageStockLevel: false,
    QuantityInStock: money(ZERO),
    StockWarningQuantity: money(ZERO),
    ComplianceCode: '',
  };
}

const ZERO = new Dec(0);

function methodJson(m: PaymentMethodRec | undefined): Record<string, unknown> | null {
  return m ? { Id: m.id, Name: m.name } : null;
}

/** Bank account (reference §5.7); `BankBalance` = starting amount + receipts − purchase payments. */
export function bankAccountJson(state: KashflowState, b: BankAccountRec): Record<string, unknown> {
  return {
    Id: b.id,
    Code: b.code,
    AccountName: b.name,
    IsDefaultAccount: b.isDefault,
    IsArchived: b.isArchived,
    StartingDate: businessDate(b.startingDate),
    StartingAmount: money(b.startingAmount),
    BankBalance: money(bankBalance(state.store, b.id, b.startingAmount)),
    ReconcileDate: null,
    TransactionLockEnabled: false,
    TransactionLockDate: null,
    DefaultInvoicePaymentType: methodJson(state.store.invoiceMethods.get(3)),
    DefaultReceiptPaymentType: methodJson(state.store.purchaseMethods.get(3)),
    Note: b.note,
    IncludeOnDashBoard: true,
    ShowPaidInFirst: false,
    IconId: 0,
    BankFeedsAccountId: null,
    FeedAccountName: '',
    FeedAccountNumber: '',
    FeedAccountHolder: '',
    FeedSource: '',
    FeedSiteName: '',
    LastTransactionImportDate: null,
    Order: b.id,
    Period: 0,
  };
}

const BANK_SORT: SortKeys<BankAccountRec> = {
  id: { name: 'Id', compare: (a, b) => byNumber(a.id, b.id) },
  code: { name: 'Code', compare: (a, b) => byNumber(a.code, b.code) },
  accountname: { name: 'AccountName', compare: (a, b) => byString(a.name.toLowerCase(), b.name.toLowerCase()) },
};

/**
 * Reference data: nominals (bare array [G]: CT-SYNC reads it unpaged), bank accounts
 * (bare array; `/list` paged), currencies (bare array), VAT rates (bare array) and payment
 * methods (bare array of `{Id, Name}` [G]).
 */
export function registerReferenceDataRoutes(app: FastifyInstance, state: KashflowState): void {
  const nominalList = (): NominalRec[] => [...state.store.nominals.values()].sort((a, b) => a.code - b.code);
  restRoute(app, state, 'GET', '/v2/nominals', { auth: true }, () => json(stringifyWithRawNumbers(nominalList().map(nominalJson))));
  restRoute(app, state, 'GET', '/v2/nominals/:code', { auth: true }, (call) => {
    const text = call.params.code ?? '';
    const n = /^\d{1,9}$/.test(text) ? state.store.nominals.get(Number(text)) : undefined;
    if (!n) throw notFound(`Nominal code ${text}`);
    return json(stringifyWithRawNumbers(nominalJson(n)));
  });

  const banks = (includeArchived: boolean): BankAccountRec[] => [...state.store.bankAccounts.values()].filter((b) => includeArchived || !b.isArchived).sort((a, b) => a.id - b.id);
  const includeArchived = (q: Readonly<Record<string, string>>): boolean => {
    const v = q.includearchivedaccounts;
    if (v === undefined || v === '') return false;
    const b = parseBool(v);
    if (b === undefined) throw invalidField('includeArchivedAccounts', `expected true or false, got "${v}"`);
    return b;
  };
  restRoute(app, state, 'GET', '/v2/bankaccounts', { auth: true }, (call) => json(stringifyWithRawNumbers(banks(includeArchived(call.query)).map((b) => bankAccountJson(state, b)))));
  restRoute(app, state, 'GET', '/v2/bankaccounts/list', { auth: true }, (call) => {
    const q = parseListQuery(call, BANK_SORT, 'Id');
    const rows = banks(includeArchived(call.query)).sort((a, b) => (q.desc ? -1 : 1) * q.sort.compare(a, b) || a.id - b.id);
    return json(envelope(call, '/v2/bankaccounts/list', rows.length, q, pageRows(state, rows, q).map((b) => stringifyWithRawNumbers(bankAccountJson(state, b)))));
  });
  const findBank = (text: string | undefined): BankAccountRec => {
    const b = text !== undefined && /^\d{1,9}$/.test(text) ? state.store.bankAccounts.get(Number(text)) : undefined;
    if (!b) throw notFound(`Bank account ${text ?? ''}`);
    return b;
  };
  restRoute(app, state, 'GET', '/v2/bankaccounts/:id', { auth: true }, (call) => json(stringifyWithRawNumbers(bankAccountJson(state, findBank(call.params.id)))));
  restRoute(app, state, 'PUT', '/v2/bankaccounts/:id', { auth: true }, (call) => {
    const b = findBank(call.params.id);
    const r = call.body();
    r.ignore('Id', 'Code', 'StartingDate', 'StartingAmount', 'BankBalance', 'ReconcileDate', 'TransactionLockEnabled', 'TransactionLockDate', 'DefaultInvoicePaymentType', 'DefaultReceiptPaymentType', 'IncludeOnDashBoard', 'ShowPaidInFirst', 'IconId', 'BankFeedsAccountId', 'FeedAccountName', 'FeedAccountNumber', 'FeedAccountHolder', 'FeedSource', 'FeedSiteName', 'LastTransactionImportDate', 'Order', 'Period');
    const name = r.str('AccountName', { max: 100 });
    if (name !== undefined && name.trim() === '') throw invalidField('AccountName', 'must not be empty');
    const note = r.str('Note', { max: 1000 });
    const archived = r.bool('IsArchived');
    const isDefault = r.bool('IsDefaultAccount');
    r.finish();
    if (archived === true && (isDefault ?? b.isDefault)) throw invalidField('IsArchived', 'the default bank account cannot be archived');
    if (isDefault === true) for (const other of state.store.bankAccounts.values()) other.isDefault = false;
    Object.assign(b, { name: name?.trim() ?? b.name, note: note ?? b.note, isArchived: archived ?? b.isArchived, isDefault: isDefault ?? b.isDefault });
    return json(stringifyWithRawNumbers(bankAccountJson(state, b)));
  });

  restRoute(app, state, 'GET', '/v2/currencies', { auth: true }, () =>
    json(stringifyWithRawNumbers([...state.store.currencies.values()].map((c) => ({ Code: c.code, Name: c.name, Symbol: c.symbol, ExchangeRate: money(c.exchangeRate), DisplaySymbolOnRight: c.displaySymbolOnRight })))),
  );
  const findCurrency = (code: string | undefined) => {
    const c = code === undefined ? undefined : state.store.currencies.get(codeKey(code));
    if (!c) throw notFound(`Currency ${code ?? ''}`);
    return c;
  };
  const currencyDetail = (code: string | undefined): string => {
    const c = findCurrency(code);
    return stringifyWithRawNumbers({ Id: c.id, Code: c.code, Name: c.name, Symbol: c.symbol, ExchangeRate: money(c.exchangeRate), DisplaySymbolOnRight: c.displaySymbolOnRight, IsDefault: c.isDefault });
  };
  restRoute(app, state, 'GET', '/v2/currencies/:code', { auth: true }, (call) => json(currencyDetail(call.params.code)));
  /** Changing the account's current rate affects new documents only; existing ones keep theirs (reference §5.10). */
  restRoute(app, state, 'PUT', '/v2/currencies/:code', { auth: true }, (call) => {
    const c = findCurrency(call.params.code);
    const r = call.body();
    r.ignore('Id', 'Code', 'Name', 'Symbol', 'IsDefault');
    const rate = r.dec('ExchangeRate', { positive: true });
    const right = r.bool('DisplaySymbolOnRight');
    r.finish();
    if (rate !== undefined && c.isDefault && !rate.equals(1)) throw new RestError(400, 'ValidationError', 'ExchangeRate: the home currency rate is always 1');
    if (rate !== undefined) c.exchangeRate = rate;
    if (right !== undefined) c.displaySymbolOnRight = right;
    state.store.changed();
    return json(currencyDetail(c.code));
  });

  restRoute(app, state, 'GET', '/v2/vat/settings/vatrates', { auth: true }, () => json(stringifyWithRawNumbers(state.store.vatRates.map((v) => ({ VATId: v.id, VATRate: money(v.rate), VATText: v.text })))));

  restRoute(app, state, 'GET', '/v2/paymentmethods/:type', { auth: true }, (call) => {
    const type = (call.params.type ?? '').toLowerCase();
    const methods = type === 'invoice' || type === 'invoices' || type === 'sales' ? state.store.invoiceMethods : type === 'purchase' || type === 'purchases' || type === 'receipt' ? state.store.purchaseMethods : undefined;
    if (!methods) throw invalidField('type', `expected "invoice" or "purchase", got "${call.params.type ?? ''}"`);
    return json(JSON.stringify([...methods.values()].map(methodJson)));
  });
}
