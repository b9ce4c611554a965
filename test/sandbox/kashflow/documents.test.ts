import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient } from './helpers.js';

const sb = useSandbox();
const kf = new KfClient(sb);
const DAY = 86_400_000;

beforeAll(async () => {
  await kf.login();
  expect((await kf.send('POST', '/customers', { Code: 'GBP01', Name: 'Pound Shop Ltd', PaymentTerms: { Days: 30, Type: 'AfterIssuedDate' } })).status).toBe(201);
  expect((await kf.send('POST', '/customers', { Code: 'EUR01', Name: 'Euro Traders BV', Currency: { Code: 'EUR' }, PaymentTerms: { Days: 14, Type: 'AfterMonthEnd' } })).status).toBe(201);
  expect((await kf.send('POST', '/suppliers', { Code: 'AUD01', Name: 'Down Under Pty', Currency: { Code: 'AUD' } })).status).toBe(201);
});

async function pay(kind: 'invoices' | 'purchases', number: number, amount: string, date = '2026-11-26'): Promise<void> {
  const r = await kf.send('POST', `/${kind}/bulk/payments`, `{"Date":"${date}","AccountId":1,"Method":3,"PaymentItems":[{"ObjectNumber":${number},"Amount":${amount}}]}`);
  expect(r.status).toBe(201);
}

describe('server-computed invoice totals', () => {
  it('rounds line VAT half-up to 2 dp (45.00 × 13.5% = 6.075 → 6.08) and ignores client totals', async () => {
    const r = await kf.send('POST', '/invoices', `{"CustomerCode":"GBP01","IssuedDate":"2026-11-20","NetAmount":1,"VATAmount":1,"GrossAmount":999,"Status":"Paid","LineItems":[{"Description":"Widget","Quantity":1,"Rate":45.00,"NominalCode":4000,"VATLevel":13.5,"VATAmount":0.01}]}`);
    expect(r.status).toBe(201);
    expect(r.text).toContain('"VATAmount":6.0800');
    expect(r.text).toContain('"NetAmount":45.0000');
    expect(r.text).toContain('"GrossAmount":51.0800');
    const inv = r.json();
    expect(inv.LineItems[0].VATAmount).toBe(6.08);
    expect(inv.Status).toBe('Unpaid');
    expect(inv.DueDate).toBe('2026-12-20 12:00:00');
    expect(inv.IssuedDate).toBe('2026-11-20 12:00:00');
    expect(inv.TotalPaidAmount).toBe(0);
    expect(inv.DueAmount).toBe(51.08);
    expect(inv.PaymentLines).toEqual([]);
  });

  it('sums several lines, exempt lines carry no VAT, VATLevel defaults to the nominal rate, numbers stay exact', async () => {
    const r = await kf.send('POST', '/invoices', `{"CustomerCode":"GBP01","LineItems":[
      {"Quantity":3,"Rate":0.1,"NominalCode":4000,"VATLevel":20},
      {"Quantity":"2","Rate":"19.99","NominalCode":4905},
      {"Quantity":1,"Rate":100,"NominalCode":4000,"VATExempt":1,"VATLevel":20},
      {"Quantity":1.5,"Rate":10,"NominalCode":4050}]}`);
    expect(r.status).toBe(201);
    const inv = r.json();
    const [a, b, c, d] = inv.LineItems;
    expect(a.VATAmount).toBe(0.06);
    expect(b.VATLevel).toBe(0);
    expect(c.VATExempt).toBe(true);
    expect(c.VATAmount).toBe(0);
    expect(d.VATLevel).toBe(20);
    expect(d.VATAmount).toBe(3);
    expect(r.text).toContain('"NetAmount":155.2800');
    expect(r.text).toContain('"VATAmount":3.0600');
    expect(r.text).toContain('"GrossAmount":158.3400');
    expect(inv.IssuedDate).toBe('2026-11-26 12:00:00');
    expect(inv.LineItems.map((l: { Number: number }) => l.Number)).toEqual([1, 2, 3, 4]);
  });

  it('converts to home currency with foreign ÷ rate (EUR at the account rate)', async () => {
    const r = await kf.send('POST', '/invoices', `{"CustomerCode":"EUR01","IssuedDate":"2026-11-10","LineItems":[{"Quantity":1,"Rate":117.00,"NominalCode":4000,"VATLevel":0}]}`);
    const inv = r.json();
    expect(inv.Currency).toMatchObject({ Code: 'EUR', ExchangeRate: 1.17 });
    expect(r.text).toContain('"HomeCurrencyGrossAmount":100.0000');
    expect(inv.LineItems[0].HomeCurrencyRate).toBe(100);
    expect(inv.DueDate).toBe('2026-12-14 12:00:00');
    expect(inv.FormattedDueAmount).toBe('€117.00');
  });

  it('reproduces the reference AUD purchase example (rate 2.0, gross 195.08 → home 97.54)', async () => {
    const r = await kf.send('POST', '/purchases', `{"SupplierCode":"AUD01","SupplierReference":"AU-1","Currency":{"Code":"AUD","ExchangeRate":2.0},"LineItems":[{"Quantity":10,"Rate":15.00,"NominalCode":5000,"VATLevel":17.5},{"Quantity":1,"Rate":18.83,"NominalCode":5000,"VATLevel":0}]}`);
    expect(r.status).toBe(201);
    const p = r.json();
    expect(p.GrossAmount).toBe(195.08);
    expect(p.HomeCurrencyGrossAmount).toBe(97.54);
    expect(p.LineItems[0].HomeCurrencyRate).toBe(7.5);
    expect(p.LineItems[0].VATAmount).toBe(26.25);
    expect(p.Currency.ExchangeRate).toBe(2);
    expect(p).not.toHaveProperty('SupplierId');
    expect(p.SupplierCode).toBe('AUD01');
  });

  it('picks the number when given and unique, else the next free one; a duplicate is refused', async () => {
    const chosen = await kf.send('POST', '/invoices', { Number: 7000, CustomerCode: 'GBP01', LineItems: [] });
    expect(chosen.json().Number).toBe(7000);
    const next = await kf.send('POST', '/invoices', { CustomerCode: 'GBP01' });
    expect(next.json().Number).toBe(7001);
    const before = await kf.counts();
    const dup = await kf.send('POST', '/invoices', { Number: 7000, CustomerCode: 'GBP01' });
    expect(dup.status).toBe(400);
    expect(dup.json()).toEqual({ Error: 'DuplicateNumber', Message: 'Number: an invoice with number 7000 already exists' });
    expect(await kf.counts()).toEqual(before);
  });
});

describe('validation leaves the store unchanged', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown customer', '{"CustomerCode":"NOPE","LineItems":[]}', /^CustomerCode: no customer with code "NOPE"/],
    ['missing customer', '{"LineItems":[]}', /^CustomerCode: is required/],
    ['unknown nominal', '{"CustomerCode":"GBP01","LineItems":[{"Quantity":1,"Rate":1,"NominalCode":9999}]}', /^LineItems\[0\]\.NominalCode: unknown nominal code 9999/],
    ['negative quantity', '{"CustomerCode":"GBP01","LineItems":[{"Quantity":-1,"Rate":1,"NominalCode":4000}]}', /^LineItems\[0\]\.Quantity: must not be negative/],
    ['negative rate', '{"CustomerCode":"GBP01","LineItems":[{"Quantity":1,"Rate":1,"NominalCode":4000},{"Quantity":1,"Rate":-5,"NominalCode":4000}]}', /^LineItems\[1\]\.Rate: must not be negative/],
    ['non-numeric rate', '{"CustomerCode":"GBP01","LineItems":[{"Quantity":1,"Rate":"ten","NominalCode":4000}]}', /^LineItems\[0\]\.Rate: expected a number, got "ten"/],
    ['missing quantity', '{"CustomerCode":"GBP01","LineItems":[{"Rate":1,"NominalCode":4000}]}', /^LineItems\[0\]\.Quantity: is required/],
    ['bad issued date', '{"CustomerCode":"GBP01","IssuedDate":"2026-02-30"}', /^IssuedDate: expected a date/],
    ['garbage due date', '{"CustomerCode":"GBP01","DueDate":"next tuesday"}', /^DueDate: expected a date/],
    ['due before issue', '{"CustomerCode":"GBP01","IssuedDate":"2026-11-20","DueDate":"2026-11-01"}', /^DueDate: must not be before IssuedDate/],
    ['unknown project', '{"CustomerCode":"GBP01","LineItems":[{"Quantity":1,"Rate":1,"NominalCode":4000,"ProjectNumber":99}]}', /^LineItems\[0\]\.ProjectNumber: unknown project number 99/],
    ['VAT over 100', '{"CustomerCode":"GBP01","LineItems":[{"Quantity":1,"Rate":1,"NominalCode":4000,"VATLevel":120}]}', /^LineItems\[0\]\.VATLevel: must be at most 100/],
    ['lines not an array', '{"CustomerCode":"GBP01","LineItems":{"Quantity":1}}', /^LineItems: expected an array/],
    ['bad boolean', '{"CustomerCode":"GBP01","LineItems":[{"Quantity":1,"Rate":1,"NominalCode":4000,"VATExempt":"maybe"}]}', /^LineItems\[0\]\.VATExempt: expected true\/false/],
    ['body is an array', '[{"CustomerCode":"GBP01"}]', /^\(body\): expected a JSON object/],
  ];
  for (const [name, body, message] of cases) {
    it(`400 for ${name}`, async () => {
      const before = await kf.counts();
      const nextBefore = (await kf.get('/invoices?sortby=Number&order=Desc&perpage=1')).json().Data[0].Number;
      const r = await kf.send('POST', '/invoices', body);
      expect(r.status).toBe(400);
      expect(r.json().Message).toMatch(message);
      expect(typeof r.json().Error).toBe('string');
      expect(await kf.counts()).toEqual(before);
      expect((await kf.get('/invoices?sortby=Number&order=Desc&perpage=1')).json().Data[0].Number).toBe(nextBefore);
    });
  }

  it('a failed PUT changes nothing', async () => {
    const before = (await kf.get('/invoices/1001')).text;
    const r = await kf.send('PUT', '/invoices/1001', { CustomerReference: 'CHANGED', LineItems: [{ Quantity: 1, Rate: 1, NominalCode: 1 }] });
    expect(r.status).toBe(400);
    expect((await kf.get('/invoices/1001')).text).toBe(before);
  });
});

describe('payment status', () => {
  it('Unpaid → part-paid (still Unpaid, TotalPaidAmount > 0) → Paid, then Overpaid', async () => {
    const inv = (await kf.send('POST', '/invoices', { CustomerCode: 'GBP01', IssuedDate: '2026-11-20', LineItems: [{ Quantity: 2, Rate: 50, NominalCode: 4000, VATLevel: 20 }] })).json();
    expect(inv.Status).toBe('Unpaid');
    await pay('invoices', inv.Number, '20.00', '2026-11-21');
    let d = (await kf.get(`/invoices/${inv.Number}`)).json();
    expect(d.Status).toBe('Unpaid');
    expect(d.TotalPaidAmount).toBe(20);
    expect(d.DueAmount).toBe(100);
    expect(d.PaidDate).toBeNull();
    expect(d.LastPaymentDate).toBe('2026-11-21 12:00:00');
    await pay('invoices', inv.Number, '100.00', '2026-11-24');
    d = (await kf.get(`/invoices/${inv.Number}`)).json();
    expect(d.Status).toBe('Paid');
    expect(d.DueAmount).toBe(0);
    expect(d.PaidDate).toBe('2026-11-24 12:00:00');
    expect(d.PaymentLines).toHaveLength(2);
    await pay('invoices', inv.Number, '5.00');
    d = (await kf.get(`/invoices/${inv.Number}`)).json();
    expect(d.Status).toBe('Overpaid');
    expect(d.DueAmount).toBe(-5);
  });

  it('becomes Overdue once the clock passes the due date, with OverdueDays', async () => {
    const inv = (await kf.send('POST', '/invoices', { CustomerCode: 'GBP01', IssuedDate: '2026-11-26', DueDate: '2026-11-30', LineItems: [{ Quantity: 1, Rate: 10, NominalCode: 4000 }] })).json();
    expect(inv.Status).toBe('Unpaid');
    const summaryBefore = (await kf.get('/invoices?customerCode=GBP01&perpage=100')).json().Data.find((x: { Number: number }) => x.Number === inv.Number);
    expect(summaryBefore.Status).toBe('Unpaid');
    await kf.ctl('PUT', '/clock', { advanceMs: 6 * DAY });
    await kf.login();
    const d = (await kf.get(`/invoices/${inv.Number}`)).json();
    expect(d.Status).toBe('Overdue');
    expect(d.OverdueDays).toBe(2);
    const summary = (await kf.get('/invoices?customerCode=GBP01&perpage=100')).json().Data.find((x: { Number: number }) => x.Number === inv.Number);
    expect(summary.Status).toBe('Overdue');
    await pay('invoices', inv.Number, '12.00');
    expect((await kf.get(`/invoices/${inv.Number}`)).json().Status).toBe('Paid');
    await kf.ctl('PUT', '/clock', { at: '2026-11-26' });
    await kf.login();
  });

  it('a zero-total document is NA', async () => {
    const inv = (await kf.send('POST', '/invoices', { CustomerCode: 'GBP01', LineItems: [{ Quantity: 0, Rate: 10, NominalCode: 4000 }] })).json();
    expect(inv.Status).toBe('NA');
    expect(inv.GrossAmount).toBe(0);
  });

  it('the partPaidStatus setting reports PartPaid', async () => {
    const inv = (await kf.send('POST', '/invoices', { CustomerCode: 'GBP01', LineItems: [{ Quantity: 1, Rate: 10, NominalCode: 4000, VATLevel: 0 }] })).json();
    await pay('invoices', inv.Number, '4.00');
    expect((await kf.get(`/invoices/${inv.Number}`)).json().Status).toBe('Unpaid');
    expect((await kf.ctl('PUT', '/kashflow/settings', { partPaidStatus: true })).status).toBe(200);
    expect((await kf.get(`/invoices/${inv.Number}`)).json().Status).toBe('PartPaid');
    const summary = (await kf.get('/invoices?customerCode=GBP01&perpage=100')).json().Data.find((x: { Number: number }) => x.Number === inv.Number);
    expect(summary.Status).toBe('PartPaid');
    await kf.ctl('PUT', '/kashflow/settings', { partPaidStatus: false });
    expect((await kf.get(`/invoices/${inv.Number}`)).json().Status).toBe('Unpaid');
  });

  it('TotalPaidAmount is in home currency, DueAmount in document currency', async () => {
    const inv = (await kf.send('POST', '/invoices', { CustomerCode: 'EUR01', LineItems: [{ Quantity: 1, Rate: 234, NominalCode: 4000, VATLevel: 0 }] })).json();
    await pay('invoices', inv.Number, '117.00');
    const d = (await kf.get(`/invoices/${inv.Number}`)).json();
    expect(d.TotalPaidAmount).toBe(100);
    expect(d.DueAmount).toBe(117);
    expect(d.HomeCurrencyGrossAmount).toBe(200);
  });
});

describe('update and delete', () => {
  it('PUT replaces lines when sent, keeps payments and recomputes; the path number wins', async () => {
    const inv = (await kf.send('POST', '/invoices', { CustomerCode: 'GBP01', CustomerReference: 'PO-1', LineItems: [{ Quantity: 1, Rate: 100, NominalCode: 4000, VATLevel: 20 }] })).json();
    await pay('invoices', inv.Number, '10.00');
    const r = await kf.send('PUT', `/invoices/${inv.Number}`, { Number: 1, LineItems: [{ Quantity: 2, Rate: 100, NominalCode: 4000, VATLevel: 20 }] });
    expect(r.status).toBe(200);
    const d = r.json();
    expect(d.Number).toBe(inv.Number);
    expect(d.CustomerReference).toBe('PO-1');
    expect(d.GrossAmount).toBe(240);
    expect(d.PaymentLines).toHaveLength(1);
    expect(d.DueAmount).toBe(230);
    const header = (await kf.send('PUT', `/invoices/${inv.Number}`, { CustomerReference: 'PO-2' })).json();
    expect(header.LineItems).toHaveLength(1);
    expect(header.CustomerReference).toBe('PO-2');
  });

  it('DELETE refuses a document with payments and removes one without', async () => {
    const paid = (await kf.get('/invoices?perpage=200')).json().Data.find((x: { TotalPaidAmount: number }) => x.TotalPaidAmount > 0);
    const r = await kf.send('DELETE', `/invoices/${paid.Number}`);
    expect(r.status).toBe(400);
    expect(r.json().Error).toBe('HasPayments');
    const fresh = (await kf.send('POST', '/invoices', { CustomerCode: 'GBP01' })).json();
    const before = (await kf.counts()).invoices ?? 0;
    expect((await kf.send('DELETE', `/invoices/${fresh.Number}`)).status).toBe(204);
    expect((await kf.counts()).invoices).toBe(before - 1);
    expect((await kf.get(`/invoices/${fresh.Number}`)).status).toBe(404);
    expect((await kf.get('/invoices/abc')).status).toBe(404);
  });

  it('purchases: create, update, delete; SupplierId comes back with the purchaseSupplierId setting', async () => {
    const p = (await kf.send('POST', '/purchases', { SupplierCode: 'AUD01', SupplierReference: 'S-9', IssuedDate: '2026-11-01', LineItems: [{ Quantity: 1, Rate: 50, NominalCode: 7500 }] })).json();
    expect(p.Number).toBeGreaterThan(5012);
    expect(p.Currency.Code).toBe('AUD');
    expect(p.Currency.ExchangeRate).toBe(1.95);
    expect((await kf.send('PUT', `/purchases/${p.Number}`, { SupplierReference: 'S-10' })).json().SupplierReference).toBe('S-10');
    await kf.ctl('PUT', '/kashflow/settings', { purchaseSupplierId: true });
    const withId = (await kf.get(`/purchases/${p.Number}`)).json();
    expect(withId.SupplierId).toBeGreaterThan(40000);
    expect((await kf.get(`/purchases?perpage=1&supplierCode=AUD01`)).json().Data[0].SupplierId).toBe(withId.SupplierId);
    await kf.ctl('PUT', '/kashflow/settings', { purchaseSupplierId: false });
    expect((await kf.send('DELETE', `/purchases/${p.Number}`)).status).toBe(204);
    const unknown = await kf.send('POST', '/purchases', { SupplierCode: 'GBP01' });
    expect(unknown.json()).toMatchObject({ Error: 'SupplierNotFound' });
  });
});

describe('write answers', () => {
  it('the answer of a create or an update is the text a GET of the document then gives, twice', async () => {
    const created = await kf.send('POST', '/invoices', `{"CustomerCode":"GBP01","CustomerReference":"#w1","LineItems":[{"Description":"Mug","Quantity":2,"Rate":16.6583,"NominalCode":4000,"VATLevel":20},{"Description":"Delivery","Quantity":1,"Rate":4.125,"NominalCode":4000,"VATLevel":20}]}`);
    expect(created.status).toBe(201);
    const number = (created.json() as { Number: number }).Number;
    expect((await kf.send('GET', `/invoices/${number}`)).text).toBe(created.text);
    expect((await kf.send('GET', `/invoices/${number}`)).text).toBe(created.text);
    const updated = await kf.send('PUT', `/invoices/${number}`, '{"CustomerReference":"#w1-b"}');
    expect(updated.status).toBe(200);
    expect(updated.text).not.toBe(created.text);
    expect((await kf.send('GET', `/invoices/${number}`)).text).toBe(updated.text);
    const purchase = await kf.send('POST', '/purchases', `{"SupplierCode":"AUD01","LineItems":[{"Quantity":1,"Rate":10,"NominalCode":5000}]}`);
    expect(purchase.status).toBe(201);
    expect((await kf.send('GET', `/purchases/${(purchase.json() as { Number: number }).Number}`)).text).toBe(purchase.text);
  });
});
