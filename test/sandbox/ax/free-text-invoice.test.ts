import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/canonical/money.js';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { account, AifClient, criteria, dimSet, doc, f, fieldOf, keysOf, rec, recordsOf } from './aif-client.js';

const sb = useSandbox();
const ax = new AifClient(sb);
const control = (method: string, path: string, body?: unknown) => controlRequest(sb().endpoints.control.axUrl, method, path, body);

type Line = ReturnType<typeof rec>;
const line = (opts: { qty?: string; price?: string; amount?: string; account: ReturnType<typeof account>; itemTax?: string; taxGroup?: string; description?: string }): Line =>
  rec('CustInvoiceLine', [f('AmountCur', opts.amount), f('Description', opts.description ?? 'Goods'), opts.account, f('Quantity', opts.qty), f('TaxGroup', opts.taxGroup), f('TaxItemGroup', opts.itemTax), f('UnitPrice', opts.price)]);

const invoice = (opts: { customer?: string; date?: string; documentNum: string; currency?: string; exchRate?: string; lines: Line[]; dims?: [string, string][] }) =>
  rec('CustInvoiceTable', [f('CurrencyCode', opts.currency), opts.dims ? dimSet('DefaultDimension', opts.dims) : undefined, f('DocumentNum', opts.documentNum), f('ExchRate', opts.exchRate), f('InvoiceDate', opts.date ?? '2026-11-20'), f('OrderAccount', opts.customer ?? 'GRP-0001'), ...opts.lines]);

const createInvoices = (...records: ReturnType<typeof rec>[]) => ax.call('FreeTextInvoiceService', 'create', [doc('FreeTextInvoice', records)]);

interface TransView {
  invoice: string;
  documentNum: string;
  amountCur: number;
  amountMST: number;
  openAmountCur: number;
  status: string;
  dueDate: string;
  exchRate: string;
}

async function custTrans(query: string): Promise<TransView[]> {
  return (await control('GET', `/ax/kfuk/custtrans?${query}`)).body as TransView[];
}

describe('FreeTextInvoiceService create', () => {
  it('creates and posts an invoice with dimensions and sales tax: InvoiceId, CustTrans, ledger', async () => {
    const r = await createInvoices(
      invoice({
        documentNum: 'KF-1001',
        dims: [['BusinessUnit', '010']],
        lines: [line({ qty: '3', price: '19.99', account: account('LedgerDimension', '401100', '401100-020-SALES', [['BusinessUnit', '020'], ['Department', 'SALES']]), itemTax: 'STD' }), line({ amount: '10.05', account: account('LedgerDimension', '403100', '403100'), itemTax: 'RED', description: 'Carriage' })],
      }),
    );
    expect(r.status).toBe(200);
    const recId = keysOf(r.body)[0];
    expect(recId?.[0]?.[0]).toBe('RecId');
    const view = (await control('GET', `/ax/kfuk/free-text-invoices/${recId?.[0]?.[1]}`)).body as { posted: boolean; invoiceId: string; invoiceAmount: number; taxAmount: number; dueDate: string };
    expect(view.posted).toBe(true);
    expect(view.invoiceId).toMatch(/^FTI-\d{6}$/);
    expect(view.invoiceAmount).toBe(82.51); // 59.97 + 11.99 (20%) + 10.05 + 0.50 (5%)
    expect(view.taxAmount).toBe(12.49);
    expect(view.dueDate).toBe('2026-12-20'); // Net30 of the customer
    const [trans] = await custTrans('documentNum=KF-1001');
    expect(trans).toMatchObject({ invoice: view.invoiceId, documentNum: 'KF-1001', amountCur: 82.51, amountMST: 82.51, openAmountCur: 82.51, status: 'open', dueDate: '2026-12-20' });
    const ledger = (await control('GET', `/ax/kfuk/ledger`)).body as { entries: { voucher: string; mainAccount: string; amountMST: number; displayValue: string }[] };
    const voucher = ledger.entries.filter((e) => e.mainAccount === '130100' && e.amountMST === 82.51)[0]?.voucher;
    const lines = ledger.entries.filter((e) => e.voucher === voucher).map((e) => [e.mainAccount, e.displayValue, e.amountMST]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['401100', '401100-020-SALES', -59.97],
        ['222100', '222100', -11.99],
        ['403100', '403100--', -10.05],
        ['222100', '222100', -0.5],
        ['130100', '130100', 82.51],
      ]),
    );
    // Read back through CustomerTransactionService by the natural key.
    const found = await ax.call('CustomerTransactionService', 'find', [criteria([{ ds: 'CustTrans', field: 'DocumentNum', op: 'Equal', v1: 'KF-1001' }])]);
    const ct = recordsOf(found.body, 'CustomerTransaction', 'CustTrans')[0];
    expect(fieldOf(ct, 'Invoice')).toBe(view.invoiceId);
    expect(fieldOf(ct, 'AmountCur')).toBe('82.51');
    expect(fieldOf(ct?.children.find((c) => c.name === 'CustTransOpen'), 'AmountCur')).toBe('82.51');
  });

  it('converts foreign-currency invoices with the explicit ExchRate or the company rate of the invoice date', async () => {
    const created = await ax.call('CustomerService', 'create', [doc('Customer', [rec('CustTable', [f('AccountNum', 'EUR-CUST'), f('Currency', 'EUR'), f('CustGroup', 'EU'), f('TaxGroup', 'EU'), rec('DirParty', [f('Name', 'Euro GmbH')], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])])]);
    expect(created.status).toBe(200);
    const lines = [line({ amount: '1000.00', account: account('LedgerDimension', '401300', '401300-010-SALES'), itemTax: 'STD' })];
    expect((await createInvoices(invoice({ customer: 'EUR-CUST', documentNum: 'EUR-FIXED', exchRate: '85.5', lines }))).status).toBe(200);
    const [fixedRate] = await custTrans('documentNum=EUR-FIXED');
    expect(fixedRate).toMatchObject({ amountCur: 1000, amountMST: 855, exchRate: '85.5' }); // EU group: VAT0 only
    expect((await createInvoices(invoice({ customer: 'EUR-CUST', documentNum: 'EUR-TABLE', lines }))).status).toBe(200);
    const rates = (await control('GET', '/ax/kfuk/reference/exchangeRates')).body as { from: string; date: string; rate: string; displayFactor: number }[];
    const rate = rates.filter((x) => x.from === 'EUR' && x.date <= '2026-11-20').sort((a, b) => (a.date < b.date ? 1 : -1))[0];
    const [tableRate] = await custTrans('documentNum=EUR-TABLE');
    expect(tableRate?.amountMST).toBe(new Dec(1000).times(rate?.rate ?? '0').div(rate?.displayFactor ?? 1).toDecimalPlaces(2).toNumber());
  });

  it('refuses a currency without an exchange rate on the invoice date', async () => {
    expect((await control('POST', '/ax/kfuk/reference/currencies', { code: 'CHF', name: 'Swiss franc' })).status).toBe(201);
    const r = await createInvoices(invoice({ documentNum: 'CHF-1', currency: 'CHF', lines: [line({ amount: '5', account: account('LedgerDimension', '409100', '409100') })] }));
    expect(r.fault?.infolog).toEqual(['No exchange rate is defined for currency CHF on 2026-11-20 (company kfuk, accounting currency GBP).']);
  });

  it('validates accounts and dimensions against the account structure', async () => {
    const cases: [Line, string][] = [
      [line({ amount: '1', account: account('LedgerDimension', '999000', '999000') }), 'Main account 999000 does not exist.'],
      [line({ amount: '1', account: account('LedgerDimension', '999999', '999999-010', [['BusinessUnit', '010']]) }), 'Financial dimension BusinessUnit is not allowed by account structure MainAccount only for main account 999999.'],
      [line({ amount: '1', account: account('LedgerDimension', '401100', '401100-010-OPS', [['BusinessUnit', '020'], ['Department', 'SALES']]) }), 'The display value 401100-010-OPS does not match the account and dimension values (401100-020-SALES).'],
      [line({ amount: '1', account: account('LedgerDimension', '401100', '401100-099', [['BusinessUnit', '099']]) }), 'Value 099 does not exist for financial dimension BusinessUnit.'],
      [line({ amount: '1', account: account('LedgerDimension', '401100', '401100'), taxGroup: 'NOPE', itemTax: 'NADA' }), 'Sales tax group NOPE does not exist.'],
    ];
    for (const [l, message] of cases) {
      const r = await createInvoices(invoice({ documentNum: 'BAD', lines: [l] }));
      expect(r.status, message).toBe(500);
      expect(r.fault?.infolog[0], message).toBe(message);
    }
    const unknownCustomer = await createInvoices(invoice({ customer: 'NOBODY', documentNum: 'BAD', lines: [line({ amount: '1', account: account('LedgerDimension', '401100', '401100') })] }));
    expect(unknownCustomer.fault?.infolog).toEqual(['Customer account NOBODY does not exist.']);
    expect(unknownCustomer.fault?.fields).toEqual(['OrderAccount']);
    const noLines = await createInvoices(invoice({ documentNum: 'BAD', lines: [] }));
    expect(noLines.fault?.infolog).toEqual(['A free text invoice must have at least one line (CustInvoiceLine).']);
    expect(await custTrans('documentNum=BAD')).toEqual([]);
  });

  it('derives the dimension values from the display value alone', async () => {
    const r = await createInvoices(invoice({ documentNum: 'DISPLAY-ONLY', lines: [line({ amount: '100', account: account('LedgerDimension', '', '401100-030-FIN'), itemTax: 'ZERO' })] }));
    expect(r.status).toBe(200);
    const ledger = (await control('GET', '/ax/kfuk/ledger?account=401100')).body as { entries: { displayValue: string; amountMST: number; dimensions: { name: string; value: string }[] }[] };
    const entry = ledger.entries.find((e) => e.displayValue === '401100-030-FIN');
    expect(entry?.dimensions).toEqual([{ name: 'BusinessUnit', value: '030' }, { name: 'Department', value: 'FIN' }]);
  });

  it('fails the whole create when one of several invoices is invalid', async () => {
    const before = await control('GET', '/ax/counts?company=kfuk');
    const r = await createInvoices(invoice({ documentNum: 'ATOM-1', lines: [line({ amount: '1', account: account('LedgerDimension', '401100', '401100') })] }), invoice({ customer: 'NOBODY', documentNum: 'ATOM-2', lines: [line({ amount: '1', account: account('LedgerDimension', '401100', '401100') })] }));
    expect(r.status).toBe(500);
    expect((await control('GET', '/ax/counts?company=kfuk')).body).toEqual(before.body);
    expect(await custTrans('documentNum=ATOM-1')).toEqual([]);
  });

  it('refuses a closed period and a period on hold with distinct texts, with and without exceptions in faults', async () => {
    const before = await control('GET', '/ax/counts?company=kfuk');
    const closed = await createInvoices(invoice({ documentNum: 'CLOSED-1', date: '2026-06-15', lines: [line({ amount: '1', account: account('LedgerDimension', '401100', '401100') })] }));
    expect(closed.fault?.codes).toEqual(['PeriodClosed']);
    expect(closed.fault?.infolog).toEqual(['Period 2026-06 (2026-06-01 - 2026-06-30) is closed. Posting date 2026-06-15 cannot be used.']);
    expect(closed.fault?.fields).toEqual(['InvoiceDate']);
    expect((await control('PUT', '/ax/kfuk/periods/2026-10', { status: 'OnHold' })).status).toBe(200);
    const held = await createInvoices(invoice({ documentNum: 'HELD-1', date: '2026-10-10', lines: [line({ amount: '1', account: account('LedgerDimension', '401100', '401100') })] }));
    expect(held.fault?.codes).toEqual(['PeriodOnHold']);
    expect(held.fault?.infolog[0]).toContain('is on hold');
    await control('PUT', '/ax/settings', { includeExceptionsInFault: false });
    try {
      const quiet = await createInvoices(invoice({ documentNum: 'HELD-2', date: '2026-10-10', lines: [line({ amount: '1', account: account('LedgerDimension', '401100', '401100') })] }));
      expect(quiet.status).toBe(500);
      expect(quiet.fault?.faultstring).toBe('Request Failed. See the Exception Log for details.');
      expect(quiet.fault?.infolog).toEqual([]);
      expect(quiet.fault?.codes).toEqual([]);
      expect(quiet.text).toContain('<InfologMessageList i:nil="true"/>');
    } finally {
      await control('PUT', '/ax/settings', { includeExceptionsInFault: true });
    }
    expect((await control('GET', '/ax/counts?company=kfuk')).body).toEqual(before.body);
    await control('PUT', '/ax/kfuk/periods/2026-10', { status: 'Open' });
    expect((await createInvoices(invoice({ documentNum: 'HELD-3', date: '2026-10-10', lines: [line({ amount: '1', account: account('LedgerDimension', '401100', '401100') })] }))).status).toBe(200);
  });

  it('returns InvoiceId as the key when configured', async () => {
    await control('PUT', '/ax/settings', { freeTextInvoiceKeyField: 'InvoiceId' });
    try {
      const r = await createInvoices(invoice({ documentNum: 'KEY-INV', lines: [line({ amount: '2', account: account('LedgerDimension', '401100', '401100') })] }));
      const key = keysOf(r.body)[0];
      expect(key?.[0]?.[0]).toBe('InvoiceId');
      const [trans] = await custTrans('documentNum=KEY-INV');
      expect(key?.[0]?.[1]).toBe(trans?.invoice);
    } finally {
      await control('PUT', '/ax/settings', { freeTextInvoiceKeyField: 'RecId' });
    }
  });

  it('leaves invoices unposted without autoPost until the control API posts them', async () => {
    await control('PUT', '/ax/settings', { autoPost: false });
    try {
      const r = await createInvoices(invoice({ documentNum: 'LATER-1', lines: [line({ amount: '40', account: account('LedgerDimension', '401100', '401100'), itemTax: 'STD' })] }));
      expect(r.status).toBe(200);
      const recId = keysOf(r.body)[0]?.[0]?.[1] ?? '';
      const pending = (await control('GET', '/ax/kfuk/free-text-invoices?documentNum=LATER-1')).body as { posted: boolean; invoiceId: string | null }[];
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({ posted: false, invoiceId: null });
      expect(await custTrans('documentNum=LATER-1')).toEqual([]);
      const posted = (await control('POST', '/ax/kfuk/post', { freeTextInvoice: recId })).body as { posted: number; results: { invoiceId: string }[] };
      expect(posted.posted).toBe(1);
      const [trans] = await custTrans('documentNum=LATER-1');
      expect(trans?.amountCur).toBe(48);
      expect(trans?.invoice).toBe(posted.results[0]?.invoiceId);
      // A posting that fails leaves the document pending with its reasons.
      expect((await createInvoices(invoice({ documentNum: 'LATER-2', date: '2026-09-10', lines: [line({ amount: '1', account: account('LedgerDimension', '401100', '401100') })] }))).status).toBe(200);
      await control('PUT', '/ax/kfuk/periods/2026-09', { status: 'Closed' });
      const failed = (await control('POST', '/ax/kfuk/post', {})).body as { posted: number; failed: number; results: { posted: boolean; problems?: { code: string }[] }[] };
      expect(failed.failed).toBe(1);
      expect(failed.results.find((x) => !x.posted)?.problems?.[0]?.code).toBe('PeriodClosed');
      await control('PUT', '/ax/kfuk/periods/2026-09', { status: 'Open' });
      expect(((await control('POST', '/ax/kfuk/post', {})).body as { posted: number }).posted).toBe(1);
    } finally {
      await control('PUT', '/ax/settings', { autoPost: true });
    }
  });

  it('is create-only: no read or find operation', async () => {
    const r = await ax.call('FreeTextInvoiceService', 'find', [criteria([])]);
    expect(r.fault?.faultcode).toBe('a:ActionNotSupported');
  });
});
