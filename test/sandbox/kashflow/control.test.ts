import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient } from './helpers.js';

const sb = useSandbox();
const kf = new KfClient(sb);

beforeAll(async () => {
  await kf.login();
});

describe('KashFlow control API', () => {
  it('counts every kind of record and the live sessions', async () => {
    const c = await kf.counts();
    expect(c).toEqual({ customers: 40, suppliers: 15, products: expect.any(Number), projects: 5, invoices: 24, purchases: 12, payments: expect.any(Number), bulkPayments: 0, journals: 0, sessions: 1 });
    const seedPayments = [...sb().context.world.kashflow.invoices, ...sb().context.world.kashflow.purchases].reduce((n, d) => n + d.payments.length, 0);
    expect(c.payments).toBe(seedPayments);
    expect(c.products).toBe(sb().context.world.kashflow.products.length);
  });

  it('shows full records without authentication, exactly as the REST detail', async () => {
    const customer = (await kf.get('/customers?perpage=1')).json().Data[0].Code;
    for (const path of [`/customers/${customer}`, '/invoices/1001', '/purchases/5001']) {
      const viaRest = (await kf.get(path)).json();
      const viaControl = await kf.ctl('GET', `/kashflow${path}`);
      expect(viaControl.status).toBe(200);
      expect(viaControl.body).toEqual(viaRest);
    }
    const supplier = (await kf.get('/suppliers?perpage=1')).json().Data[0].Code;
    expect((await kf.ctl('GET', `/kashflow/suppliers/${supplier.toLowerCase()}`)).body.Code).toBe(supplier);
    for (const path of ['/customers/NOPE', '/suppliers/NOPE', '/invoices/1', '/purchases/1', '/journals/1']) expect((await kf.ctl('GET', `/kashflow${path}`)).status).toBe(404);
  });

  it('settings: read, partial update, validation naming the field, nothing half-applied', async () => {
    const initial = (await kf.ctl('GET', '/kashflow/settings')).body;
    expect(initial).toEqual({ sessionIdleMinutes: 60, temporaryTokenMinutes: 5, lockoutThreshold: 5, lockoutMinutes: 30, partPaidStatus: false, defaultPerPage: 100, maxPerPage: 500, ignoreUnknownFields: true, purchaseSupplierId: false, unstablePageShiftRate: 0.25 });
    const bad = await kf.ctl('PUT', '/kashflow/settings', { lockoutThreshold: 3, sessionIdleMinutes: 'forever' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['sessionIdleMinutes']);
    const unknown = await kf.ctl('PUT', '/kashflow/settings', { colour: 'blue' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('colour');
    const cross = await kf.ctl('PUT', '/kashflow/settings', { defaultPerPage: 600 });
    expect(cross.status).toBe(400);
    expect(cross.body.issues[0].path).toBe('defaultPerPage');
    expect((await kf.ctl('GET', '/kashflow/settings')).body).toEqual(initial);
    const ok = await kf.ctl('PUT', '/kashflow/settings', { lockoutThreshold: 3 });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ...initial, lockoutThreshold: 3 });
  });

  it('reset reloads the seed and drops sessions, settings and counters', async () => {
    await kf.send('POST', '/customers', { Name: 'Temporary Ltd' });
    await kf.ctl('PUT', '/kashflow/settings', { maxPerPage: 50 });
    expect((await kf.counts()).customers).toBe(41);
    const r = await kf.ctl('POST', '/reset', {});
    expect(r.status).toBe(200);
    const c = await kf.counts();
    expect(c.customers).toBe(40);
    expect(c.sessions).toBe(0);
    expect((await kf.get('/currencies')).status).toBe(401);
    expect((await kf.ctl('GET', '/kashflow/settings')).body.maxPerPage).toBe(500);
    expect((await kf.ctl('GET', '/kashflow/requests')).body.total).toBe(1);
    await kf.login();
    expect((await kf.get('/invoices/1001')).json().Id).toBe(100001);
  });

  it('reset with another seed gives another deterministic world', async () => {
    const a = (await kf.get('/customers?perpage=3')).json().Data.map((c: { Code: string }) => c.Code);
    const invoicesA = (await kf.get('/invoices?perpage=5')).text;
    await kf.ctl('POST', '/reset', { seed: 7 });
    await kf.login();
    const b = (await kf.get('/customers?perpage=3')).json().Data.map((c: { Code: string }) => c.Code);
    expect(b).not.toEqual(a);
    const invoicesB = (await kf.get('/invoices?perpage=5')).text;
    expect(invoicesB).not.toBe(invoicesA);
    expect(JSON.parse(invoicesB).Data[0].CustomerCode).toBe((await kf.get('/invoices/1001')).json().CustomerCode);
    await kf.ctl('POST', '/reset', { seed: 7 });
    await kf.login();
    expect((await kf.get('/customers?perpage=3')).json().Data.map((c: { Code: string }) => c.Code)).toEqual(b);
  });
});
