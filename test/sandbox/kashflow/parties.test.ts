import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient } from './helpers.js';

const sb = useSandbox();
const kf = new KfClient(sb);
beforeAll(async () => {
  await kf.login();
});

describe('customers', () => {
  it('creates a customer with a server-generated code and the fields sent', async () => {
    const before = await kf.counts();
    const r = await kf.send('POST', '/customers', {
      Name: 'Zephyr Bakery Ltd',
      Contacts: [{ firstname: 'Ann', lastname: 'Lee', Email: 'ann@zephyr.example' }],
      Addresses: [{ Line1: '1 High St', Line3: 'Leeds', PostCode: 'LS1 1AA', CountryCode: 'gb', CountryName: 'United Kingdom' }],
      Currency: { Code: 'eur' },
      PaymentTerms: { Days: 14, Type: 'aftermonthend' },
      CustomTextBoxes: [{ Name: 'Sales Region', Value: 'North' }],
      CustomCheckBoxes: [{ Name: 'Trade Account', Value: 1 }],
      VATNumber: 'GB123456789',
    });
    expect(r.status).toBe(201);
    const c = r.json();
    expect(c.Code).toBe('ZEPH01');
    expect(c.Name).toBe('Zephyr Bakery Ltd');
    expect(c.Contacts[0]).toMatchObject({ Name: 'Ann Lee', Firstname: 'Ann', LastName: 'Lee', Email: 'ann@zephyr.example' });
    expect(c.Addresses[0]).toMatchObject({ Line1: '1 High St', CountryCode: 'GB' });
    expect(c.Currency.Code).toBe('EUR');
    expect(c.PaymentTerms).toEqual({ Days: 14, Type: 'AfterMonthEnd' });
    expect(c.CustomTextBoxes).toEqual([{ Name: 'Sales Region', Value: 'North' }]);
    expect(c.CustomCheckBoxes).toEqual([{ Name: 'Trade Account', Value: '1' }]);
    expect(c.CreatedDate).toBe('2026-11-26 12:00:00');
    expect(c.LastUpdatedDate).toBe(c.CreatedDate);
    expect(c.FirstInvoiceDate).toBe('1900-01-01 12:00:00');
    expect(c.InvoiceCount).toBe(0);
    expect((await kf.counts()).customers).toBe((before.customers ?? 0) + 1);
    const back = await kf.get('/customers/zeph01');
    expect(back.status).toBe(200);
    expect(back.json().Id).toBe(c.Id);
  });

  it('uses the client code when given; a duplicate is refused unless CreateCustomerCodeIfDuplicate', async () => {
    expect((await kf.send('POST', '/customers', { Code: 'ACME-1', Name: 'Acme One' })).json().Code).toBe('ACME-1');
    const dup = await kf.send('POST', '/customers', { Code: 'acme-1', Name: 'Acme Two' });
    expect(dup.status).toBe(400);
    expect(dup.json().Error).toBe('DuplicateCode');
    expect(dup.json().Message).toMatch(/^Code:/);
    const alt = await kf.send('POST', '/customers', { Code: 'ACME-1', Name: 'Acme Two', CreateCustomerCodeIfDuplicate: true });
    expect(alt.status).toBe(201);
    expect(alt.json().Code).not.toBe('ACME-1');
  });

  it('refuses a missing name (unless CreateCustomerNameIfEmptyOrNull) and bad codes, changing nothing', async () => {
    const before = await kf.counts();
    const r1 = await kf.send('POST', '/customers', { Code: 'NONAME' });
    expect(r1.status).toBe(400);
    expect(r1.json().Message).toBe('Name: is required');
    const r2 = await kf.send('POST', '/customers', { Code: 'bad/code', Name: 'x' });
    expect(r2.status).toBe(400);
    expect(r2.json().Message).toMatch(/^Code:/);
    const r3 = await kf.send('POST', '/customers', { Name: 'x', Currency: { Code: 'XYZ' } });
    expect(r3.status).toBe(400);
    expect(r3.json().Message).toMatch(/^Currency\.Code: unknown currency/);
    const r4 = await kf.send('POST', '/customers', { Name: 'x', DefaultNominalCode: 9999 });
    expect(r4.json().Message).toMatch(/^DefaultNominalCode: unknown nominal code 9999/);
    const r5 = await kf.send('POST', '/customers', { Name: 'x', PaymentTerms: { Days: 'soon' } });
    expect(r5.json().Message).toMatch(/^PaymentTerms\.Days: expected a whole number/);
    const r6 = await kf.send('POST', '/customers', { Name: 'x', Contacts: [{ Email: 42 }, 'oops'] });
    expect(r6.json().Message).toMatch(/^Contacts\[1\]: expected an object/);
    expect(await kf.counts()).toEqual(before);
    const ok = await kf.send('POST', '/customers', { Code: 'NONAME', CreateCustomerNameIfEmptyOrNull: true });
    expect(ok.status).toBe(201);
    expect(ok.json().Name).toBe('NONAME');
  });

  it('PUT merges the fields sent, bumps LastUpdatedDate and keeps CreatedDate', async () => {
    const before = (await kf.get('/customers/ACME-1')).json();
    await kf.ctl('PUT', '/clock', { advanceMs: 3_600_000 });
    const r = await kf.send('PUT', '/customers/acme-1', { Name: 'Acme Renamed', Note: 'vip', Code: 'IGNORED' });
    expect(r.status).toBe(200);
    const after = r.json();
    expect(after.Code).toBe('ACME-1');
    expect(after.Name).toBe('Acme Renamed');
    expect(after.Note).toBe('vip');
    expect(after.Currency).toEqual(before.Currency);
    expect(after.CreatedDate).toBe(before.CreatedDate);
    expect(after.LastUpdatedDate > before.LastUpdatedDate).toBe(true);
    expect(after.LastUpdatedDate).toBe('2026-11-26 13:00:00');
    const bad = await kf.send('PUT', '/customers/acme-1', { Name: '' });
    expect(bad.status).toBe(400);
    expect((await kf.get('/customers/ACME-1')).json().Name).toBe('Acme Renamed');
  });

  it('a customer with invoices cannot be deleted; one without can', async () => {
    const used = (await kf.get('/invoices?perpage=1')).json().Data[0].CustomerCode;
    const r = await kf.send('DELETE', `/customers/${used}`);
    expect(r.status).toBe(400);
    expect(r.json().Error).toBe('CustomerHasTransactions');
    const before = (await kf.counts()).customers ?? 0;
    expect((await kf.send('DELETE', '/customers/ACME-1')).status).toBe(204);
    expect((await kf.get('/customers/ACME-1')).status).toBe(404);
    expect((await kf.counts()).customers).toBe(before - 1);
    const missing = await kf.send('DELETE', '/customers/ACME-1');
    expect(missing.status).toBe(404);
    expect(missing.json().Error).toBe('NotFound');
  });

  it('statistics come from the customer\'s invoices', async () => {
    const inv = (await kf.get('/invoices/1001')).json();
    const c = (await kf.get(`/customers/${inv.CustomerCode}`)).json();
    expect(c.InvoiceCount).toBeGreaterThanOrEqual(1);
    expect(c.FirstInvoiceDate <= inv.IssuedDate).toBe(true);
    expect(c.LastInvoiceDate >= inv.IssuedDate).toBe(true);
  });

  it('list summaries leave the custom fields to the detail', async () => {
    const list = (await kf.get('/customers?perpage=5')).json();
    for (const c of list.Data) {
      expect(c.CustomTextBoxes).toBeNull();
      expect(c.CustomCheckBoxes).toBeNull();
    }
    const detail = (await kf.get(`/customers/${list.Data[0].Code}`)).json();
    expect(Array.isArray(detail.CustomTextBoxes)).toBe(true);
  });
});

describe('suppliers', () => {
  it('creates, reads, updates and deletes a supplier (VatNumber spelling, single Address)', async () => {
    const before = await kf.counts();
    const r = await kf.send('POST', '/suppliers', { Name: 'Quarry Stone plc', VatNumber: 'GB999', Address: { Line1: '2 Pit Rd', PostCode: 'S1 1AA', CountryCode: 'GB' }, PaymentMethod: 3, BankAccount: { Name: 'Quarry', Number: '12345678', SortCode: '12-34-56' } });
    expect(r.status).toBe(201);
    const s = r.json();
    expect(s.Code).toBe('QUAR01');
    expect(s.VatNumber).toBe('GB999');
    expect(s).not.toHaveProperty('VATNumber');
    expect(s.Address.Line1).toBe('2 Pit Rd');
    expect(s.BankAccount).toEqual({ Name: 'Quarry', Number: '12345678', SortCode: '12-34-56' });
    expect((await kf.counts()).suppliers).toBe((before.suppliers ?? 0) + 1);
    const u = await kf.send('PUT', '/suppliers/QUAR01', { vatnumber: 'GB111', PaymentTerms: { Days: 45 } });
    expect(u.status).toBe(200);
    expect(u.json().VatNumber).toBe('GB111');
    expect(u.json().PaymentTerms.Days).toBe(45);
    const badMethod = await kf.send('PUT', '/suppliers/QUAR01', { PaymentMethod: 6 });
    expect(badMethod.status).toBe(400);
    expect(badMethod.json().Message).toMatch(/^PaymentMethod: unknown purchase payment method 6/);
    expect((await kf.send('DELETE', '/suppliers/QUAR01')).status).toBe(204);
    expect(await kf.counts()).toEqual(before);
  });

  it('lists suppliers paged and sorted by name', async () => {
    const r = (await kf.get('/suppliers?sortby=Name&order=Desc&perpage=100')).json();
    const names = r.Data.map((s: { Name: string }) => s.Name.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
    expect(r.MetaData.TotalRecords).toBe(15);
  });

  it('a supplier with purchases cannot be deleted', async () => {
    const code = (await kf.get('/purchases?perpage=1')).json().Data[0].SupplierCode;
    expect((await kf.send('DELETE', `/suppliers/${code}`)).json().Error).toBe('SupplierHasTransactions');
  });
});
