import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient } from './helpers.js';

const sb = useSandbox();
const kf = new KfClient(sb);

beforeAll(async () => {
  await kf.login();
});

const MONEY_FIELDS = ['NetAmount', 'VATAmount', 'GrossAmount', 'HomeCurrencyGrossAmount', 'HomeCurrencyVATAmount', 'TotalPaidAmount', 'DueAmount', 'Quantity', 'Rate', 'VATLevel', 'HomeCurrencyRate', 'Amount', 'ExchangeRate'];

describe('wire format in the raw response text', () => {
  it('writes money with exactly 4 decimals and business dates as yyyy-MM-dd 12:00:00', async () => {
    for (const path of ['/invoices/1001', '/invoices?perpage=50', '/purchases/5001', '/purchases?perpage=50']) {
      const text = (await kf.get(path)).text;
      for (const field of MONEY_FIELDS) {
        for (const m of text.matchAll(new RegExp(`"${field}":(-?[0-9.]+)[,}]`, 'g'))) expect(m[1], `${path} ${field}`).toMatch(/^-?\d+\.\d{4}$/);
      }
      for (const field of ['IssuedDate', 'DueDate', 'PaidDate', 'LastPaymentDate', 'Date']) {
        for (const m of text.matchAll(new RegExp(`"${field}":("[^"]*"|null)`, 'g'))) if (m[1] !== 'null') expect(m[1], `${path} ${field}`).toMatch(/^"\d{4}-\d{2}-\d{2} 12:00:00"$/);
      }
      expect(text).toMatch(/"GrossAmount":\d+\.\d{4}/);
    }
    const customer = (await kf.get('/customers?perpage=1')).text;
    expect(customer).toMatch(/"CreatedDate":"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"/);
    expect(customer).toMatch(/"DiscountRate":0\.0000/);
    const rates = (await kf.get('/vat/settings/vatrates')).text;
    expect(rates).toContain('"VATRate":20.0000');
  });

  it('accepts dates with or without time and offset, and 4–6 dp numbers, exactly', async () => {
    const r = await kf.send('POST', '/invoices', `{"CustomerCode":"ALDE01","IssuedDate":"2026-11-02 12:00:00 +05:30","DueDate":"2026-12-01T00:00:00Z","LineItems":[{"Quantity":1.000000,"Rate":19.995000,"NominalCode":4000,"VATLevel":20.0000},{"Quantity":1,"Rate":1234567890123.4567,"NominalCode":4000,"VATLevel":0,"VATExempt":0}]}`);
    expect(r.status).toBe(201);
    expect(r.json().IssuedDate).toBe('2026-11-02 12:00:00');
    expect(r.json().DueDate).toBe('2026-12-01 12:00:00');
    expect(r.text).toContain('"Rate":19.9950');
    expect(r.text).toContain('"Rate":1234567890123.4567');
    expect(r.text).toContain('"VATAmount":4.0000');
    expect(r.json().LineItems[1].VATExempt).toBe(false);
    const plain = await kf.send('POST', '/invoices', { CustomerCode: 'ALDE01', IssuedDate: '2026-11-03' });
    expect(plain.json().IssuedDate).toBe('2026-11-03 12:00:00');
  });
});

describe('bad input changes nothing', () => {
  it('malformed JSON is 400 InvalidJson', async () => {
    const before = await kf.counts();
    for (const body of ['{"CustomerCode":"ALDE01",', '{CustomerCode: ALDE01}', 'null', '"text"', '{"a":1}{"b":2}']) {
      const r = await kf.send('POST', '/invoices', body);
      expect(r.status).toBe(400);
      expect(['InvalidJson', 'ValidationError']).toContain(r.json().Error);
    }
    const empty = await kf.send('POST', '/customers', '');
    expect(empty.status).toBe(400);
    expect(empty.json().Error).toBe('InvalidJson');
    expect(await kf.counts()).toEqual(before);
  });

  it('a body over 1 MiB is 413 with a KashFlow-shaped body', async () => {
    const before = await kf.counts();
    const r = await kf.send('POST', '/customers', JSON.stringify({ Name: 'Big', Note: 'x'.repeat(1024 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.json()).toEqual({ Error: 'RequestTooLarge', Message: expect.stringMatching(/1048576 bytes/) });
    expect(await kf.counts()).toEqual(before);
  });

  it('wrong types name the field', async () => {
    const cases: [unknown, string][] = [
      [{ Name: 'x', ShowDiscount: 'often' }, 'ShowDiscount: expected true/false'],
      [{ Name: 'x', DiscountRate: 'ten' }, 'DiscountRate: expected a number'],
      [{ Name: 'x', Addresses: [{ Line1: { a: 1 } }] }, 'Addresses[0].Line1: expected a string'],
      [{ Name: 'x', Addresses: [{ CountryCode: 'GBR' }] }, 'Addresses[0].CountryCode: must be at most 2 characters long'],
      [{ Name: ['x'] }, 'Name: expected a string'],
    ];
    const before = await kf.counts();
    for (const [body, message] of cases) {
      const r = await kf.send('POST', '/customers', body);
      expect(r.status).toBe(400);
      expect(r.json().Error).toBe('ValidationError');
      expect(r.json().Message.startsWith(message)).toBe(true);
    }
    expect(await kf.counts()).toEqual(before);
  });

  it('unknown properties are ignored by default (like ASP.NET) and rejected, named, when ignoreUnknownFields is off', async () => {
    const ok = await kf.send('POST', '/customers', { Name: 'Loose Fields Ltd', Colour: 'blue', Contacts: [{ Name: 'A', ShoeSize: 9 }] });
    expect(ok.status).toBe(201);
    expect(ok.json()).not.toHaveProperty('Colour');
    expect(ok.json().Contacts[0]).not.toHaveProperty('ShoeSize');
    expect((await kf.ctl('PUT', '/kashflow/settings', { ignoreUnknownFields: false })).status).toBe(200);
    const before = await kf.counts();
    const top = await kf.send('POST', '/customers', { Name: 'Strict Ltd', Colour: 'blue' });
    expect(top.status).toBe(400);
    expect(top.json().Message).toBe('Colour: unknown field');
    const nested = await kf.send('POST', '/invoices', { CustomerCode: 'ALDE01', LineItems: [{ Quantity: 1, Rate: 1, NominalCode: 4000, Colour: 'red' }] });
    expect(nested.status).toBe(400);
    expect(nested.json().Message).toBe('LineItems[0].Colour: unknown field');
    const readOnly = await kf.send('POST', '/invoices', { CustomerCode: 'ALDE01', GrossAmount: 5, Status: 'Paid', LineItems: [{ Quantity: 1, Rate: 1, NominalCode: 4000, VATAmount: 9 }] });
    expect(readOnly.status).toBe(201);
    expect(await kf.counts()).toEqual({ ...before, invoices: (before.invoices ?? 0) + 1 });
    await kf.ctl('PUT', '/kashflow/settings', { ignoreUnknownFields: true });
  });

  it('unknown routes answer a KashFlow-shaped 404; paths are case-insensitive', async () => {
    const r = await kf.get('/widgets');
    expect(r.status).toBe(404);
    expect(r.json()).toEqual({ Error: 'NotFound', Message: "No HTTP resource was found that matches the request URI '/v2/widgets'." });
    const res = await fetch(`${kf.rest.replace('/v2', '/V2')}/Invoices/1001`, { headers: { authorization: `KfToken ${kf.token}` } });
    expect(res.status).toBe(200);
  });

  it('reads the body as JSON whatever the content type says', async () => {
    const r = await kf.send('POST', '/customers', JSON.stringify({ Name: 'Text Plain Ltd' }), { headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(201);
  });
});
