import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient } from './helpers.js';

const sb = useSandbox();
const kf = new KfClient(sb);

beforeAll(async () => {
  await kf.login();
});

const numbers = (body: { Data: { Number: number }[] }): number[] => body.Data.map((d) => d.Number);

describe('paged lists', () => {
  it('returns the envelope with relative links that keep the other query parameters', async () => {
    const r = await kf.get('/invoices?perpage=5&page=2&sortby=Number&order=Asc');
    expect(r.status).toBe(200);
    const body = r.json();
    expect(Object.keys(body)).toEqual(['Data', 'MetaData']);
    expect(body.Data).toHaveLength(5);
    expect(numbers(body)).toEqual([1006, 1007, 1008, 1009, 1010]);
    expect(body.MetaData).toEqual({
      FirstPageUrl: '/v2/invoices?page=1&perpage=5&sortby=Number&order=Asc',
      LastPageUrl: '/v2/invoices?page=5&perpage=5&sortby=Number&order=Asc',
      NextPageUrl: '/v2/invoices?page=3&perpage=5&sortby=Number&order=Asc',
      PreviousPageUrl: '/v2/invoices?page=1&perpage=5&sortby=Number&order=Asc',
      TotalRecords: 24,
    });
  });

  it('following NextPageUrl visits every record exactly once and ends with null', async () => {
    const seen: number[] = [];
    let url: string | null = '/v2/invoices?perpage=7&customerCode=';
    let guard = 0;
    while (url && guard++ < 10) {
      const body: { Data: { Number: number }[]; MetaData: { NextPageUrl: string | null } } = (await kf.get(url.slice(3))).json();
      seen.push(...numbers(body));
      url = body.MetaData.NextPageUrl;
    }
    expect(seen).toEqual(Array.from({ length: 24 }, (_, i) => 1001 + i));
  });

  it('first and last pages have no previous/next link; a page past the end is empty', async () => {
    const first = (await kf.get('/invoices?perpage=10')).json();
    expect(first.MetaData.PreviousPageUrl).toBeNull();
    const last = (await kf.get('/invoices?perpage=10&page=3')).json();
    expect(last.Data).toHaveLength(4);
    expect(last.MetaData.NextPageUrl).toBeNull();
    const beyond = (await kf.get('/invoices?perpage=10&page=9')).json();
    expect(beyond.Data).toEqual([]);
    expect(beyond.MetaData.TotalRecords).toBe(24);
  });

  it('defaults to the configured page size and clamps perpage to the maximum', async () => {
    expect((await kf.get('/customers')).json().Data).toHaveLength(40);
    await kf.ctl('PUT', '/kashflow/settings', { defaultPerPage: 10, maxPerPage: 15 });
    expect((await kf.get('/customers')).json().Data).toHaveLength(10);
    const clamped = (await kf.get('/customers?perpage=1000')).json();
    expect(clamped.Data).toHaveLength(15);
    expect(clamped.MetaData.NextPageUrl).toBe('/v2/customers?page=2&perpage=15');
    await kf.ctl('PUT', '/kashflow/settings', { defaultPerPage: 100, maxPerPage: 500 });
  });

  it('bad paging parameters are 400 naming the parameter', async () => {
    for (const [q, field] of [['page=0', 'page'], ['page=x', 'page'], ['perpage=-3', 'perpage'], ['sortby=Colour', 'sortby'], ['order=sideways', 'order']] as const) {
      const r = await kf.get(`/invoices?${q}`);
      expect(r.status).toBe(400);
      expect(r.json().Message.startsWith(`${field}:`)).toBe(true);
    }
  });
});

describe('sorting and filters', () => {
  it('sorts invoices by every documented key and alias, ascending and descending (any case)', async () => {
    const all = (await kf.get('/invoices?perpage=100')).json().Data as Record<string, unknown>[];
    const check = async (sortby: string, field: string, order: 'asc' | 'desc'): Promise<void> => {
      const rows = (await kf.get(`/invoices?perpage=100&sortby=${sortby}&order=${order === 'asc' ? 'aSc' : 'DESC'}`)).json().Data as Record<string, unknown>[];
      expect(rows).toHaveLength(all.length);
      const values = rows.map((r) => r[field] as string | number);
      const sorted = [...values].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).toLowerCase() < String(b).toLowerCase() ? -1 : String(a).toLowerCase() > String(b).toLowerCase() ? 1 : 0));
      expect(values).toEqual(order === 'asc' ? sorted : sorted.reverse());
    };
    for (const order of ['asc', 'desc'] as const) {
      await check('Number', 'Number', order);
      await check('CustomerRef', 'CustomerReference', order);
      await check('CustomerReference', 'CustomerReference', order);
      await check('customername', 'CustomerName', order);
      await check('InvoiceDate', 'IssuedDate', order);
      await check('IssuedDate', 'IssuedDate', order);
      await check('PaymentDueDate', 'DueDate', order);
      await check('DueDate', 'DueDate', order);
      await check('GrossAmount', 'GrossAmount', order);
      await check('NetAmount', 'NetAmount', order);
    }
  });

  it('sorts by Status', async () => {
    const rows = (await kf.get('/invoices?perpage=100&sortby=Status')).json().Data as { Status: string }[];
    const rank = ['NA', 'Unpaid', 'PartPaid', 'Overdue', 'Paid', 'Overpaid'];
    const ranks = rows.map((r) => rank.indexOf(r.Status));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.Status)).size).toBeGreaterThan(1);
  });

  it('filters invoices by customerCode and purchases by supplierCode (any case), links keep the filter', async () => {
    const code = (await kf.get('/invoices/1001')).json().CustomerCode as string;
    const r = (await kf.get(`/invoices?customercode=${code.toLowerCase()}&perpage=1`)).json();
    expect(r.Data.every((d: { CustomerCode: string }) => d.CustomerCode === code)).toBe(true);
    expect(r.MetaData.TotalRecords).toBeGreaterThanOrEqual(1);
    expect(r.MetaData.FirstPageUrl).toContain(`customercode=${code.toLowerCase()}`);
    const sup = (await kf.get('/purchases/5001')).json().SupplierCode as string;
    const p = (await kf.get(`/purchases?supplierCode=${sup}`)).json();
    expect(p.Data.length).toBeGreaterThanOrEqual(1);
    expect(p.Data.every((d: { SupplierCode: string }) => d.SupplierCode === sup)).toBe(true);
    expect((await kf.get('/invoices?customerCode=NOBODY')).json()).toMatchObject({ Data: [], MetaData: { TotalRecords: 0, NextPageUrl: null } });
  });

  it('customers sort by Code and Name', async () => {
    const codes = (await kf.get('/customers?sortby=code')).json().Data.map((c: { Code: string }) => c.Code);
    expect(codes).toEqual([...codes].sort());
    const names = (await kf.get('/customers?sortby=Name&order=Desc')).json().Data.map((c: { Name: string }) => c.Name.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
  });

  it('list items are summaries: LineItems, PaymentLines and Currency are null; the detail has them', async () => {
    const list = (await kf.get('/invoices?perpage=3')).json();
    for (const d of list.Data) {
      expect(d.LineItems).toBeNull();
      expect(d.PaymentLines).toBeNull();
      expect(d.Currency).toBeNull();
    }
    const detail = (await kf.get(`/invoices/${list.Data[0].Number}`)).json();
    expect(detail.LineItems.length).toBeGreaterThan(0);
    expect(Array.isArray(detail.PaymentLines)).toBe(true);
    expect(detail.Currency.Code).toBe('GBP');
    const purchases = (await kf.get('/purchases?perpage=2')).json();
    expect(purchases.Data[0].LineItems).toBeNull();
    expect(purchases.Data[0].Currency).toBeNull();
  });

  it('a summary reflects a change to the record (cached text is invalidated)', async () => {
    const before = (await kf.get('/invoices?perpage=1&sortby=Number')).json().Data[0];
    expect((await kf.send('PUT', `/invoices/${before.Number}`, { CustomerReference: 'CACHE-TEST' })).status).toBe(200);
    const after = (await kf.get('/invoices?perpage=1&sortby=Number')).json().Data[0];
    expect(after.CustomerReference).toBe('CACHE-TEST');
    const cust = (await kf.get('/customers?perpage=1&sortby=Code')).json().Data[0];
    await kf.send('PUT', `/customers/${cust.Code}`, { Name: 'Renamed For Cache' });
    const invs = (await kf.get(`/invoices?customerCode=${cust.Code}`)).json().Data;
    for (const i of invs) expect(i.CustomerName).toBe('Renamed For Cache');
  });

  it('list pages reflect payments, project renames and settings changes', async () => {
    const inv = (await kf.send('POST', '/invoices', { CustomerCode: 'ALDE01', ProjectNumber: 2, LineItems: [{ Quantity: 1, Rate: 10, NominalCode: 4000, VATLevel: 0 }] })).json();
    const row = async (): Promise<Record<string, unknown>> => (await kf.get('/invoices?perpage=500&sortby=Number&order=Desc')).json().Data[0];
    expect(await row()).toMatchObject({ Number: inv.Number, Status: 'Unpaid', ProjectName: 'Website Relaunch' });
    await kf.send('POST', '/invoices/bulk/payments', { AccountId: 1, Method: 3, PaymentItems: [{ ObjectNumber: inv.Number, Amount: 10 }] });
    expect(await row()).toMatchObject({ Status: 'Paid', TotalPaidAmount: 10 });
    await kf.send('PUT', '/projects/2', { Name: 'Website Relaunch II' });
    expect((await row()).ProjectName).toBe('Website Relaunch II');
    await kf.ctl('PUT', '/kashflow/settings', { defaultPerPage: 2 });
    expect((await kf.get('/invoices?sortby=Number&order=Desc')).json().Data).toHaveLength(2);
    await kf.ctl('PUT', '/kashflow/settings', { defaultPerPage: 100 });
    expect((await kf.get('/invoices?sortby=Number&order=Desc')).json().Data.length).toBeGreaterThan(2);
  });
});

describe('unstable ordering (fault profile)', () => {
  it('is stable by default: the same request gives the same order', async () => {
    const a = (await kf.get('/invoices?perpage=100&sortby=Status')).text;
    const b = (await kf.get('/invoices?perpage=100&sortby=Status')).text;
    expect(a).toBe(b);
  });

  it('shuffles rows with equal sort keys between requests', async () => {
    for (let i = 0; i < 6; i++) expect((await kf.send('POST', '/invoices', { CustomerCode: 'ALDE01', IssuedDate: '2026-01-01', LineItems: [] })).status).toBe(201);
    expect((await kf.ctl('PUT', '/faults/profile', { name: 'fast', kashflow: { unstableListOrder: true } })).status).toBe(200);
    await kf.ctl('PUT', '/kashflow/settings', { unstablePageShiftRate: 0 });
    const orders = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const rows = (await kf.get('/invoices?perpage=100&sortby=IssuedDate')).json().Data as { Number: number; IssuedDate: string }[];
      const dates = rows.map((r) => r.IssuedDate);
      expect(dates).toEqual([...dates].sort());
      orders.add(JSON.stringify(rows.filter((r) => r.IssuedDate.startsWith('2026-01-01')).map((r) => r.Number)));
    }
    expect(orders.size).toBeGreaterThan(1);
    await kf.ctl('PUT', '/faults/profile', { name: 'fast' });
  });

  it('shifts rows across page boundaries so that paging misses and duplicates records', async () => {
    await kf.ctl('PUT', '/faults/profile', { name: 'fast', kashflow: { unstableListOrder: true } });
    await kf.ctl('PUT', '/kashflow/settings', { unstablePageShiftRate: 1 });
    const total = (await kf.get('/invoices?perpage=500')).json().MetaData.TotalRecords as number;
    const seen: number[] = [];
    for (let page = 1; page <= Math.ceil(total / 5); page++) {
      const body = (await kf.get(`/invoices?perpage=5&page=${page}&sortby=Number`)).json();
      expect(body.Data.length).toBe(Math.min(5, total - (page - 1) * 5));
      seen.push(...numbers(body));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBeLessThan(total);
    await kf.ctl('PUT', '/faults/profile', { name: 'fast' });
    await kf.ctl('PUT', '/kashflow/settings', { unstablePageShiftRate: 0.25 });
    const stable: number[] = [];
    for (let page = 1; page <= Math.ceil(total / 5); page++) stable.push(...numbers((await kf.get(`/invoices?perpage=5&page=${page}&sortby=Number`)).json()));
    expect(new Set(stable).size).toBe(total);
  });
});

describe('query parameters of a call', () => {
  it('match case-insensitively (the last name to appear wins), repeated ones give their last value, and each call reads its own', async () => {
    const sizes = async (query: string): Promise<number> => ((await kf.get(`/invoices?${query}`)).json() as { Data: unknown[] }).Data.length;
    expect(await sizes('PerPage=5&perpage=3')).toBe(3);
    // perpage=[2,6] is first seen before PERPAGE=4: 4 is written last.
    expect(await sizes('perpage=2&PERPAGE=4&perpage=6')).toBe(4);
    expect(await sizes('perpage=2&perpage=6')).toBe(6);
    expect(await sizes('perPage=4')).toBe(4);
    expect(await sizes('perpage=7')).toBe(7);
  });
});
