import { describe, expect, it } from 'vitest';
import { childElements } from '../../../src/xml/tree.js';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { AifClient, criteria, entityKeys, fieldOf, keysOf, NS, recordsOf } from './aif-client.js';

const sb = useSandbox();
const ax = new AifClient(sb);
const control = (method: string, path: string, body?: unknown) => controlRequest(sb().endpoints.control.axUrl, method, path, body);

/** [service, document, record, key field, control reference kind (for the expected count)] */
const SERVICES: [string, string, string, string, string][] = [
  ['MainAccountService', 'MainAccount', 'MainAccount', 'MainAccountId', 'mainAccounts'],
  ['DimensionAttributeService', 'DimensionAttribute', 'DimensionAttribute', 'Name', 'dimensions'],
  ['DimensionValueService', 'DimensionValue', 'DimensionValue', 'DimensionName', 'dimensionValues'],
  ['AccountStructureService', 'AccountStructure', 'AccountStructure', 'Name', 'accountStructures'],
  ['CustGroupService', 'CustGroup', 'CustGroup', 'CustGroup', 'customerGroups'],
  ['VendGroupService', 'VendGroup', 'VendGroup', 'VendGroup', 'vendorGroups'],
  ['PaymentTermService', 'PaymTerm', 'PaymTerm', 'PaymTermId', 'paymentTerms'],
  ['PaymModeService', 'PaymMode', 'CustPaymModeTable', 'PaymMode', 'paymentModes'],
  ['CurrencyService', 'Currency', 'Currency', 'CurrencyCode', 'currencies'],
  ['TaxCodeService', 'TaxCode', 'TaxTable', 'TaxCode', 'taxCodes'],
  ['TaxGroupService', 'TaxGroup', 'TaxGroupHeading', 'TaxGroup', 'salesTaxGroups'],
  ['TaxItemGroupService', 'TaxItemGroup', 'TaxItemGroupHeading', 'TaxItemGroup', 'itemSalesTaxGroups'],
  ['BankAccountService', 'BankAccount', 'BankAccountTable', 'AccountID', 'bankAccounts'],
  ['LedgerJournalNameService', 'LedgerJournalName', 'LedgerJournalName', 'JournalName', 'journalNames'],
  ['ItemGroupService', 'ItemGroup', 'InventItemGroup', 'ItemGroupId', 'itemGroups'],
];

describe('reference-data read services', () => {
  it('find with an empty QueryCriteria returns every row of the company', async () => {
    for (const [service, docName, record, keyField, kind] of SERVICES) {
      const r = await ax.call(service, 'find', [criteria([])]);
      expect(r.status, service).toBe(200);
      const rows = recordsOf(r.body, docName, record);
      const expected = (await control('GET', `/ax/kfuk/reference/${kind}`)).body as unknown[];
      expect(rows.length, service).toBe(expected.length);
      expect(rows.every((row) => fieldOf(row, keyField) !== ''), service).toBe(true);
    }
  });

  it('reads rows by key and finds with simple criteria', async () => {
    const main = await ax.call('MainAccountService', 'read', [entityKeys([[['MainAccountId', '401100']]])]);
    const row = recordsOf(main.body, 'MainAccount', 'MainAccount')[0];
    expect(fieldOf(row, 'Name')).toBe('Sales');
    expect(fieldOf(row, 'Type')).toBe('ProfitAndLoss');
    expect(fieldOf(row, 'AccountStructure')).toBe('MainAccount-BU-Dept');
    const balance = await ax.call('MainAccountService', 'findKeys', [criteria([{ ds: 'MainAccount', field: 'Type', op: 'Equal', v1: 'BalanceSheet' }])]);
    expect(keysOf(balance.body).map((k) => k[0]?.[1])).toContain('130100');
    expect(keysOf(balance.body).map((k) => k[0]?.[1])).not.toContain('401100');
    const dv = await ax.call('DimensionValueService', 'read', [entityKeys([[['DimensionName', 'Department'], ['Value', 'SALES']]])]);
    expect(fieldOf(recordsOf(dv.body, 'DimensionValue', 'DimensionValue')[0], 'Description')).toBe('Sales');
    const tg = await ax.call('TaxGroupService', 'read', [entityKeys([[['TaxGroup', 'DOM']]])]);
    const codes = childElements(recordsOf(tg.body, 'TaxGroup', 'TaxGroupHeading')[0] ?? tg.body ?? ({} as never), 'TaxGroupData', NS.doc('TaxGroup')).map((c) => fieldOf(c, 'TaxCode'));
    expect(codes).toEqual(['VAT20', 'VAT5', 'VAT0', 'EXE']);
    const structure = await ax.call('AccountStructureService', 'read', [entityKeys([[['Name', 'MainAccount-BU-Dept']]])]);
    const segments = childElements(recordsOf(structure.body, 'AccountStructure', 'AccountStructure')[0] ?? ({} as never), 'AccountStructureSegment', NS.doc('AccountStructure')).map((s) => fieldOf(s, 'DimensionName'));
    expect(segments).toEqual(['MainAccount', 'BusinessUnit', 'Department']);
    expect((await ax.call('CustGroupService', 'read', [entityKeys([[['CustGroup', 'NOPE']]])])).fault?.faultstring).toBe('No valid document identified from the entity key.');
  });

  it('shows fiscal period status changes', async () => {
    await control('PUT', '/ax/kfuk/periods/2026-10', { status: 'OnHold' });
    const r = await ax.call('FiscalPeriodService', 'read', [entityKeys([[['Name', '2026-10']]])]);
    const p = recordsOf(r.body, 'FiscalPeriod', 'FiscalCalendarPeriod')[0];
    expect([fieldOf(p, 'StartDate'), fieldOf(p, 'EndDate'), fieldOf(p, 'Status')]).toEqual(['2026-10-01', '2026-10-31', 'OnHold']);
    const closed = await ax.call('FiscalPeriodService', 'findKeys', [criteria([{ ds: 'FiscalCalendarPeriod', field: 'Status', op: 'Equal', v1: 'Closed' }])]);
    expect(keysOf(closed.body).length).toBeGreaterThan(10);
  });

  it('exchange rates: currency pairs with dated rates a client can pick by date', async () => {
    const r = await ax.call('ExchangeRatesService', 'read', [entityKeys([[['FromCurrencyCode', 'EUR'], ['ToCurrencyCode', 'GBP'], ['ExchangeRateType', 'Default']]])]);
    const pair = recordsOf(r.body, 'ExchangeRates', 'ExchangeRateCurrencyPair')[0];
    expect(fieldOf(pair, 'ExchangeRateDisplayFactor')).toBe('Hundred');
    const rates = childElements(pair ?? ({} as never), 'ExchangeRate', NS.doc('ExchangeRates')).map((x) => [fieldOf(x, 'ValidFrom'), fieldOf(x, 'ValidTo'), fieldOf(x, 'ExchangeRate')]);
    expect(rates.map((x) => x[0])).toEqual(['2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01']);
    expect(rates[0]?.[1]).toBe('2026-08-31');
    expect(rates[3]?.[1]).toBe('');
    const seeded = ((await control('GET', '/ax/kfuk/reference/exchangeRates')).body as { from: string; date: string; rate: string }[]).find((x) => x.from === 'EUR' && x.date === '2026-11-01');
    expect(Number(rates[3]?.[2])).toBe(Number(seeded?.rate));
    const all = await ax.call('ExchangeRatesService', 'find', [criteria([{ ds: 'ExchangeRate', field: 'ValidFrom', op: 'LessOrEqual', v1: '2026-08-15' }])]);
    expect(recordsOf(all.body, 'ExchangeRates', 'ExchangeRateCurrencyPair').map((x) => fieldOf(x, 'FromCurrencyCode'))).toEqual(['EUR', 'USD', 'AUD']);
  });

  it('are read-only', async () => {
    const r = await ax.call('MainAccountService', 'create', []);
    expect(r.fault?.faultcode).toBe('a:ActionNotSupported');
  });
});
