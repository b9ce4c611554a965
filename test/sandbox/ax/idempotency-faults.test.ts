import { afterEach, describe, expect, it } from 'vitest';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { account, AifClient, criteria, doc, entityKeys, f, guid, keysOf, rec, recordsOf } from './aif-client.js';

const sb = useSandbox();
const ax = new AifClient(sb);
const control = (method: string, path: string, body?: unknown) => controlRequest(sb().endpoints.control.axUrl, method, path, body);

afterEach(async () => {
  await control('DELETE', '/faults/rules');
});

const DUPLICATE = 'Duplicate message. Message has already been processed.';
const customer = (account: string) => doc('Customer', [rec('CustTable', [f('AccountNum', account), f('Currency', 'GBP'), f('CustGroup', 'UK'), rec('DirParty', [f('Name', account)], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])]);
const fti = (documentNum: string, customerAccount = 'GRP-0001') => doc('FreeTextInvoice', [rec('CustInvoiceTable', [f('DocumentNum', documentNum), f('OrderAccount', customerAccount), rec('CustInvoiceLine', [f('AmountCur', '25.00'), account('LedgerDimension', '401100', '401100'), f('TaxItemGroup', 'STD')])])]);

async function countCustomers(): Promise<number> {
  const body = (await control('GET', '/ax/counts?company=kfuk')).body as { companies: { kfuk: { customers: number; freeTextInvoices: number } } };
  return body.companies.kfuk.customers;
}

async function invoicesWith(documentNum: string): Promise<unknown[]> {
  return (await control('GET', `/ax/kfuk/free-text-invoices?documentNum=${documentNum}`)).body as unknown[];
}

describe('MessageId duplicate detection', () => {
  it('rejects a repeated MessageId (braces and case variants) with the exact fault and applies nothing twice', async () => {
    const id = guid();
    expect((await ax.call('CustomerService', 'create', [customer('DUP-C1')], { messageId: id })).status).toBe(200);
    const count = await countCustomers();
    for (const variant of [id, `{${id}}`, id.toUpperCase(), `{${id.toUpperCase()}}`]) {
      const r = await ax.call('CustomerService', 'create', [customer('DUP-C2')], { messageId: variant });
      expect(r.status, variant).toBe(500);
      expect(r.fault?.faultstring).toBe(DUPLICATE);
      expect(r.fault?.codes).toEqual(['DuplicateMessage']);
      expect(r.fault?.messages).toEqual([DUPLICATE]);
      expect(r.fault?.infolog).toEqual([DUPLICATE]);
    }
    expect(await countCustomers()).toBe(count);
    expect((await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'DUP-C2']]])])).status).toBe(500);
  });

  it('returns the duplicate text and code even without exceptions in faults', async () => {
    const id = guid();
    expect((await ax.call('CustomerService', 'create', [customer('DUP-QUIET')], { messageId: id })).status).toBe(200);
    await control('PUT', '/ax/settings', { includeExceptionsInFault: false });
    try {
      const r = await ax.call('CustomerService', 'create', [customer('DUP-QUIET')], { messageId: id });
      expect(r.fault?.faultstring).toBe(DUPLICATE);
      expect(r.fault?.codes).toEqual(['DuplicateMessage']);
      expect(r.fault?.infolog).toEqual([]);
    } finally {
      await control('PUT', '/ax/settings', { includeExceptionsInFault: true });
    }
  });

  it('does not remember a message that faulted, so the fixed document can be resent with the same id', async () => {
    const id = guid();
    const bad = await ax.call('FreeTextInvoiceService', 'create', [fti('REUSE-1', 'NOBODY')], { messageId: id });
    expect(bad.fault?.infolog).toEqual(['Customer account NOBODY does not exist.']);
    const fixed = await ax.call('FreeTextInvoiceService', 'create', [fti('REUSE-1')], { messageId: id });
    expect(fixed.status).toBe(200);
    const again = await ax.call('FreeTextInvoiceService', 'create', [fti('REUSE-1')], { messageId: id });
    expect(again.fault?.faultstring).toBe(DUPLICATE);
    expect(await invoicesWith('REUSE-1')).toHaveLength(1);
  });

  it('checks only writes, only when a MessageId is sent, and remembers ids per AOS (not per company)', async () => {
    const id = guid();
    const read = () => ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'GRP-0001']]])], { messageId: id });
    expect((await read()).status).toBe(200);
    expect((await read()).status).toBe(200);
    expect((await ax.call('CustomerService', 'create', [customer('NOID-1')])).status).toBe(200);
    expect((await ax.call('CustomerService', 'create', [customer('NOID-2')])).status).toBe(200);
    const shared = guid();
    expect((await ax.call('CustomerService', 'create', [customer('AOS-1')], { messageId: shared, company: 'kfuk' })).status).toBe(200);
    const other = await ax.call('CustomerService', 'create', [customer('AOS-1')], { messageId: shared, company: 'kfie' });
    expect(other.fault?.faultstring).toBe(DUPLICATE);
    const messages = (await control('GET', '/ax/messages')).body as { messageId: string; service: string; operation: string; keys: string[] }[];
    expect(messages.find((m) => m.messageId === shared)).toMatchObject({ service: 'CustomerService', operation: 'create', keys: ['AOS-1'] });
  });
});

describe('injected faults', () => {
  it('commit-then-drop: the write happens, the client gets no answer, a resend is a duplicate and the document exists once', async () => {
    await control('POST', '/faults/rules', { system: 'ax', operation: 'FreeTextInvoiceService/create', fault: 'commitThenDrop' });
    const id = guid();
    await expect(ax.call('FreeTextInvoiceService', 'create', [fti('CTD-1')], { messageId: id })).rejects.toThrow();
    const resend = await ax.call('FreeTextInvoiceService', 'create', [fti('CTD-1')], { messageId: id });
    expect(resend.fault?.faultstring).toBe(DUPLICATE);
    // Recover the key by the natural key, as the connector does after "Duplicate message".
    const found = await ax.call('CustomerTransactionService', 'find', [criteria([{ ds: 'CustTrans', field: 'DocumentNum', op: 'Equal', v1: 'CTD-1' }])]);
    expect(recordsOf(found.body, 'CustomerTransaction', 'CustTrans')).toHaveLength(1);
    expect(await invoicesWith('CTD-1')).toHaveLength(1);
  });

  it('drop: nothing is processed and the same MessageId succeeds afterwards', async () => {
    await control('POST', '/faults/rules', { system: 'ax', operation: 'CustomerService/create', fault: 'drop' });
    const id = guid();
    const before = await countCustomers();
    await expect(ax.call('CustomerService', 'create', [customer('DROP-1')], { messageId: id })).rejects.toThrow();
    expect(await countCustomers()).toBe(before);
    const retry = await ax.call('CustomerService', 'create', [customer('DROP-1')], { messageId: id });
    expect(retry.status).toBe(200);
    expect(keysOf(retry.body)).toEqual([[['AccountNum', 'DROP-1']]]);
  });

  it('throttle: 429 with Retry-After (or 503 by setting) and nothing applied', async () => {
    await control('POST', '/faults/rules', { system: 'ax', operation: 'CustomerService/*', fault: 'throttle', retryAfterSeconds: 7 });
    const r = await ax.call('CustomerService', 'create', [customer('THROTTLE-1')]);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    await control('PUT', '/ax/settings', { throttleStatus: 503 });
    try {
      await control('POST', '/faults/rules', { system: 'ax', fault: 'throttle', retryAfterSeconds: 3 });
      const r2 = await ax.call('CustomerService', 'create', [customer('THROTTLE-1')]);
      expect(r2.status).toBe(503);
      expect(r2.headers.get('retry-after')).toBe('3');
      expect(r2.text).toContain('HTTP Error 503. The service is unavailable.');
    } finally {
      await control('PUT', '/ax/settings', { throttleStatus: 429 });
    }
    expect((await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'THROTTLE-1']]])])).status).toBe(500);
  });

  it('timeout and server errors: WCF internal fault (500) or IIS 503 page, nothing applied', async () => {
    await control('POST', '/faults/rules', { system: 'ax', operation: 'CustomerService/create', fault: 'timeout' });
    const t = await ax.call('CustomerService', 'create', [customer('TIMEOUT-1')]);
    expect(t.status).toBe(500);
    expect(t.fault?.faultcode).toBe('a:InternalServiceFault');
    await control('POST', '/faults/rules', { system: 'ax', operation: 'CustomerService/create', fault: 'serverError', status: 503 });
    const s = await ax.call('CustomerService', 'create', [customer('TIMEOUT-1')]);
    expect(s.status).toBe(503);
    await control('POST', '/faults/rules', { system: 'ax', operation: 'CustomerService/create', fault: 'serverError', status: 500 });
    const s500 = await ax.call('CustomerService', 'create', [customer('TIMEOUT-1')]);
    expect(s500.fault?.faultstring).toContain('The server was unable to process the request due to an internal error.');
    expect((await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'TIMEOUT-1']]])])).status).toBe(500);
  });

  it('delay: the answer comes after the injected latency; faults apply per company', async () => {
    await control('POST', '/faults/rules', { system: 'ax', operation: 'CustomerService/read', fault: 'delay', delayMs: 300 });
    const t0 = Date.now();
    expect((await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'GRP-0001']]])])).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await control('POST', '/faults/rules', { system: 'ax', company: 'kfie', fault: 'throttle' });
    expect((await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'GRP-0001']]])], { company: 'kfuk' })).status).toBe(200);
    expect((await ax.call('CustomerService', 'findKeys', [criteria([])], { company: 'kfie' })).status).toBe(429);
  });
});
