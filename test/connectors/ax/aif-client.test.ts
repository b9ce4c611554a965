import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AifClient } from '../../../src/connectors/ax/client/aif-client.js';
import { AxHttpTransport, type AxAuth } from '../../../src/connectors/ax/client/http-transport.js';
import { documentNamespace } from '../../../src/connectors/ax/client/namespaces.js';
import { el, leaf, type XmlNode } from '../../../src/xml/build.js';
import { childElement } from '../../../src/xml/tree.js';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { rejection } from '../../helpers/rejection.js';

const sandbox = useSandbox();
const transports: AxHttpTransport[] = [];
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
});

function client(auth: Partial<AxAuth> & { kind: 'ntlm' | 'basic' }, options: { timeoutMs?: number } = {}): AifClient {
  const e = sandbox().endpoints.ax;
  const full = { domain: e.domain, username: e.username, password: e.password, ...auth };
  const transport = new AxHttpTransport({ url: e.url, auth: full as AxAuth, connections: 2, timeoutMs: options.timeoutMs ?? 5000, connectTimeoutMs: 2000, maxResponseBytes: 8 << 20 });
  transports.push(transport);
  return new AifClient({ transport, company: e.company, language: 'en-gb' });
}

function customer(account: string, group = 'UK'): XmlNode {
  return el('Customer', { xmlns: documentNamespace('Customer'), 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' }, [
    el('CustTable', { class: 'entity' }, [
      leaf('AccountNum', account),
      leaf('CustGroup', group),
      leaf('Currency', 'GBP'),
      el('DirParty', { class: 'entity', 'xsi:type': 'AxdEntity_DirParty_DirOrganization' }, [leaf('Name', `Client test ${account}`)]),
    ]),
  ]);
}

describe('AifClient against the AX sandbox', () => {
  it('creates over NTLMv2 (one handshake per connection) and reads the customer back', async () => {
    const ax = client({ kind: 'ntlm' });
    const keys = await ax.create('CustomerService', customer('KF-CLI01'), { messageId: randomUUID() });
    expect(keys).toEqual([{ AccountNum: 'KF-CLI01' }]);
    const doc = await ax.read('CustomerService', keys);
    expect(childElement(childElement(doc!, 'CustTable')!, 'CustGroup')?.text).toBe('UK');
    const found = await ax.findKeys('CustomerService', [{ dataSource: 'CustTable', field: 'AccountNum', operator: 'Equal', value1: 'KF-CLI01' }]);
    expect(found).toEqual([{ AccountNum: 'KF-CLI01' }]);
  });

  it('works with Basic and fails clearly with a wrong NTLM or Basic password', async () => {
    expect(await client({ kind: 'basic' }).findKeys('CustomerService', [{ dataSource: 'CustTable', field: 'AccountNum', operator: 'Equal', value1: 'nobody' }])).toEqual([]);
    const ntlm = await rejection(client({ kind: 'ntlm', password: 'wrong' }).findKeys('CustomerService', []));
    expect(ntlm.code).toBe('KFAX_REMOTE_AUTH_FAILED');
    const basic = await rejection(client({ kind: 'basic', password: 'wrong' }).findKeys('CustomerService', []));
    expect(basic.code).toBe('KFAX_REMOTE_AUTH_FAILED');
  });

  it('refuses a write without a MessageId before sending anything', async () => {
    const err = await rejection(client({ kind: 'basic' }).create('CustomerService', customer('KF-NOID'), {}));
    expect(err.code).toBe('KFAX_INPUT_INVALID');
  });

  it('maps a resend of the same MessageId to KFAX_AX_DUPLICATE_MESSAGE (in-doubt) and applies once', async () => {
    const ax = client({ kind: 'basic' });
    const id = randomUUID();
    await ax.create('CustomerService', customer('KF-DUP01'), { messageId: id });
    const err = await rejection(ax.create('CustomerService', customer('KF-DUP01'), { messageId: id.toLowerCase() }));
    expect(err.code).toBe('KFAX_AX_DUPLICATE_MESSAGE');
    expect(err.kind).toBe('in_doubt');
  });

  it('turns commit-then-drop into in-doubt, and the resend into a duplicate', async () => {
    const ax = client({ kind: 'ntlm' });
    const s = sandbox();
    await controlRequest(s.endpoints.control.axUrl, 'POST', '/faults/rules', { system: 'ax', operation: 'CustomerService/create', fault: 'commitThenDrop', count: 1 });
    const id = randomUUID();
    const first = await rejection(ax.create('CustomerService', customer('KF-CTD01'), { messageId: id }));
    expect(first.kind).toBe('in_doubt');
    const second = await rejection(ax.create('CustomerService', customer('KF-CTD01'), { messageId: id }));
    expect(second.code).toBe('KFAX_AX_DUPLICATE_MESSAGE');
    expect(await ax.findKeys('CustomerService', [{ dataSource: 'CustTable', field: 'AccountNum', operator: 'Equal', value1: 'KF-CTD01' }])).toHaveLength(1);
  });

  it('classifies validation faults as permanent with the infolog text', async () => {
    const err = await rejection(client({ kind: 'basic' }).create('CustomerService', customer('KF-BAD01', 'ZZ'), { messageId: randomUUID() }));
    expect(err.code).toBe('KFAX_AX_FAULT');
    expect(err.kind).toBe('permanent');
    expect(err.message).toMatch(/ZZ/);
  });

  it('classifies injected throttling and 503 answers', async () => {
    const s = sandbox();
    const ax = client({ kind: 'basic' });
    await controlRequest(s.endpoints.control.axUrl, 'POST', '/faults/rules', [
      { system: 'ax', operation: 'CustomerService/findKeys', fault: 'throttle', retryAfterSeconds: 7 },
      { system: 'ax', operation: 'CustomerService/findKeys', fault: 'serverError', status: 503 },
    ]);
    const throttled = await rejection(ax.findKeys('CustomerService', []));
    expect(throttled).toMatchObject({ code: 'KFAX_REMOTE_THROTTLED', kind: 'throttled', retryAfterMs: 7000 });
    const unavailable = await rejection(ax.findKeys('CustomerService', []));
    expect(unavailable).toMatchObject({ code: 'KFAX_REMOTE_UNAVAILABLE', kind: 'transient' });
  });

  it('turns a dropped connection on a write into in-doubt and on a read into transient', async () => {
    const s = sandbox();
    const ax = client({ kind: 'basic' });
    await controlRequest(s.endpoints.control.axUrl, 'POST', '/faults/rules', [
      { system: 'ax', operation: 'CustomerService/create', fault: 'drop' },
      { system: 'ax', operation: 'CustomerService/findKeys', fault: 'drop' },
    ]);
    expect((await rejection(ax.create('CustomerService', customer('KF-DROP1'), { messageId: randomUUID() }))).kind).toBe('in_doubt');
    expect((await rejection(ax.findKeys('CustomerService', []))).kind).toBe('transient');
  });

  it('times out a hanging call as in-doubt for writes', async () => {
    const s = sandbox();
    const ax = client({ kind: 'basic' }, { timeoutMs: 300 });
    await controlRequest(s.endpoints.control.axUrl, 'POST', '/faults/rules', { system: 'ax', operation: 'CustomerService/create', fault: 'delay', delayMs: 1500 });
    const err = await rejection(ax.create('CustomerService', customer('KF-SLOW1'), { messageId: randomUUID() }));
    expect(err).toMatchObject({ code: 'KFAX_REMOTE_TIMEOUT', kind: 'in_doubt' });
  });
});

describe('WCF internal errors', () => {
  it('are in-doubt for writes and transient for reads', async () => {
    const s = sandbox();
    const ax = client({ kind: 'basic' });
    await controlRequest(s.endpoints.control.axUrl, 'POST', '/faults/rules', [
      { system: 'ax', operation: 'CustomerService/create', fault: 'serverError', status: 500 },
      { system: 'ax', operation: 'CustomerService/findKeys', fault: 'serverError', status: 500 },
    ]);
    expect(await rejection(ax.create('CustomerService', customer('KF-ISE01'), { messageId: randomUUID() }))).toMatchObject({ code: 'KFAX_AX_INTERNAL_ERROR', kind: 'in_doubt' });
    expect(await rejection(ax.findKeys('CustomerService', []))).toMatchObject({ code: 'KFAX_AX_INTERNAL_ERROR', kind: 'transient' });
  });
});
