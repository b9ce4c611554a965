import { describe, expect, it } from 'vitest';
import { el } from '../../../src/xml/build.js';
import type { XmlElement } from '../../../src/xml/tree.js';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { AifClient, criteria, dimSet, doc, entityKeys, f, fieldOf, keysOf, rec, recordsOf } from './aif-client.js';

const sb = useSandbox();
const ax = new AifClient(sb);
const ORG = { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' };

function custTable(fields: { account?: string; name?: string; group?: string; currency?: string; extra?: ReturnType<typeof f>[]; party?: ReturnType<typeof rec>[] }): ReturnType<typeof rec> {
  return rec('CustTable', [
    f('AccountNum', fields.account),
    f('Currency', fields.currency ?? 'GBP'),
    f('CustGroup', fields.group ?? 'UK'),
    ...(fields.extra ?? []),
    rec('DirParty', [f('Name', fields.name ?? 'Test Customer Ltd'), ...(fields.party ?? [])], ORG),
  ]);
}

async function create(...tables: ReturnType<typeof rec>[]) {
  return ax.call('CustomerService', 'create', [doc('Customer', tables)]);
}

async function read(account: string): Promise<XmlElement | undefined> {
  const r = await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', account]]])]);
  return recordsOf(r.body, 'Customer', 'CustTable')[0];
}

function child(rec: XmlElement | undefined, name: string): XmlElement | undefined {
  return rec?.children.find((c) => c.name === name);
}

describe('CustomerService create/read', () => {
  it('creates with a number-sequence key when AccountNum is omitted and reads the document back', async () => {
    const r = await create(custTable({ name: 'Sequence Ltd', extra: [f('PaymTermId', 'net30'), f('TaxGroup', 'DOM'), f('VATNum', 'GB123456789'), dimSet('DefaultDimension', [['BusinessUnit', '020'], ['Department', 'sales']])], party: [rec('DirPartyPostalAddressView', [f('City', 'Leeds'), f('CountryRegionId', 'gbr'), f('Roles', 'Invoice'), f('Street', '1 High Street'), f('ZipCode', 'LS1 1AA')]), rec('DirPartyContactInfoView', [f('Locator', 'ap@seq.example'), f('Type', 'Email')])] }));
    expect(r.status).toBe(200);
    const key = keysOf(r.body);
    expect(key).toHaveLength(1);
    expect(key[0]?.[0]?.[0]).toBe('AccountNum');
    expect(key[0]?.[0]?.[1]).toMatch(/^C\d{6}$/);
    const cust = await read(key[0]?.[0]?.[1] ?? '');
    expect(fieldOf(cust, 'PaymTermId')).toBe('Net30'); // canonical code
    expect(fieldOf(cust, '_DocumentHash')).toMatch(/^[0-9a-f]{32}$/);
    expect(fieldOf(cust, 'RecVersion')).toBe('1');
    // Outbound order: _DocumentHash first, fields alphabetical, child entities last.
    const names = cust?.children.map((c) => c.name) ?? [];
    expect(names[0]).toBe('_DocumentHash');
    expect(names[names.length - 1]).toBe('DirParty');
    const fieldsOnly = names.slice(1, -1);
    expect(fieldsOnly).toEqual([...fieldsOnly].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    // Empty / zero non-mandatory fields are omitted.
    expect(names).not.toContain('CreditMax');
    expect(names).not.toContain('Blocked');
    const dims = child(cust, 'DefaultDimension');
    expect(dims?.children[0]?.ns).toBe('http://schemas.microsoft.com/dynamics/2008/01/sharedtypes');
    expect(JSON.stringify(dims)).toContain('SALES');
    const party = child(cust, 'DirParty');
    expect(party?.attributes.find((a) => a.name === 'type')?.value).toBe('AxdEntity_DirParty_DirOrganization');
    expect(fieldOf(child(party, 'DirPartyPostalAddressView'), 'CountryRegionId')).toBe('GBR');
    expect(fieldOf(child(party, 'DirPartyPostalAddressView'), 'IsPrimary')).toBe('Yes');
    expect(fieldOf(party, 'PartyNumber')).not.toBe('');
  });

  it('returns keys in document order for several records and stores none when one is invalid', async () => {
    const ok = await create(custTable({ account: 'MULTI-A', name: 'A' }), custTable({ account: 'MULTI-B', name: 'B' }), custTable({ account: 'MULTI-C', name: 'C' }));
    expect(keysOf(ok.body).map((k) => k[0]?.[1])).toEqual(['MULTI-A', 'MULTI-B', 'MULTI-C']);
    const bad = await create(custTable({ account: 'MULTI-D', name: 'D' }), custTable({ account: 'MULTI-E', name: 'E', group: 'ZZ' }));
    expect(bad.status).toBe(500);
    expect(bad.fault?.infolog).toEqual(['Customer group ZZ does not exist.']);
    expect(bad.fault?.fields).toEqual(['CustGroup']);
    expect(bad.fault?.xpaths).toEqual(['/Customer/CustTable[2]/CustGroup']);
    expect(await read('MULTI-D')).toBeUndefined();
  });

  it('refuses a duplicate account with AX\'s duplicate-key text', async () => {
    const r = await create(custTable({ account: 'GRP-0001', name: 'Copy' }));
    expect(r.fault?.infolog).toEqual(['Cannot create a record in Customers (CustTable). Customer account: GRP-0001. The record already exists.']);
    const twice = await create(custTable({ account: 'TWICE-1' }), custTable({ account: 'twice-1' }));
    expect(twice.status).toBe(500);
    expect(await read('TWICE-1')).toBeUndefined();
  });

  it('reports every validation problem of the document, naming field and value', async () => {
    const r = await create(custTable({ account: 'BADREF-1', currency: 'XXX', extra: [f('PaymTermId', 'NET999'), f('PaymMode', 'CARRIERPIGEON'), f('TaxGroup', 'NOPE'), dimSet('DefaultDimension', [['Department', 'NOPE'], ['Colour', 'Red']])], party: [rec('DirPartyPostalAddressView', [f('CountryRegionId', 'ZZZ')])] }));
    expect(r.fault?.infolog).toEqual([
      'Currency XXX does not exist.',
      'Terms of payment NET999 does not exist.',
      'Method of payment CARRIERPIG does not exist.', // truncated to the field length (10)
      'Sales tax group NOPE does not exist.',
      'Value NOPE does not exist for financial dimension Department.',
      'Financial dimension Colour does not exist.',
      'Country/region ZZZ does not exist.',
    ]);
    const noName = await ax.call('CustomerService', 'create', [doc('Customer', [rec('CustTable', [f('CustGroup', 'UK'), f('Currency', 'GBP')])])]);
    expect(noName.fault?.infolog).toEqual(['A customer must have a party (DirParty) with a name.']);
  });

  it('silently truncates strings longer than the field', async () => {
    const longAccount = `TRUNC-${'X'.repeat(40)}`;
    const r = await create(custTable({ account: longAccount, name: 'N'.repeat(150) }));
    expect(r.status).toBe(200);
    const key = keysOf(r.body)[0]?.[0]?.[1] ?? '';
    expect(key).toBe(longAccount.slice(0, 20));
    expect(fieldOf(child(await read(key), 'DirParty'), 'Name')).toBe('N'.repeat(100));
  });

  it('refuses unknown elements, read-only fields, bad types and a missing class attribute as schema errors', async () => {
    const cases: [ReturnType<typeof rec>, string][] = [
      [rec('CustTable', [f('CustGroup', 'UK'), f('Colour', 'Blue')]), "has invalid child element 'Colour'"],
      [rec('CustTable', [f('CreditMax', 'lots'), f('CustGroup', 'UK')]), "The value 'lots' is invalid"],
      [rec('CustTable', [f('Blocked', 'Maybe'), f('CustGroup', 'UK')]), 'The Enumeration constraint failed'],
      [el('CustTable', undefined, [f('CustGroup', 'UK')]) as ReturnType<typeof rec>, "The required attribute 'class' is missing"],
      [rec('CustTable', [f('CustGroup', 'UK'), f('Currency', 'GBP'), rec('DirParty', [f('Name', 'x')])]), 'is abstract'],
    ];
    for (const [table, text] of cases) {
      const r = await ax.call('CustomerService', 'create', [doc('Customer', [table])]);
      expect(r.status).toBe(500);
      expect(r.fault?.codes).toEqual(['InvalidDocumentSchema']);
      expect(r.fault?.faultstring).toContain(text);
    }
    const ro = await create(custTable({ account: 'RO-1', party: [f('PartyNumber', '123') as ReturnType<typeof rec>] }));
    expect(ro.fault?.infolog[0]).toContain('PartyNumber');
  });

  it('accepts any element order unless strict order is on', async () => {
    const reversed = rec('CustTable', [rec('DirParty', [f('Name', 'Order Ltd')], ORG), f('Currency', 'GBP'), f('CustGroup', 'UK'), f('AccountNum', 'ORDER-1')]);
    expect((await create(reversed)).status).toBe(200);
    await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { strictElementOrder: true });
    try {
      const again = rec('CustTable', [f('Currency', 'GBP'), f('CustGroup', 'UK'), f('AccountNum', 'ORDER-2'), rec('DirParty', [f('Name', 'Order Ltd')], ORG)]);
      const r = await create(again);
      expect(r.fault?.faultstring).toContain('List of possible elements expected');
      expect((await create(custTable({ account: 'ORDER-3' }))).status).toBe(200);
    } finally {
      await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { strictElementOrder: false });
    }
  });
});

describe('CustomerService update/delete', () => {
  async function fresh(account: string): Promise<XmlElement> {
    expect((await create(custTable({ account, name: `${account} Ltd`, extra: [f('PaymTermId', 'Net30')], party: [rec('DirPartyPostalAddressView', [f('City', 'York'), f('CountryRegionId', 'GBR'), f('Street', '2 Low St')]), rec('DirPartyContactInfoView', [f('Locator', '01904 000000'), f('Type', 'Phone')])] }))).status).toBe(200);
    return (await read(account)) as XmlElement;
  }

  const update = (account: string, table: ReturnType<typeof rec>, docExtra: ReturnType<typeof f>[] = []) => ax.call('CustomerService', 'update', [entityKeys([[['AccountNum', account]]]), doc('Customer', [...docExtra, table] as ReturnType<typeof rec>[])]);

  it('needs the document hash or RecId+RecVersion from a read', async () => {
    await fresh('UPD-NONE');
    const r = await update('UPD-NONE', rec('CustTable', [f('CreditMax', '500')], { action: 'update' }));
    expect(r.status).toBe(500);
    expect(r.fault?.codes).toEqual(['ConcurrencyViolation']);
    expect(r.fault?.infolog[0]).toContain('_DocumentHash');
  });

  it('applies a partial update with the hash; a stale hash is refused afterwards', async () => {
    const before = await fresh('UPD-HASH');
    const hash = fieldOf(before, '_DocumentHash');
    const r = await update('UPD-HASH', rec('CustTable', [f('_DocumentHash', hash), f('CreditMax', '2500.50')], { action: 'update' }));
    expect(r.status).toBe(200);
    expect(r.body?.name).toBe('CustomerServiceUpdateResponse');
    expect(r.body?.children).toHaveLength(0);
    const after = await read('UPD-HASH');
    expect(fieldOf(after, 'CreditMax')).toBe('2500.50');
    expect(fieldOf(after, 'PaymTermId')).toBe('Net30'); // untouched
    expect(fieldOf(child(after, 'DirParty'), 'Name')).toBe('UPD-HASH Ltd');
    expect(fieldOf(after, '_DocumentHash')).not.toBe(hash);
    const stale = await update('UPD-HASH', rec('CustTable', [f('_DocumentHash', hash), f('CreditMax', '1')], { action: 'update' }));
    expect(stale.fault?.codes).toEqual(['ConcurrencyViolation']);
    expect(stale.fault?.infolog[0]).toContain('document hash does not match');
    expect(fieldOf(await read('UPD-HASH'), 'CreditMax')).toBe('2500.50');
  });

  it('checks RecId and RecVersion and names the table and record when stale', async () => {
    const before = await fresh('UPD-VER');
    const recId = fieldOf(before, 'RecId');
    const version = fieldOf(before, 'RecVersion');
    const ok = await update('UPD-VER', rec('CustTable', [f('RecId', recId), f('RecVersion', version), f('VATNum', 'GB999')], { action: 'update' }));
    expect(ok.status).toBe(200);
    const stale = await update('UPD-VER', rec('CustTable', [f('RecId', recId), f('RecVersion', version), f('VATNum', 'GB111')], { action: 'update' }));
    expect(stale.fault?.infolog[0]).toContain(`Customers (CustTable) (RecId ${recId})`);
    expect(stale.fault?.infolog[0]).toContain(`RecVersion ${version} sent`);
    expect(fieldOf(await read('UPD-VER'), 'VATNum')).toBe('GB999');
  });

  it('xsi:nil leaves a field untouched in a partial update unless ClearNilFieldsOnUpdate; an empty element clears it', async () => {
    await fresh('UPD-NIL');
    let current = await read('UPD-NIL');
    expect((await update('UPD-NIL', rec('CustTable', [f('_DocumentHash', fieldOf(current, '_DocumentHash')), f('PaymTermId', undefined), el('VATNum', { 'xsi:nil': 'true' })], { action: 'update' }))).status).toBe(200);
    current = await read('UPD-NIL');
    expect(fieldOf(current, 'PaymTermId')).toBe('Net30');
    expect((await update('UPD-NIL', rec('CustTable', [f('_DocumentHash', fieldOf(current, '_DocumentHash')), el('PaymTermId', { 'xsi:nil': 'true' })], { action: 'update' }), [f('ClearNilFieldsOnUpdate', 'true')])).status).toBe(200);
    current = await read('UPD-NIL');
    expect(current?.children.some((c) => c.name === 'PaymTermId')).toBe(false);
    expect((await update('UPD-NIL', rec('CustTable', [f('_DocumentHash', fieldOf(current, '_DocumentHash')), f('VATNum', 'GB1'), f('TaxGroup', 'DOM')], { action: 'update' }))).status).toBe(200);
    current = await read('UPD-NIL');
    expect((await update('UPD-NIL', rec('CustTable', [f('_DocumentHash', fieldOf(current, '_DocumentHash')), f('VATNum', '')], { action: 'update' }))).status).toBe(200);
    current = await read('UPD-NIL');
    expect(fieldOf(current, 'TaxGroup')).toBe('DOM');
    expect(current?.children.some((c) => c.name === 'VATNum')).toBe(false);
  });

  it('full update clears absent fields and replaces child records', async () => {
    const before = await fresh('UPD-FULL');
    const r = await update('UPD-FULL', rec('CustTable', [f('_DocumentHash', fieldOf(before, '_DocumentHash')), f('CustGroup', 'WEB'), f('Currency', 'GBP'), rec('DirParty', [f('Name', 'Renamed Ltd'), rec('DirPartyPostalAddressView', [f('City', 'Hull'), f('CountryRegionId', 'GBR'), f('Street', '9 New Rd')])], ORG)]));
    expect(r.status).toBe(200);
    const after = await read('UPD-FULL');
    expect(fieldOf(after, 'CustGroup')).toBe('WEB');
    expect(after?.children.some((c) => c.name === 'PaymTermId')).toBe(false);
    const party = child(after, 'DirParty');
    expect(fieldOf(party, 'Name')).toBe('Renamed Ltd');
    expect(party?.children.filter((c) => c.name === 'DirPartyPostalAddressView').map((a) => fieldOf(a, 'City'))).toEqual(['Hull']);
    expect(party?.children.some((c) => c.name === 'DirPartyContactInfoView')).toBe(false);
    expect(fieldOf(party, 'PartyNumber')).toBe(fieldOf(child(before, 'DirParty'), 'PartyNumber'));
  });

  it('partial update adds, updates and deletes child records by action', async () => {
    const before = await fresh('UPD-KIDS');
    const party = child(before, 'DirParty');
    const address = child(party, 'DirPartyPostalAddressView');
    const contact = child(party, 'DirPartyContactInfoView');
    const r = await update(
      'UPD-KIDS',
      rec('CustTable', [
        f('_DocumentHash', fieldOf(before, '_DocumentHash')),
        rec('DirParty', [rec('DirPartyPostalAddressView', [f('City', 'Ripon'), f('RecId', fieldOf(address, 'RecId'))], { action: 'update' }), rec('DirPartyContactInfoView', [f('Locator', 'new@kids.example'), f('Type', 'Email')], { action: 'create' }), rec('DirPartyContactInfoView', [f('RecId', fieldOf(contact, 'RecId'))], { action: 'delete' })], { ...ORG, action: 'update' }),
      ], { action: 'update' }),
    );
    expect(r.status).toBe(200);
    const after = child(await read('UPD-KIDS'), 'DirParty');
    const addr = child(after, 'DirPartyPostalAddressView');
    expect(fieldOf(addr, 'City')).toBe('Ripon');
    expect(fieldOf(addr, 'Street')).toBe('2 Low St');
    expect(after?.children.filter((c) => c.name === 'DirPartyContactInfoView').map((c) => fieldOf(c, 'Locator'))).toEqual(['new@kids.example']);
  });

  it('refuses changing the key and keeps the number of keys and records in step', async () => {
    const before = await fresh('UPD-KEY');
    const r = await update('UPD-KEY', rec('CustTable', [f('_DocumentHash', fieldOf(before, '_DocumentHash')), f('AccountNum', 'OTHER')], { action: 'update' }));
    expect(r.fault?.infolog[0]).toContain('AccountNum cannot be changed');
    const mismatch = await ax.call('CustomerService', 'update', [entityKeys([[['AccountNum', 'UPD-KEY']], [['AccountNum', 'GRP-0001']]]), doc('Customer', [rec('CustTable', [f('_DocumentHash', 'x')], { action: 'update' })])]);
    expect(mismatch.fault?.infolog[0]).toContain('number of entity keys (2)');
    const unknown = await ax.call('CustomerService', 'update', [entityKeys([[['AccountNum', 'NOPE-NOPE']]]), doc('Customer', [rec('CustTable', [f('_DocumentHash', 'x')], { action: 'update' })])]);
    expect(unknown.fault?.faultstring).toBe('No valid document identified from the entity key.');
  });

  it('deletes a customer without transactions and refuses one with transactions', async () => {
    await fresh('DEL-ME');
    const r = await ax.call('CustomerService', 'delete', [entityKeys([[['AccountNum', 'DEL-ME']]])]);
    expect(r.status).toBe(200);
    expect(await read('DEL-ME')).toBeUndefined();
    const again = await ax.call('CustomerService', 'delete', [entityKeys([[['AccountNum', 'DEL-ME']]])]);
    expect(again.fault?.faultstring).toBe('No valid document identified from the entity key.');
    const inv = await ax.call('FreeTextInvoiceService', 'create', [doc('FreeTextInvoice', [rec('CustInvoiceTable', [f('OrderAccount', 'GRP-0001'), rec('CustInvoiceLine', [f('AmountCur', '10'), el('LedgerDimension', undefined, [el('Account', { xmlns: 'http://schemas.microsoft.com/dynamics/2008/01/sharedtypes' }, '409100')])])])])]);
    expect(inv.status).toBe(200);
    const blocked = await ax.call('CustomerService', 'delete', [entityKeys([[['AccountNum', 'GRP-0001']]])]);
    expect(blocked.fault?.infolog[0]).toBe('Customer GRP-0001 cannot be deleted because transactions exist for the account.');
  });
});

describe('CustomerService find/findKeys/getChangedKeys', () => {
  it('finds by Equal, Range and child data source; several criteria combine with OR (or AND by setting)', async () => {
    for (const [acc, group] of [
      ['FIND-001', 'UK'],
      ['FIND-002', 'WEB'],
      ['FIND-003', 'EU'],
    ] as const) expect((await create(custTable({ account: acc, group, currency: group === 'EU' ? 'EUR' : 'GBP', name: `Finder ${acc}` }))).status).toBe(200);
    const range = await ax.call('CustomerService', 'findKeys', [criteria([{ ds: 'CustTable', field: 'AccountNum', op: 'Range', v1: 'FIND-001', v2: 'find-002' }])]);
    expect(keysOf(range.body).map((k) => k[0]?.[1])).toEqual(['FIND-001', 'FIND-002']);
    const or = await ax.call('CustomerService', 'findKeys', [criteria([{ ds: 'CustTable', field: 'AccountNum', op: 'Equal', v1: 'FIND-001' }, { ds: 'CustTable', field: 'AccountNum', op: 'Equal', v1: 'FIND-003' }])]);
    expect(keysOf(or.body).map((k) => k[0]?.[1])).toEqual(['FIND-001', 'FIND-003']);
    const twoFields = [{ ds: 'CustTable', field: 'AccountNum', op: 'Range', v1: 'FIND-001', v2: 'FIND-999' }, { ds: 'CustTable', field: 'CustGroup', op: 'Equal', v1: 'EU' }];
    const orWide = keysOf((await ax.call('CustomerService', 'findKeys', [criteria(twoFields)])).body).map((k) => k[0]?.[1]);
    expect(orWide).toEqual(expect.arrayContaining(['FIND-001', 'FIND-002', 'FIND-003']));
    await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { criteriaCombine: 'AND' });
    try {
      const and = keysOf((await ax.call('CustomerService', 'findKeys', [criteria(twoFields)])).body).map((k) => k[0]?.[1]);
      expect(and).toEqual(['FIND-003']);
    } finally {
      await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { criteriaCombine: 'OR' });
    }
    const byName = await ax.call('CustomerService', 'find', [criteria([{ ds: 'DirParty', field: 'Name', op: 'Equal', v1: 'finder find-002' }])]);
    const found = recordsOf(byName.body, 'Customer', 'CustTable');
    expect(found.map((c) => fieldOf(c, 'AccountNum'))).toEqual(['FIND-002']);
    expect(fieldOf(found[0], '_DocumentHash')).toMatch(/^[0-9a-f]{32}$/);
    const notEqual = keysOf((await ax.call('CustomerService', 'findKeys', [criteria([{ ds: 'CustTable', field: 'CustGroup', op: 'NotEqual', v1: 'UK' }])])).body).map((k) => k[0]?.[1]);
    expect(notEqual).toContain('FIND-002');
    expect(notEqual).not.toContain('FIND-001');
  });

  it('a single Equal on AccountNum (the key) finds the one customer case-insensitively, or none', async () => {
    expect((await create(custTable({ account: 'KEYED-001', group: 'UK', currency: 'GBP', name: 'Keyed One' }))).status).toBe(200);
    for (const [ds, field, v1] of [
      ['CustTable', 'AccountNum', 'KEYED-001'],
      ['custtable', 'accountnum', 'keyed-001'],
    ] as const) {
      const r = await ax.call('CustomerService', 'find', [criteria([{ ds, field, op: 'Equal', v1 }])]);
      expect(recordsOf(r.body, 'Customer', 'CustTable').map((c) => fieldOf(c, 'AccountNum'))).toEqual(['KEYED-001']);
      expect(keysOf((await ax.call('CustomerService', 'findKeys', [criteria([{ ds, field, op: 'Equal', v1 }])])).body).map((k) => k[0]?.[1])).toEqual(['KEYED-001']);
    }
    const none = await ax.call('CustomerService', 'findKeys', [criteria([{ ds: 'CustTable', field: 'AccountNum', op: 'Equal', v1: 'KEYED-404' }])]);
    expect(none.status).toBe(200);
    expect(keysOf(none.body)).toEqual([]);
  });

  it('refuses unknown data sources, fields and operators', async () => {
    const ds = await ax.call('CustomerService', 'findKeys', [criteria([{ ds: 'SalesTable', field: 'SalesId', op: 'Equal', v1: 'x' }])]);
    expect(ds.fault?.infolog).toEqual(['Data source SalesTable does not exist in the query of document CustTable.']);
    const field = await ax.call('CustomerService', 'findKeys', [criteria([{ ds: 'CustTable', field: 'Colour', op: 'Equal', v1: 'x' }])]);
    expect(field.fault?.infolog).toEqual(['Field Colour does not exist in data source CustTable.']);
    const op = await ax.call('CustomerService', 'findKeys', [criteria([{ ds: 'CustTable', field: 'AccountNum', op: 'Like', v1: 'x' }])]);
    expect(op.fault?.codes).toEqual(['InvalidDocumentSchema']);
  });

  it('getKeys pages through all keys once the port has a document filter', async () => {
    const paging = (bookmark: string) => el('DocumentPaging', { xmlns: 'http://schemas.microsoft.com/dynamics/2006/02/documents/DocumentPaging' }, [el('Bookmark', undefined, bookmark), el('PageSize', undefined, '10')]);
    const page = async (bookmark: string) => (await ax.call('CustomerService', 'getKeys', [paging(bookmark)])).body?.children.find((c) => c.name === 'EntityKeyPage');
    expect(keysOf(await page(''))).toEqual([]);
    await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { changeTracking: { documentFilter: true } });
    try {
      const total = ((await controlRequest(sb().endpoints.control.axUrl, 'GET', '/ax/counts?company=kfuk')).body as { companies: { kfuk: { customers: number } } }).companies.kfuk.customers;
      const seen: string[] = [];
      let bookmark = '';
      do {
        const p = await page(bookmark);
        const keys = keysOf(p).map((k) => k[0]?.[1] ?? '');
        expect(keys.length).toBeLessThanOrEqual(10);
        seen.push(...keys);
        bookmark = fieldOf(p?.children.find((c) => c.name === 'DocumentPaging'), 'Bookmark');
      } while (bookmark !== '');
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
    } finally {
      await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { changeTracking: { documentFilter: false } });
    }
  });

  it('getChangedKeys answers nothing until change tracking, an enhanced port and a document filter are configured', async () => {
    // The sandbox clock is pinned: move it on so that the new customer is the only change.
    const clock = (await controlRequest(sb().endpoints.control.axUrl, 'GET', '/clock')).body as { now: string };
    const since = new Date(Date.parse(clock.now) + 30_000).toISOString();
    await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/clock', { advanceMs: 60_000 });
    const call = () =>
      ax.call('CustomerService', 'getChangedKeys', [el('DocumentPaging', { xmlns: 'http://schemas.microsoft.com/dynamics/2006/02/documents/DocumentPaging' }, [el('PageSize', undefined, '500')]), el('changedDateTime', undefined, since)]);
    const page = (r: Awaited<ReturnType<typeof call>>) => r.body?.children.find((c) => c.name === 'EntityKeyPage');
    const off = await call();
    expect(off.status).toBe(200);
    expect(keysOf(page(off))).toEqual([]);
    expect(fieldOf(page(off), 'PageStatusDetails')).toBe('ChangeTrackingDisabled');
    await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { changeTracking: { enabled: true } });
    expect(keysOf(page(await call()))).toEqual([]);
    await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { changeTracking: { enhancedPort: true } });
    expect(keysOf(page(await call()))).toEqual([]);
    await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { changeTracking: { documentFilter: true } });
    try {
      const created = await create(custTable({ account: 'CHANGED-1', name: 'Changed Ltd' }));
      expect(created.status).toBe(200);
      const on = await call();
      const keys = keysOf(page(on)).map((k) => k[0]?.[1]);
      expect(keys).toContain('CHANGED-1');
      expect(keys).toEqual(['CHANGED-1']);
      // The findKeys fallback on the modifiedDateTime system field finds the same change.
      const byDate = await ax.call('CustomerService', 'findKeys', [criteria([{ ds: 'CustTable', field: 'modifiedDateTime', op: 'GreaterOrEqual', v1: since }])]);
      expect(keysOf(byDate.body).map((k) => k[0]?.[1])).toEqual(['CHANGED-1']);
      expect(fieldOf(page(on), 'PageStatus')).toBe('Success');
    } finally {
      await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { changeTracking: { enabled: false, enhancedPort: false, documentFilter: false } });
    }
  });
});
