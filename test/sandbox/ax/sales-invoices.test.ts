import { describe, expect, it } from 'vitest';
import type { XmlElement } from '../../../src/xml/tree.js';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { account, AifClient, criteria, doc, entityKeys, f, fieldOf, keysOf, NS, rec, recordsOf } from './aif-client.js';

const sb = useSandbox();
const ax = new AifClient(sb);
const control = (method: string, path: string, body?: unknown) => controlRequest(sb().endpoints.control.axUrl, method, path, body);

const line = (amount: string, itemTax: string | undefined, description = 'Goods', main = '401100') => rec('CustInvoiceLine', [f('AmountCur', amount), f('Description', description), account('LedgerDimension', main, main), f('TaxItemGroup', itemTax)]);
const invoice = (documentNum: string, date: string, lines: ReturnType<typeof rec>[], opts: { customer?: string; exchRate?: string } = {}) =>
  rec('CustInvoiceTable', [f('DocumentNum', documentNum), f('ExchRate', opts.exchRate), f('InvoiceDate', date), f('OrderAccount', opts.customer ?? 'GRP-0001'), ...lines]);
const create = (...records: ReturnType<typeof rec>[]) => ax.call('FreeTextInvoiceService', 'create', [doc('FreeTextInvoice', records)]);

const journals = async (list: { ds: string; field: string; op: string; v1?: string; v2?: string }[]): Promise<XmlElement[]> => {
  const r = await ax.call('SalesInvoiceService', 'find', [criteria(list)]);
  expect(r.status, r.text).toBe(200);
  return recordsOf(r.body, 'SalesInvoice', 'CustInvoiceJour');
};
const lines = (jour: XmlElement | undefined): XmlElement[] => jour?.children.filter((c) => c.name === 'CustInvoiceTrans' && c.ns === NS.doc('SalesInvoice')) ?? [];

describe('SalesInvoiceService (posted sales invoices, read only)', () => {
  it('lists a posted free-text invoice as CustInvoiceJour with its lines, sales tax and accounting-currency amounts', async () => {
    expect((await create(invoice('SI-1001', '2026-11-20', [line('59.97', 'STD'), line('10.05', 'RED', 'Carriage', '403100'), line('5.00', undefined, 'Rounding', '618300')]))).status).toBe(200);
    const [jour, ...others] = await journals([{ ds: 'CustInvoiceJour', field: 'DocumentNum', op: 'Equal', v1: 'si-1001' }]);
    expect(others).toEqual([]);
    expect(fieldOf(jour, 'InvoiceId')).toMatch(/^FTI-\d{6}$/);
    expect(fieldOf(jour, 'DocumentNum')).toBe('SI-1001');
    expect(fieldOf(jour, 'InvoiceAccount')).toBe('GRP-0001');
    expect(fieldOf(jour, 'CurrencyCode')).toBe('GBP');
    expect(fieldOf(jour, 'InvoiceDate')).toBe('2026-11-20');
    expect(fieldOf(jour, 'SalesBalance')).toBe('75.02');
    expect(fieldOf(jour, 'SumTax')).toBe('12.49'); // 11.99 (20 % of 59.97) + 0.50 (5 % of 10.05)
    expect(fieldOf(jour, 'InvoiceAmount')).toBe('87.51');
    expect(fieldOf(jour, 'InvoiceAmountMST')).toBe('87.51');
    expect(fieldOf(jour, 'ExchRate')).toBe('100');
    const ls = lines(jour);
    expect(ls.map((l) => [fieldOf(l, 'LineNum'), fieldOf(l, 'Name'), fieldOf(l, 'LineAmount'), fieldOf(l, 'TaxItemGroup'), fieldOf(l, 'TaxGroup'), fieldOf(l, 'LineAmountTax')])).toEqual([
      ['1', 'Goods', '59.97', 'STD', 'DOM', '11.99'],
      ['2', 'Carriage', '10.05', 'RED', 'DOM', '0.50'],
      ['3', 'Rounding', '5.00', '', 'DOM', ''], // untaxed: zero tax is omitted, as AX omits empty fields
    ]);
    const account = ls[2]?.children.find((c) => c.name === 'LedgerDimension');
    expect(account?.children.find((c) => c.name === 'Account')?.text).toBe('618300');
    // The same invoice through CustomerTransactionService agrees on the amount.
    const ct = await ax.call('CustomerTransactionService', 'find', [criteria([{ ds: 'CustTrans', field: 'Invoice', op: 'Equal', v1: fieldOf(jour, 'InvoiceId') }])]);
    expect(fieldOf(recordsOf(ct.body, 'CustomerTransaction', 'CustTrans')[0], 'AmountCur')).toBe('87.51');
  });

  it('finds by InvoiceDate range, reads and findKeys by InvoiceId', async () => {
    expect((await create(invoice('SI-2001', '2026-10-01', [line('10.00', 'STD')]), invoice('SI-2002', '2026-10-31', [line('20.00', 'ZERO')]), invoice('SI-2003', '2026-11-01', [line('30.00', 'STD')]))).status).toBe(200);
    const october = await journals([{ ds: 'CustInvoiceJour', field: 'InvoiceDate', op: 'Range', v1: '2026-10-01', v2: '2026-10-31' }]);
    expect(october.map((j) => fieldOf(j, 'DocumentNum'))).toEqual(['SI-2001', 'SI-2002']);
    const ids = october.map((j) => fieldOf(j, 'InvoiceId'));
    const keys = await ax.call('SalesInvoiceService', 'findKeys', [criteria([{ ds: 'CustInvoiceJour', field: 'InvoiceDate', op: 'Range', v1: '2026-10-01', v2: '2026-10-31' }])]);
    expect(keysOf(keys.body)).toEqual(ids.map((id) => [['InvoiceId', id]]));
    const read = await ax.call('SalesInvoiceService', 'read', [entityKeys([[['InvoiceId', ids[1] ?? '']]])]);
    expect(recordsOf(read.body, 'SalesInvoice', 'CustInvoiceJour').map((j) => fieldOf(j, 'DocumentNum'))).toEqual(['SI-2002']);
    // A criterion on a line field holds when any line matches.
    const zeroRated = await journals([{ ds: 'CustInvoiceTrans', field: 'TaxItemGroup', op: 'Equal', v1: 'ZERO' }]);
    expect(zeroRated.map((j) => fieldOf(j, 'DocumentNum'))).toContain('SI-2002');
    expect(zeroRated.map((j) => fieldOf(j, 'DocumentNum'))).not.toContain('SI-2001');
  });

  it('converts with the invoice rate: MST totals and lines', async () => {
    const created = await ax.call('CustomerService', 'create', [doc('Customer', [rec('CustTable', [f('AccountNum', 'SI-EUR'), f('Currency', 'EUR'), f('CustGroup', 'EU'), f('TaxGroup', 'DOM'), rec('DirParty', [f('Name', 'Euro Ltd')], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])])]);
    expect(created.status).toBe(200);
    expect((await create(invoice('SI-EUR-1', '2026-11-20', [line('100.01', 'STD'), line('33.33', 'STD')], { customer: 'SI-EUR', exchRate: '85.47' }))).status).toBe(200);
    const [jour] = await journals([{ ds: 'CustInvoiceJour', field: 'DocumentNum', op: 'Equal', v1: 'SI-EUR-1' }]);
    expect(fieldOf(jour, 'CurrencyCode')).toBe('EUR');
    expect(fieldOf(jour, 'ExchRate')).toBe('85.47');
    expect(fieldOf(jour, 'InvoiceAmount')).toBe('160.01'); // 133.34 + 20.00 + 6.67
    // Each amount is converted and rounded on its own, then summed: 85.48 + 28.49 + 17.09 + 5.70.
    expect(lines(jour).map((l) => [fieldOf(l, 'LineAmountMST'), fieldOf(l, 'LineAmountTaxMST')])).toEqual([
      ['85.48', '17.09'],
      ['28.49', '5.70'],
    ]);
    expect(fieldOf(jour, 'SalesBalanceMST')).toBe('113.97');
    expect(fieldOf(jour, 'SumTaxMST')).toBe('22.79');
    expect(fieldOf(jour, 'InvoiceAmountMST')).toBe('136.76');
  });

  it('lists an invoice only once it is posted', async () => {
    await control('PUT', '/ax/settings', { autoPost: false });
    try {
      const r = await create(invoice('SI-LATER', '2026-11-20', [line('40.00', 'STD')]));
      expect(r.status).toBe(200);
      expect(await journals([{ ds: 'CustInvoiceJour', field: 'DocumentNum', op: 'Equal', v1: 'SI-LATER' }])).toEqual([]);
      expect(((await control('POST', '/ax/kfuk/post', { freeTextInvoice: keysOf(r.body)[0]?.[0]?.[1] })).body as { posted: number }).posted).toBe(1);
      const [jour] = await journals([{ ds: 'CustInvoiceJour', field: 'DocumentNum', op: 'Equal', v1: 'SI-LATER' }]);
      expect(fieldOf(jour, 'InvoiceAmount')).toBe('48.00');
    } finally {
      await control('PUT', '/ax/settings', { autoPost: true });
    }
  });

  it('keeps companies apart', async () => {
    expect((await create(invoice('SI-UK-ONLY', '2026-11-20', [line('1.00', 'STD')]))).status).toBe(200);
    const r = await ax.call('SalesInvoiceService', 'find', [criteria([{ ds: 'CustInvoiceJour', field: 'DocumentNum', op: 'Equal', v1: 'SI-UK-ONLY' }])], { company: 'kfie' });
    expect(r.status).toBe(200);
    expect(recordsOf(r.body, 'SalesInvoice', 'CustInvoiceJour')).toEqual([]);
  });

  it('refuses writes, unknown keys, unknown fields and bad values', async () => {
    const write = await ax.call('SalesInvoiceService', 'create', [doc('SalesInvoice', [rec('CustInvoiceJour', [f('InvoiceId', 'X')])])]);
    expect(write.fault?.faultcode).toBe('a:ActionNotSupported');
    const unknown = await ax.call('SalesInvoiceService', 'read', [entityKeys([[['InvoiceId', 'FTI-999999']]])]);
    expect(unknown.status).toBe(500);
    expect(unknown.fault?.infolog[0]).toContain('No valid document identified from the entity key');
    const field = await ax.call('SalesInvoiceService', 'find', [criteria([{ ds: 'CustInvoiceJour', field: 'Colour', op: 'Equal', v1: 'red' }])]);
    expect(field.fault?.infolog).toEqual(['Field Colour does not exist in data source CustInvoiceJour.']);
    const date = await ax.call('SalesInvoiceService', 'find', [criteria([{ ds: 'CustInvoiceJour', field: 'InvoiceDate', op: 'Range', v1: '01/10/2026', v2: '2026-12-31' }])]);
    expect(date.fault?.infolog).toEqual(["The value '01/10/2026' is not valid for field InvoiceDate."]);
  });

  it('refuses answers over the port document limit and can be renamed', async () => {
    await control('PUT', '/ax/settings', { maxDocumentsPerResponse: 1 });
    try {
      const r = await ax.call('SalesInvoiceService', 'find', [criteria([])]);
      expect(r.status).toBe(500);
      expect(r.fault?.infolog[0]).toContain('exceeds the maximum number of documents');
    } finally {
      await control('PUT', '/ax/settings', { maxDocumentsPerResponse: 1000 });
    }
    await control('PUT', '/ax/settings', { externalNames: { salesInvoice: 'CustInvoiceJourService' } });
    try {
      expect((await ax.call('SalesInvoiceService', 'find', [criteria([])])).fault?.faultcode).toBe('a:ActionNotSupported');
      const renamed = await ax.call('CustInvoiceJourService', 'find', [criteria([])]);
      expect(renamed.status).toBe(200);
      expect(recordsOf(renamed.body, 'SalesInvoice', 'CustInvoiceJour').length).toBeGreaterThan(3);
      const services = (await control('GET', '/ax/services')).body as { id: string; externalName: string; externalNameConfidence: string }[];
      expect(services.find((s) => s.id === 'salesInvoice')).toMatchObject({ externalName: 'CustInvoiceJourService', externalNameConfidence: 'G' });
    } finally {
      await control('PUT', '/ax/settings', { externalNames: { salesInvoice: 'SalesInvoiceService' } });
    }
  });
});
