import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient, xmlValue } from './helpers.js';

const sb = useSandbox();
const kf = new KfClient(sb);

beforeAll(async () => {
  await kf.login();
});
beforeEach(async () => {
  await kf.ctl('DELETE', '/faults/rules');
});

async function rule(r: Record<string, unknown>): Promise<void> {
  const res = await kf.ctl('POST', '/faults/rules', { system: 'kashflow', ...r });
  expect(res.status).toBe(201);
}

const TIMEOUT = { Error: '-2146232060', Message: 'Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding.' };

describe('REST faults', () => {
  it('throttle: 429 with Retry-After and an {Error, Message} body, for the matching route only, count times', async () => {
    await rule({ operation: 'GET /v2/invoices/:number', fault: 'throttle', retryAfterSeconds: 7, count: 2 });
    expect((await kf.get('/invoices')).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const r = await kf.get('/invoices/1001');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('7');
      expect(r.json()).toMatchObject({ Error: 'TooManyRequests' });
      expect(typeof r.json().Message).toBe('string');
    }
    expect((await kf.get('/invoices/1001')).status).toBe(200);
  });

  it('timeout: HTTP 400 with the raw SqlException body', async () => {
    await rule({ operation: 'GET /v2/customers', fault: 'timeout' });
    const r = await kf.get('/customers');
    expect(r.status).toBe(400);
    expect(r.json()).toEqual(TIMEOUT);
  });

  it('serverError: 500 as ASP.NET answers, 503 as the IIS page', async () => {
    await rule({ operation: 'GET /v2/currencies', fault: 'serverError', status: 500 });
    await rule({ operation: 'GET /v2/currencies', fault: 'serverError', status: 503 });
    const a = await kf.get('/currencies');
    expect(a.status).toBe(500);
    expect(a.json()).toEqual({ Error: 'InternalServerError', Message: 'An error has occurred.' });
    const b = await kf.get('/currencies');
    expect(b.status).toBe(503);
    expect(b.headers.get('content-type')).toMatch(/text\/html/);
    expect(b.text).toContain('Service Unavailable');
  });

  it('faults are decided before processing: a throttled or timed-out write stores nothing', async () => {
    const before = await kf.counts();
    await rule({ operation: 'POST /v2/customers', fault: 'throttle' });
    await rule({ operation: 'POST /v2/customers', fault: 'timeout' });
    await rule({ operation: 'POST /v2/customers', fault: 'serverError', status: 500 });
    for (let i = 0; i < 3; i++) expect((await kf.send('POST', '/customers', { Name: 'Never Stored' })).status).not.toBe(201);
    expect(await kf.counts()).toEqual(before);
  });

  it('drop: the connection closes without an answer and nothing is stored', async () => {
    const before = await kf.counts();
    await rule({ operation: 'POST /v2/invoices', fault: 'drop' });
    await expect(kf.send('POST', '/invoices', { CustomerCode: 'ALDE01' })).rejects.toThrow();
    expect(await kf.counts()).toEqual(before);
  });

  it('commitThenDrop: the write is stored (visible via the control API) although the client got no answer', async () => {
    const before = await kf.counts();
    await rule({ operation: 'POST /v2/invoices', fault: 'commitThenDrop' });
    await expect(kf.send('POST', '/invoices', { Number: 8888, CustomerCode: 'ALDE01', LineItems: [{ Quantity: 1, Rate: 10, NominalCode: 4000 }] })).rejects.toThrow();
    expect((await kf.counts()).invoices).toBe((before.invoices ?? 0) + 1);
    const stored = await kf.ctl('GET', '/kashflow/invoices/8888');
    expect(stored.status).toBe(200);
    expect(stored.body.GrossAmount).toBe(12);
    const retry = await kf.send('POST', '/invoices', { Number: 8888, CustomerCode: 'ALDE01' });
    expect(retry.json().Error).toBe('DuplicateNumber');
  });

  it('commitThenDrop is never applied to reads', async () => {
    await rule({ operation: '*', fault: 'commitThenDrop' });
    expect((await kf.get('/invoices/1001')).status).toBe(200);
  });

  it('latency: a delay rule holds the answer back', async () => {
    await rule({ operation: 'GET /v2/vat/settings/vatrates', fault: 'delay', delayMs: 300 });
    const t0 = performance.now();
    expect((await kf.get('/vat/settings/vatrates')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
  });

  it('the session token routes are faulted too; control routes never are', async () => {
    await rule({ operation: 'POST /v2/sessiontoken', fault: 'throttle' });
    expect((await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).status).toBe(429);
    await rule({ operation: '*', fault: 'serverError', status: 500, count: 50 });
    expect((await kf.ctl('GET', '/kashflow/counts')).status).toBe(200);
    expect((await kf.ctl('GET', '/health')).status).toBe(200);
    await kf.ctl('DELETE', '/faults/rules');
  });

  it('random faults follow the profile rates', async () => {
    expect((await kf.ctl('PUT', '/faults/profile', { name: 'fast', kashflow: { throttle: 1 } })).status).toBe(200);
    expect((await kf.get('/currencies')).status).toBe(429);
    await kf.ctl('PUT', '/faults/profile', { name: 'fast' });
    expect((await kf.get('/currencies')).status).toBe(200);
  });
});

describe('SOAP faults', () => {
  it('timeout: HTTP 200, Status NO with the timeout text, nothing stored', async () => {
    const before = await kf.counts();
    await rule({ operation: 'SOAP InsertInvoicePayment', fault: 'timeout' });
    const r = await kf.soap('InsertInvoicePayment', '<InvoicePayment><PayInvoice>1002</PayInvoice><PayMethod>3</PayMethod><PayAccount>1</PayAccount><PayAmount>1</PayAmount></InvoicePayment>');
    expect(r.status).toBe(200);
    expect(xmlValue(r.text, 'Status')).toBe('NO');
    expect(xmlValue(r.text, 'StatusDetail')).toBe(TIMEOUT.Message);
    expect(await kf.counts()).toEqual(before);
  });

  it('throttle: 429 with Retry-After; serverError: a SOAP fault with that status', async () => {
    await rule({ operation: 'SOAP GetBankAccounts', fault: 'throttle', retryAfterSeconds: 3 });
    const t = await kf.soap('GetBankAccounts', '');
    expect(t.status).toBe(429);
    expect(t.headers.get('retry-after')).toBe('3');
    await rule({ operation: 'SOAP GetBankAccounts', fault: 'serverError', status: 500 });
    const s = await kf.soap('GetBankAccounts', '');
    expect(s.status).toBe(500);
    expect(xmlValue(s.text, 'faultcode')).toBe('soap:Server');
  });

  it('commitThenDrop: InsertInvoicePayment is stored but unanswered; drop stores nothing', async () => {
    const before = (await kf.counts()).payments ?? 0;
    await rule({ operation: 'SOAP InsertInvoicePayment', fault: 'commitThenDrop' });
    const pay = '<InvoicePayment><PayInvoice>1002</PayInvoice><PayMethod>3</PayMethod><PayAccount>1</PayAccount><PayAmount>2.50</PayAmount></InvoicePayment>';
    await expect(kf.soap('InsertInvoicePayment', pay)).rejects.toThrow();
    expect((await kf.counts()).payments).toBe(before + 1);
    const inv = await kf.ctl('GET', '/kashflow/invoices/1002');
    expect(inv.body.PaymentLines.some((p: { Amount: number }) => p.Amount === 2.5)).toBe(true);
    await rule({ operation: 'SOAP InsertInvoicePayment', fault: 'drop' });
    await expect(kf.soap('InsertInvoicePayment', pay)).rejects.toThrow();
    expect((await kf.counts()).payments).toBe(before + 1);
  });
});

describe('request counters', () => {
  it('counts requests per operation (route pattern / SOAP method), including faulted ones', async () => {
    expect((await kf.ctl('DELETE', '/kashflow/requests')).status).toBe(204);
    await kf.get('/invoices/1001');
    await kf.get('/invoices/1002');
    await kf.get('/invoices?page=2');
    await rule({ operation: 'GET /v2/invoices', fault: 'throttle' });
    await kf.get('/invoices');
    await kf.soap('GetNominalCodes', '');
    const r = await kf.ctl('GET', '/kashflow/requests');
    expect(r.body).toEqual({ total: 5, byOperation: { 'GET /v2/invoices': 2, 'GET /v2/invoices/:number': 2, 'SOAP GetNominalCodes': 1 } });
    const stats = await kf.ctl('GET', '/faults');
    expect(stats.body.stats.kashflow.byKind.throttle).toBeGreaterThanOrEqual(1);
  });
});
