import { describe, expect, it } from 'vitest';
import { el } from '../../../src/xml/build.js';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { AifClient, basicAuth, doc, entityKeys, f, fieldOf, keysOf, NS, rec, recordsOf, criteria } from './aif-client.js';

const sb = useSandbox();
const ax = new AifClient(sb);

const customerDoc = (name: string, account?: string) => doc('Customer', [rec('CustTable', [f('AccountNum', account), f('CustGroup', 'UK'), f('Currency', 'GBP'), rec('DirParty', [f('Name', name)], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])]);
const readGroupCustomer = (options: Parameters<AifClient['call']>[3] = {}) => ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'GRP-0001']]])], options);

describe('CallContext', () => {
  it('uses the user default company when the header, the element or its children are absent, empty or nil', async () => {
    const variants = [
      null,
      el('CallContext', { xmlns: NS.callContext }, []),
      el('CallContext', { xmlns: NS.callContext }, [el('Company', undefined, ''), el('Language', undefined, '')]),
      el('CallContext', { xmlns: NS.callContext, 'xmlns:i': NS.xsi }, [el('Company', { 'i:nil': 'true' }), el('Language', { 'i:nil': 'true' }), el('LogonAsUser', { 'i:nil': 'true' }), el('MessageId', { 'i:nil': 'true' }), el('PartitionKey', { 'i:nil': 'true' }), el('PropertyBag', { 'i:nil': 'true' })]),
    ];
    for (const header of variants) {
      const r = await readGroupCustomer({ header });
      expect(r.status, JSON.stringify(header)).toBe(200);
      expect(fieldOf(recordsOf(r.body, 'Customer', 'CustTable')[0], 'AccountNum')).toBe('GRP-0001');
    }
  });

  it('matches the company case-insensitively', async () => {
    const r = await readGroupCustomer({ company: 'KFUK' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('<SenderId>kfuk</SenderId>');
  });

  it('refuses an unknown company with a fault and changes nothing', async () => {
    const before = await controlRequest(sb().endpoints.control.axUrl, 'GET', '/ax/counts');
    const r = await ax.call('CustomerService', 'create', [customerDoc('Nowhere Ltd')], { company: 'zzzz' });
    expect(r.status).toBe(500);
    expect(r.fault?.faultstring).toContain('Company zzzz does not exist');
    expect(r.fault?.codes).toEqual(['InvalidMessageHeader']);
    expect((await controlRequest(sb().endpoints.control.axUrl, 'GET', '/ax/counts')).body).toEqual(before.body);
  });

  it('keeps data of the companies apart', async () => {
    const created = await ax.call('CustomerService', 'create', [customerDoc('Irish Trader', 'IE-ONLY-1')], { company: 'kfie' });
    expect(created.status).toBe(200);
    expect((await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'IE-ONLY-1']]])], { company: 'kfie' })).status).toBe(200);
    const inUk = await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'IE-ONLY-1']]])], { company: 'kfuk' });
    expect(inUk.status).toBe(500);
    expect(inUk.fault?.faultstring).toBe('No valid document identified from the entity key.');
    expect((await readGroupCustomer({ company: 'kfie' })).status).toBe(500);
    const ukKeys = keysOf((await ax.call('CustomerService', 'findKeys', [criteria([{ ds: 'CustTable', field: 'AccountNum', op: 'Equal', v1: 'IE-ONLY-1' }])], { company: 'kfuk' })).body);
    expect(ukKeys).toEqual([]);
    // The same account number can exist in both companies.
    expect((await ax.call('CustomerService', 'create', [customerDoc('UK namesake', 'IE-ONLY-1')], { company: 'kfuk' })).status).toBe(200);
  });

  it('applies the default company of the authenticated user', async () => {
    const e = sb().endpoints.ax;
    const r = await readGroupCustomer({ authorization: basicAuth(`${e.domain}\\ie-clerk`, e.password), company: null });
    expect(r.status).toBe(500); // GRP-0001 exists in kfuk only; ie-clerk defaults to kfie
    const mine = await ax.call('CustomerService', 'findKeys', [criteria([])], { authorization: basicAuth(`${e.domain}\\ie-clerk`, e.password) });
    expect(mine.status).toBe(200);
    expect(mine.text).not.toContain('GRP-0001');
  });

  it('uses the CallContext language as the default party language', async () => {
    const created = await ax.call('CustomerService', 'create', [customerDoc('Sprachschule GmbH')], { language: 'de-de' });
    const key = keysOf(created.body)[0]?.[0]?.[1] ?? '';
    const read = await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', key]]])]);
    expect(read.text).toContain('<LanguageId>de-de</LanguageId>');
  });

  it('honours LogonAsUser only for trusted intermediaries', async () => {
    const header = el('CallContext', { xmlns: NS.callContext }, [el('LogonAsUser', undefined, 'SANDBOX\\ie-clerk')]);
    const refused = await readGroupCustomer({ header });
    expect(refused.status).toBe(500);
    expect(refused.fault?.codes).toEqual(['NotAuthorized']);
    await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { trustedIntermediaries: ['SANDBOX\\kfax-svc'] });
    try {
      const asClerk = await readGroupCustomer({ header });
      // Acting as ie-clerk: default company kfie, where GRP-0001 does not exist.
      expect(asClerk.status).toBe(500);
      expect(asClerk.fault?.faultstring).toBe('No valid document identified from the entity key.');
    } finally {
      await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { trustedIntermediaries: [] });
    }
  });

  it('refuses a MessageId that is not a GUID and an unknown partition', async () => {
    const bad = await ax.call('CustomerService', 'create', [customerDoc('Bad id Ltd')], { messageId: 'not-a-guid' });
    expect(bad.status).toBe(500);
    expect(bad.fault?.faultstring).toContain('not a valid GUID');
    const partition = await readGroupCustomer({ header: el('CallContext', { xmlns: NS.callContext }, [el('PartitionKey', undefined, 'other')]) });
    expect(partition.fault?.faultstring).toContain('Partition other does not exist');
    const initial = await readGroupCustomer({ header: el('CallContext', { xmlns: NS.callContext }, [el('PartitionKey', undefined, 'initial')]) });
    expect(initial.status).toBe(200);
  });

  it('refuses CallContext children out of order only with strict element order', async () => {
    const header = el('CallContext', { xmlns: NS.callContext }, [el('MessageId', undefined, crypto.randomUUID()), el('Company', undefined, 'kfuk')]);
    expect((await readGroupCustomer({ header })).status).toBe(200);
    await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { strictElementOrder: true });
    try {
      const r = await readGroupCustomer({ header });
      expect(r.status).toBe(500);
      expect(r.fault?.faultcode).toBe('a:DeserializationFailed');
    } finally {
      await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { strictElementOrder: false });
    }
  });
});
