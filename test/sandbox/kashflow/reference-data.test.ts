import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient } from './helpers.js';

const sb = useSandbox();
const kf = new KfClient(sb);

beforeAll(async () => {
  await kf.login();
});

describe('nominals, banks, currencies, VAT, payment methods', () => {
  it('GET /v2/nominals is a bare array ordered by code; /v2/nominals/{code} the detail', async () => {
    const list = (await kf.get('/nominals')).json();
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((n: { Code: number }) => n.Code)).toEqual(sb().context.world.kashflow.nominals.map((n) => n.code).sort((a, b) => a - b));
    const sales = (await kf.get('/nominals/4000')).json();
    expect(sales).toMatchObject({ Code: 4000, Name: 'Sales', NomType: 1, Type: 'Sales', Classification: 'Turnover', VATRate: 20 });
    expect((await kf.get('/nominals/4001')).status).toBe(404);
  });

  it('bank accounts: bare array without archived ones unless includeArchivedAccounts=true; /list is paged', async () => {
    expect((await kf.get('/bankaccounts')).json().map((b: { Id: number }) => b.Id)).toEqual([1, 2, 3, 4]);
    const put = await kf.send('PUT', '/bankaccounts/2', { IsArchived: true, Note: 'closed' });
    expect(put.status).toBe(200);
    expect(put.json()).toMatchObject({ Id: 2, IsArchived: true, Note: 'closed' });
    expect((await kf.get('/bankaccounts')).json().map((b: { Id: number }) => b.Id)).toEqual([1, 3, 4]);
    expect((await kf.get('/bankaccounts?includeArchivedAccounts=true')).json().map((b: { Id: number }) => b.Id)).toEqual([1, 2, 3, 4]);
    expect((await kf.get('/bankaccounts?includeArchivedAccounts=perhaps')).status).toBe(400);
    const paged = (await kf.get('/bankaccounts/list?perpage=2&includeArchivedAccounts=true')).json();
    expect(paged.Data).toHaveLength(2);
    expect(paged.MetaData.TotalRecords).toBe(4);
    expect(paged.MetaData.NextPageUrl).toBe('/v2/bankaccounts/list?page=2&perpage=2&includeArchivedAccounts=true');
    const refused = await kf.send('PUT', '/bankaccounts/1', { IsArchived: true });
    expect(refused.status).toBe(400);
    expect(refused.json().Message).toMatch(/^IsArchived:/);
    expect((await kf.get('/bankaccounts/1')).json().IsArchived).toBe(false);
    await kf.send('PUT', '/bankaccounts/2', { IsArchived: false });
  });

  it('BankBalance moves with payments', async () => {
    const before = (await kf.get('/bankaccounts/4')).json().BankBalance;
    await kf.send('POST', '/invoices/bulk/payments', { AccountId: 4, Method: 4, PaymentItems: [{ ObjectNumber: 1002, Amount: 12.34 }] });
    expect((await kf.get('/bankaccounts/4')).json().BankBalance).toBeCloseTo(before + 12.34, 2);
  });

  it('currencies are a bare array; changing a rate applies to new documents only', async () => {
    const list = (await kf.get('/currencies')).json();
    expect(list.map((c: { Code: string }) => c.Code)).toEqual(['GBP', 'EUR', 'USD', 'AUD']);
    expect(list[1]).toEqual({ Code: 'EUR', Name: 'Euro', Symbol: '€', ExchangeRate: 1.17, DisplaySymbolOnRight: false });
    const eurCustomer = (await kf.send('POST', '/customers', { Name: 'Rate Change BV', Currency: { Code: 'EUR' } })).json().Code;
    const old = (await kf.send('POST', '/invoices', { CustomerCode: eurCustomer, LineItems: [{ Quantity: 1, Rate: 120, NominalCode: 4000, VATLevel: 0 }] })).json();
    const put = await kf.send('PUT', '/currencies/eur', { ExchangeRate: 1.2 });
    expect(put.status).toBe(200);
    expect(put.json()).toMatchObject({ Code: 'EUR', ExchangeRate: 1.2, IsDefault: false });
    const fresh = (await kf.send('POST', '/invoices', { CustomerCode: eurCustomer, LineItems: [{ Quantity: 1, Rate: 120, NominalCode: 4000, VATLevel: 0 }] })).json();
    expect(fresh.HomeCurrencyGrossAmount).toBe(100);
    expect((await kf.get(`/invoices/${old.Number}`)).json().Currency.ExchangeRate).toBe(1.17);
    expect((await kf.get(`/customers/${eurCustomer}`)).json().Currency.ExchangeRate).toBe(1.2);
    expect((await kf.send('PUT', '/currencies/GBP', { ExchangeRate: 2 })).status).toBe(400);
    expect((await kf.send('PUT', '/currencies/EUR', { ExchangeRate: 0 })).json().Message).toMatch(/^ExchangeRate: must be greater than 0/);
  });

  it('VAT rates and payment methods are bare arrays', async () => {
    expect((await kf.get('/vat/settings/vatrates')).json()).toEqual([
      { VATId: 1, VATRate: 20, VATText: 'Standard 20%' },
      { VATId: 2, VATRate: 5, VATText: 'Reduced 5%' },
      { VATId: 3, VATRate: 0, VATText: 'Zero rated 0%' },
    ]);
    expect((await kf.get('/paymentmethods/invoice')).json()).toHaveLength(6);
    expect((await kf.get('/paymentmethods/Purchase')).json()).toEqual([{ Id: 1, Name: 'Cash' }, { Id: 2, Name: 'Cheque' }, { Id: 3, Name: 'BACS' }, { Id: 4, Name: 'Company Card' }]);
    const bad = await kf.get('/paymentmethods/barter');
    expect(bad.status).toBe(400);
    expect(bad.json().Message).toMatch(/^type:/);
  });
});

describe('projects', () => {
  it('bare array, detail, create/update/delete, filter by customerCode', async () => {
    const list = (await kf.get('/projects')).json();
    expect(list.map((p: { Number: number }) => p.Number)).toEqual([1, 2, 3, 4, 5]);
    expect(list[4]).toMatchObject({ Status: 0, StatusName: 'Completed' });
    const r = await kf.send('POST', '/projects', { Number: 10, Name: 'New Depot', CustomerCode: 'alde01', StartDate: '2026-11-01', TargetSalesAmount: 5000 });
    expect(r.status).toBe(201);
    expect(r.json()).toMatchObject({ Number: 10, CustomerCode: 'ALDE01', StartDate: '2026-11-01 12:00:00', EndDate: null, Status: 1, TargetSalesAmount: 5000 });
    expect((await kf.get('/projects?customerCode=ALDE01')).json().some((p: { Number: number }) => p.Number === 10)).toBe(true);
    expect((await kf.send('POST', '/projects', { Number: 10, Name: 'Again' })).json().Error).toBe('DuplicateNumber');
    expect((await kf.send('POST', '/projects', { Name: 'No number' })).json().Message).toBe('Number: is required');
    await kf.send('POST', '/invoices', { CustomerCode: 'ALDE01', LineItems: [{ Quantity: 2, Rate: 100, NominalCode: 4000, VATLevel: 20, ProjectNumber: 10 }] });
    const p = (await kf.get('/projects/10')).json();
    expect(p.ActualSalesAmount).toBe(200);
    expect(p.ActualSalesVATAmount).toBe(40);
    expect((await kf.send('PUT', '/projects/10', { Status: 2 })).json().StatusName).toBe('Archived');
    expect((await kf.send('PUT', '/projects/10', { Status: 7 })).json().Message).toMatch(/^Status: must be at most 2/);
    expect((await kf.send('DELETE', '/projects/10')).json().Error).toBe('ProjectInUse');
    expect((await kf.send('POST', '/projects', { Number: 11, Name: 'Tmp' })).status).toBe(201);
    expect((await kf.send('DELETE', '/projects/11')).status).toBe(204);
    expect((await kf.get('/projects/11')).status).toBe(404);
  });
});

describe('products', () => {
  it('bare array, paged /list, per nominal, and CRUD under /{nominalCode}/{code}', async () => {
    const all = (await kf.get('/products')).json();
    expect(all.length).toBe(sb().context.world.kashflow.products.length);
    const paged = (await kf.get('/products/list?perpage=5&sortby=Name')).json();
    expect(paged.Data).toHaveLength(5);
    expect(paged.MetaData.TotalRecords).toBe(all.length);
    const per = (await kf.get('/nominals/4050/products')).json();
    expect(per.length).toBeGreaterThan(0);
    expect(per.every((p: { NominalCode: number }) => p.NominalCode === 4050)).toBe(true);
    const before = (await kf.counts()).products ?? 0;
    const r = await kf.send('POST', '/products', { Code: 'NEW-1', Name: 'New Thing', NominalCode: 4010, Price: 9.99, VATRate: 5 });
    expect(r.status).toBe(201);
    expect(r.text).toContain('"Price":9.9900');
    expect((await kf.get('/products/4010/new-1')).json().Name).toBe('New Thing');
    expect((await kf.get('/products/4000/NEW-1')).status).toBe(404);
    expect((await kf.send('POST', '/products', { Code: 'NEW-1', Name: 'Dup', NominalCode: 4010 })).json().Error).toBe('DuplicateCode');
    expect((await kf.send('POST', '/products', { Code: 'NEW-2', Name: 'Cost', NominalCode: 5000 })).json().Message).toMatch(/^NominalCode: 5000 is not a sales nominal code/);
    expect((await kf.send('POST', '/products', { Code: 'NEW-3', NominalCode: 4010 })).json().Message).toBe('Name: is required');
    expect((await kf.counts()).products).toBe(before + 1);
    const moved = await kf.send('PUT', '/products/4010/NEW-1', { NominalCode: 4000, Price: 12 });
    expect(moved.json()).toMatchObject({ NominalCode: 4000, Price: 12 });
    expect((await kf.get('/products/4000/NEW-1')).status).toBe(200);
    const onLine = (await kf.send('POST', '/invoices', { CustomerCode: 'ALDE01', LineItems: [{ Quantity: 1, Rate: 12, ProductCode: 'new-1', NominalCode: 4000 }] })).json();
    expect(onLine.LineItems[0]).toMatchObject({ ProductCode: 'NEW-1', ProductName: 'New Thing', Description: 'New Thing', VATLevel: 5 });
    expect((await kf.send('DELETE', '/products/4000/NEW-1')).status).toBe(204);
    expect((await kf.counts()).products).toBe(before);
  });
});

describe('journals [U shape]', () => {
  it('creates a balanced journal, reads it, lists summaries without lines, updates and deletes', async () => {
    const before = (await kf.counts()).journals ?? 0;
    const r = await kf.send('POST', '/journals', { Date: '2026-11-20', Description: 'Accrual', Lines: [{ NominalCode: 7100, Debit: 500, Comment: 'rent' }, { NominalCode: 2100, Credit: '500.00', ProjectNumber: 1 }] });
    expect(r.status).toBe(201);
    const j = r.json();
    expect(j).toMatchObject({ Number: 1, Date: '2026-11-20 12:00:00', Description: 'Accrual' });
    expect(j.Lines).toEqual([
      { Number: 1, NominalCode: 7100, NominalName: 'Rent and Rates', Debit: 500, Credit: 0, Comment: 'rent', ProjectNumber: 0 },
      { Number: 2, NominalCode: 2100, NominalName: 'Trade Creditors', Debit: 0, Credit: 500, Comment: '', ProjectNumber: 1 },
    ]);
    expect(r.text).toContain('"Debit":500.0000');
    expect((await kf.counts()).journals).toBe(before + 1);
    const list = (await kf.get('/journals')).json();
    expect(list.Data[0].Lines).toBeNull();
    expect(list.MetaData.TotalRecords).toBe(before + 1);
    const u = await kf.send('PUT', `/journals/${j.Number}`, { Description: 'Accrual (rev)' });
    expect(u.json().Lines).toHaveLength(2);
    expect(u.json().Description).toBe('Accrual (rev)');
    expect((await kf.ctl('GET', `/kashflow/journals/${j.Number}`)).body.Description).toBe('Accrual (rev)');
    expect((await kf.send('DELETE', `/journals/${j.Number}`)).status).toBe(204);
    expect((await kf.counts()).journals).toBe(before);
  });

  it('refuses unbalanced or malformed journals', async () => {
    const before = await kf.counts();
    const cases: [unknown, RegExp][] = [
      [{ Lines: [{ NominalCode: 7100, Debit: 500 }, { NominalCode: 2100, Credit: 499.99 }] }, /^Lines: the journal does not balance: debits 500\.00 ≠ credits 499\.99/],
      [{ Lines: [{ NominalCode: 7100, Debit: 5, Credit: 5 }, { NominalCode: 2100, Credit: 0 }] }, /^Lines\[0\]: exactly one of Debit and Credit/],
      [{ Lines: [{ NominalCode: 7100, Debit: 5 }] }, /^Lines: a journal needs at least two lines/],
      [{ Lines: [{ NominalCode: 1, Debit: 5 }, { NominalCode: 2100, Credit: 5 }] }, /^Lines\[0\]\.NominalCode: unknown nominal code 1/],
      [{ Lines: [{ NominalCode: 7100, Debit: -5 }, { NominalCode: 2100, Credit: -5 }] }, /^Lines\[0\]\.Debit: must not be negative/],
      [{ Description: 'no lines' }, /^Lines: is required/],
    ];
    for (const [body, message] of cases) {
      const r = await kf.send('POST', '/journals', body);
      expect(r.status).toBe(400);
      expect(r.json().Message).toMatch(message);
    }
    expect(await kf.counts()).toEqual(before);
  });
});
