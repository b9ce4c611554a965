import { describe, expect, it } from 'vitest';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { account, AifClient, doc, entityKeys, f, fieldOf, keysOf, NS, rec, recordsOf } from './aif-client.js';

const sb = useSandbox();
const ax = new AifClient(sb);
const control = (method: string, path: string, body?: unknown) => controlRequest(sb().endpoints.control.axUrl, method, path, body);

const ftiDoc = (name: string, mainAccount: string, documentNum: string) => doc(name, [rec('CustInvoiceTable', [f('DocumentNum', documentNum), f('OrderAccount', 'GRP-0001'), rec('CustInvoiceLine', [f('AmountCur', '10.00'), account('LedgerDimension', mainAccount, mainAccount)])])]);

describe('settings', () => {
  it('shows the defaults', async () => {
    const r = await control('GET', '/ax/settings');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ includeExceptionsInFault: true, autoPost: true, strictElementOrder: false, criteriaCombine: 'OR', acceptNtlmV1: false, bodyLimit: 4194304, freeTextInvoiceKeyField: 'RecId', journalKeyField: 'JournalNum', changeTracking: { enabled: false, enhancedPort: false, documentFilter: false }, throttleStatus: 429, maxDocumentsPerResponse: 1000, duplicateMessageCheck: true });
  });

  it('refuses invalid settings naming the field, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ autoPost: 'yes' }, 'autoPost'],
      [{ colour: 'red' }, '(body)'],
      [{ criteriaCombine: 'XOR' }, 'criteriaCombine'],
      [{ bodyLimit: 10 }, 'bodyLimit'],
      [{ externalNames: { freeTextInvoice: 'has space' } }, 'externalNames.freeTextInvoice'],
      [{ externalNames: { nosuch: 'X' } }, 'externalNames'],
      [{ externalNames: { vendor: 'CustomerService' } }, 'externalNames.vendor'],
      [{ trustedIntermediaries: ['nobackslash'] }, 'trustedIntermediaries.0'],
    ];
    for (const [body, path] of cases) {
      const r = await control('PUT', '/ax/settings', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((r.body as { issues: { path: string }[] }).issues.map((i) => i.path), JSON.stringify(body)).toContain(path);
    }
    const malformed = await fetch(`${sb().endpoints.control.axUrl}/ax/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"autoPost": ' });
    expect(malformed.status).toBe(400);
    expect(((await control('GET', '/ax/settings')).body as { autoPost: boolean }).autoPost).toBe(true);
  });

  it('renames a guessed external name and document name: SOAPAction, wrapper and WSDL follow', async () => {
    expect((await control('PUT', '/ax/settings', { externalNames: { freeTextInvoice: 'CustFreeTextInvoiceService' }, documentNames: { freeTextInvoice: 'CustFreeTextInvoice' } })).status).toBe(200);
    try {
      const old = await ax.call('FreeTextInvoiceService', 'create', [ftiDoc('FreeTextInvoice', '401100', 'REN-0')]);
      expect(old.fault?.faultcode).toBe('a:ActionNotSupported');
      const wrongDoc = await ax.call('CustFreeTextInvoiceService', 'create', [ftiDoc('FreeTextInvoice', '401100', 'REN-1')]);
      expect(wrongDoc.fault?.codes).toEqual(['InvalidDocumentSchema']);
      const r = await ax.call('CustFreeTextInvoiceService', 'create', [ftiDoc('CustFreeTextInvoice', '401100', 'REN-2')]);
      expect(r.status).toBe(200);
      expect(r.text).toContain('<CustFreeTextInvoiceServiceCreateResponse');
      const wsdl = await (await fetch(`${ax.url}?wsdl`, { headers: { authorization: ax.defaultAuth } })).text();
      expect(wsdl).toContain(`${NS.services}/CustFreeTextInvoiceService/create`);
      const services = (await control('GET', '/ax/services')).body as { id: string; externalName: string; externalNameConfidence: string }[];
      expect(services.find((s) => s.id === 'freeTextInvoice')).toMatchObject({ externalName: 'CustFreeTextInvoiceService', externalNameConfidence: 'G' });
    } finally {
      await control('PUT', '/ax/settings', { externalNames: { freeTextInvoice: 'FreeTextInvoiceService' }, documentNames: { freeTextInvoice: 'FreeTextInvoice' } });
    }
  });

  it('returns RecId as the journal key when configured', async () => {
    await control('PUT', '/ax/settings', { journalKeyField: 'RecId' });
    try {
      const line = (debit?: string, credit?: string, acc = '607100') => rec('LedgerJournalTrans', [f('AccountType', 'Ledger'), f('AmountCurCredit', credit), f('AmountCurDebit', debit), account('LedgerDimension', acc, acc)]);
      const r = await ax.call('GeneralJournalService', 'create', [doc('LedgerGeneralJournal', [rec('LedgerJournalTable', [f('JournalName', 'GenJrn'), line('3'), line(undefined, '3', '110110')])])]);
      const key = keysOf(r.body)[0];
      expect(key?.[0]?.[0]).toBe('RecId');
      const read = await ax.call('GeneralJournalService', 'read', [entityKeys([[['RecId', key?.[0]?.[1] ?? '']]])]);
      expect(fieldOf(recordsOf(read.body, 'LedgerGeneralJournal', 'LedgerJournalTable')[0], 'RecId')).toBe(key?.[0]?.[1]);
    } finally {
      await control('PUT', '/ax/settings', { journalKeyField: 'JournalNum' });
    }
  });
});

describe('reference data and masters through the control API', () => {
  it('adds and removes main accounts, and validation follows', async () => {
    expect((await ax.call('FreeTextInvoiceService', 'create', [ftiDoc('FreeTextInvoice', '409900', 'REF-1')])).fault?.infolog).toEqual(['Main account 409900 does not exist.']);
    const add = await control('POST', '/ax/kfuk/reference/mainAccounts', { id: '409900', name: 'Misc income', type: 'ProfitAndLoss', structure: 'MainAccount only' });
    expect(add.status).toBe(201);
    expect((await control('POST', '/ax/kfuk/reference/mainAccounts', { id: '409900', name: 'again', type: 'ProfitAndLoss', structure: 'MainAccount only' })).status).toBe(409);
    const bad = await control('POST', '/ax/kfuk/reference/mainAccounts', { id: '409901', type: 'Sideways', structure: 'MainAccount only' });
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: { path: string }[] }).issues[0]?.path).toBe('type');
    const noStructure = await control('POST', '/ax/kfuk/reference/mainAccounts', { id: '409902', type: 'ProfitAndLoss', structure: 'Nope' });
    expect((noStructure.body as { issues: { path: string }[] }).issues[0]?.path).toBe('structure');
    expect((await ax.call('FreeTextInvoiceService', 'create', [ftiDoc('FreeTextInvoice', '409900', 'REF-2')])).status).toBe(200);
    expect((await ax.call('FreeTextInvoiceService', 'create', [ftiDoc('FreeTextInvoice', '409900', 'REF-2')], { company: 'kfie' })).fault?.infolog[0]).toContain('does not exist'); // kfie: other company, also no GRP-0001
    expect((await control('DELETE', '/ax/kfuk/reference/mainAccounts/409900')).status).toBe(204);
    expect((await control('DELETE', '/ax/kfuk/reference/mainAccounts/409900')).status).toBe(404);
    expect((await ax.call('FreeTextInvoiceService', 'create', [ftiDoc('FreeTextInvoice', '409900', 'REF-3')])).fault?.infolog).toEqual(['Main account 409900 does not exist.']);
  });

  it('adds dimension values, customer groups and exchange rates; refuses unknown kinds and companies', async () => {
    expect((await control('POST', '/ax/kfuk/reference/dimensionValues', { dimension: 'Channel', value: 'MARKET', description: 'Marketplace' })).status).toBe(201);
    expect((await control('POST', '/ax/kfuk/reference/dimensionValues', { dimension: 'Nope', value: 'X' })).status).toBe(400);
    expect((await control('POST', '/ax/kfuk/reference/customerGroups', { id: 'VIP', name: 'Very important' })).status).toBe(201);
    const created = await ax.call('CustomerService', 'create', [doc('Customer', [rec('CustTable', [f('AccountNum', 'VIP-1'), f('Currency', 'GBP'), f('CustGroup', 'VIP'), rec('DirParty', [f('Name', 'VIP Ltd')], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])])]);
    expect(created.status).toBe(200);
    expect((await control('POST', '/ax/kfuk/reference/exchangeRates', { from: 'usd', date: '2026-11-15', rate: '79.1234' })).status).toBe(201);
    const rates = (await control('GET', '/ax/kfuk/reference/exchangeRates')).body as { from: string; date: string }[];
    expect(rates.some((r) => r.from === 'USD' && r.date === '2026-11-15')).toBe(true);
    expect((await control('DELETE', '/ax/kfuk/reference/exchangeRates/USD/2026-11-15')).status).toBe(204);
    expect((await control('GET', '/ax/kfuk/reference/colours')).status).toBe(404);
    expect((await control('GET', '/ax/nope/reference/customerGroups')).status).toBe(404);
    expect((await control('GET', '/ax/counts?company=nope')).status).toBe(404);
  });

  it('adds customers and products directly, and exposes them through AIF', async () => {
    const c = await control('POST', '/ax/kfie/customers', { accountNum: 'IE-CTRL-1', name: 'Control Ltd', group: 'EU', currency: 'EUR', address: { street: '1 Quay', city: 'Dublin', county: '', zipCode: 'D01', countryRegionId: 'IRL' } });
    expect(c.status).toBe(201);
    expect((await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'IE-CTRL-1']]])], { company: 'kfie' })).status).toBe(200);
    expect((await control('POST', '/ax/kfie/customers', { accountNum: 'IE-CTRL-2', name: 'x', group: 'NOPE', currency: 'EUR' })).status).toBe(400);
    const p = await control('POST', '/ax/kfie/products', { itemId: 'CTRL-ITEM', name: 'Control item', productType: 'Item', itemGroup: 'GOODS', itemTaxGroup: 'STD', salesPrice: '12.50' });
    expect(p.status).toBe(201);
    expect((await ax.call('ItemService', 'read', [entityKeys([[['ItemId', 'CTRL-ITEM']]])], { company: 'kfie' })).status).toBe(200);
  });
});

describe('inspection and periods', () => {
  it('counts per company and lists processed messages', async () => {
    const counts = (await control('GET', '/ax/counts')).body as { products: number; companies: Record<string, { customers: number }> };
    expect(Object.keys(counts.companies)).toEqual(['kfuk', 'kfie']);
    expect(counts.companies.kfuk?.customers).toBeGreaterThan(10);
    expect(counts.products).toBeGreaterThan(10);
    const one = (await control('GET', '/ax/counts?company=KFIE')).body as { companies: Record<string, unknown> };
    expect(Object.keys(one.companies)).toEqual(['kfie']);
  });

  it('sets period status with validation', async () => {
    expect((await control('PUT', '/ax/kfuk/periods/2026-11', { status: 'Frozen' })).status).toBe(400);
    expect((await control('PUT', '/ax/kfuk/periods/1999-01', { status: 'Closed' })).status).toBe(404);
    expect((await control('PUT', '/ax/kfuk/periods/2026-11', { status: 'OnHold' })).body).toMatchObject({ month: '2026-11', status: 'OnHold' });
    const r = await ax.call('FreeTextInvoiceService', 'create', [ftiDoc('FreeTextInvoice', '401100', 'PERIOD-1')]);
    expect(r.fault?.codes).toEqual(['PeriodOnHold']);
    await control('PUT', '/ax/kfuk/periods/2026-11', { status: 'Open' });
  });

  it('refuses a bad post request and unknown views', async () => {
    expect((await control('POST', '/ax/kfuk/post', { everything: true })).status).toBe(400);
    expect((await control('GET', '/ax/kfuk/journals/JNL-999999')).status).toBe(404);
    expect((await control('GET', '/ax/kfuk/free-text-invoices/12345')).status).toBe(404);
    expect((await control('GET', '/ax/kfuk/customers/NOPE')).status).toBe(404);
    expect((await control('GET', '/ax/nothing-here')).status).toBe(404);
  });

  it('resets data and settings to the seed', async () => {
    expect((await ax.call('CustomerService', 'create', [doc('Customer', [rec('CustTable', [f('AccountNum', 'RESET-ME'), f('Currency', 'GBP'), f('CustGroup', 'UK'), rec('DirParty', [f('Name', 'Reset Ltd')], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])])])).status).toBe(200);
    await control('PUT', '/ax/settings', { autoPost: false });
    expect((await control('POST', '/reset', {})).status).toBe(200);
    expect((await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'RESET-ME']]])])).status).toBe(500);
    expect(((await control('GET', '/ax/settings')).body as { autoPost: boolean }).autoPost).toBe(true);
    expect((await control('GET', '/ax/messages')).body).toEqual([]);
  });
});
