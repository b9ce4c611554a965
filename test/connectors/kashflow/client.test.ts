import { afterEach, describe, expect, it } from 'vitest';
import { connectKashflow, type KashflowConnection } from '../../../src/connectors/kashflow/client/connector.js';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { rejection } from '../../helpers/rejection.js';

const sandbox = useSandbox();
const open: KashflowConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  const s = sandbox();
  await controlRequest(s.endpoints.control.kashflowUrl, 'DELETE', '/faults/rules');
  await controlRequest(s.endpoints.control.kashflowUrl, 'POST', '/kashflow/unlock');
});

const sleeps: number[] = [];
function connect(overrides: { password?: string; memorableWord?: string } = {}): KashflowConnection {
  const kf = sandbox().endpoints.kashflow;
  const c = connectKashflow({ restUrl: kf.restUrl, soapUrl: kf.soapUrl, credentials: { username: kf.username, password: overrides.password ?? kf.password, memorableWord: overrides.memorableWord ?? kf.memorableWord }, retry: { sleep: async (ms) => void sleeps.push(ms) } });
  open.push(c);
  return c;
}

function rules(body: unknown): Promise<unknown> {
  return controlRequest(sandbox().endpoints.control.kashflowUrl, 'POST', '/faults/rules', body);
}

describe('KashFlow REST client against the sandbox', () => {
  it('logs in once with the memorable word and reuses the token', async () => {
    const kf = connect();
    const customers = await kf.rest.all<{ Code: string }>('/customers', 25);
    expect(customers.length).toBe(40);
    const currencies = await kf.rest.all<{ Code: string }>('/currencies', 100);
    expect(currencies.map((c) => c.Code)).toContain('EUR');
    expect(kf.session.logins).toBe(1);
  });

  it('keeps money exact: numbers arrive as decimal text', async () => {
    const kf = connect();
    const invoice = await kf.rest.get<{ GrossAmount: unknown; Number: unknown }>('/invoices/1001');
    expect(invoice.Number).toBe(1001);
    expect(typeof invoice.GrossAmount).toBe('string');
    expect(invoice.GrossAmount).toMatch(/^\d+\.\d{4}$/);
  });

  it('logs in again exactly once when the server forgot the token (idle expiry)', async () => {
    const kf = connect();
    await kf.rest.get('/invoices/1001');
    await controlRequest(sandbox().endpoints.control.kashflowUrl, 'PUT', '/clock', { advanceMs: 61 * 60_000 });
    try {
      await kf.rest.get('/invoices/1001');
      expect(kf.session.logins).toBe(2);
    } finally {
      await controlRequest(sandbox().endpoints.control.kashflowUrl, 'PUT', '/clock', { advanceMs: -61 * 60_000 });
    }
  });

  it('stops at a wrong password and never loops logging in', async () => {
    const kf = connect({ password: 'wrong' });
    const before = ((await controlRequest(sandbox().endpoints.control.kashflowUrl, 'GET', '/kashflow/requests')).body as { total: number }).total;
    const first = await rejection(kf.rest.get('/customers'));
    expect(first.code).toBe('KFAX_KASHFLOW_LOGIN_FAILED');
    const again = await rejection(kf.rest.get('/customers'));
    expect(again.code).toBe('KFAX_KASHFLOW_LOGIN_FAILED');
    const after = ((await controlRequest(sandbox().endpoints.control.kashflowUrl, 'GET', '/kashflow/requests')).body as { total: number }).total;
    expect(after - before).toBe(1);
  });

  it('reports AccountLocked as an alert-worthy permanent error', async () => {
    for (let i = 0; i < 5; i++) await rejection(connect({ password: `bad-${i}` }).rest.get('/customers'));
    const err = await rejection(connect().rest.get('/customers'));
    expect(err).toMatchObject({ code: 'KFAX_KASHFLOW_ACCOUNT_LOCKED', kind: 'permanent' });
  });

  it('retries reads after 429 (Retry-After) and the -2146232060 database timeout', async () => {
    const kf = connect();
    await kf.rest.get('/invoices/1001');
    sleeps.length = 0;
    await rules([
      { system: 'kashflow', operation: 'GET /v2/invoices/:number', fault: 'throttle', retryAfterSeconds: 3 },
      { system: 'kashflow', operation: 'GET /v2/invoices/:number', fault: 'timeout' },
    ]);
    const invoice = await kf.rest.get<{ Number: number }>('/invoices/1001');
    expect(invoice.Number).toBe(1001);
    expect(sleeps).toEqual([3000, 2000]);
  });

  it('does not retry a write on the database timeout: it is in doubt', async () => {
    const kf = connect();
    await rules({ system: 'kashflow', operation: 'POST /v2/invoices', fault: 'timeout' });
    const err = await rejection(kf.rest.post('/invoices', { CustomerCode: sandbox().context.world.kashflow.customers[0]?.code, IssuedDate: '2026-11-20', LineItems: [{ Description: 'x', Quantity: 1, Rate: 1, NominalCode: 4000, VATLevel: 20 }] }));
    expect(err).toMatchObject({ code: 'KFAX_KASHFLOW_DB_TIMEOUT', kind: 'in_doubt' });
  });

  it('reports a 404 and a validation error with KashFlow\'s message', async () => {
    const kf = connect();
    expect((await rejection(kf.rest.get('/invoices/999999'))).code).toBe('KFAX_KASHFLOW_NOT_FOUND');
    const bad = await rejection(kf.rest.post('/invoices', { CustomerCode: 'NOPE99', LineItems: [] }));
    expect(bad.code).toBe('KFAX_KASHFLOW_REJECTED');
  });
});

describe('KashFlow SOAP client against the sandbox', () => {
  it('records an invoice payment visible over REST', async () => {
    const kf = connect();
    const created = await kf.rest.post<{ Number: number }>('/invoices', { CustomerCode: sandbox().context.world.kashflow.customers[1]?.code, IssuedDate: '2026-11-20', DueDate: '2026-12-20', LineItems: [{ Description: 'Widget', Quantity: 2, Rate: 10, NominalCode: 4000, VATLevel: 20 }] });
    const id = await kf.soap.insertInvoicePayment({ documentNumber: created.Number, date: '2026-11-25', note: 'kfax test pi_1', methodId: 3, bankAccountId: 1, amount: '24.00' });
    expect(id).toBeGreaterThan(0);
    const after = await kf.rest.get<{ Status: string; PaymentLines: { Id: number; Amount: string }[] }>(`/invoices/${created.Number}`);
    expect(after.PaymentLines.some((p) => p.Id === id && p.Amount === '24.0000')).toBe(true);
    expect(after.Status).toBe('Paid');
  });

  it('answers Status NO as KFAX_KASHFLOW_SOAP_FAILED with the reason', async () => {
    const kf = connect();
    const err = await rejection(kf.soap.insertInvoicePayment({ documentNumber: 987654, date: '2026-11-25', note: '', methodId: 3, bankAccountId: 1, amount: '1.00' }));
    expect(err.code).toBe('KFAX_KASHFLOW_SOAP_FAILED');
  });

  it('lists customers modified since a date', async () => {
    const rows = await connect().soap.getCustomersModifiedSince('2000-01-01T00:00:00');
    expect(rows.length).toBe(40);
    expect(rows[0]?.code).toMatch(/^[A-Z]{4}\d{2}$/);
  });
});
