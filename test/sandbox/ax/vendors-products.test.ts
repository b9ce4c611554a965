import { describe, expect, it } from 'vitest';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { AifClient, criteria, doc, entityKeys, f, fieldOf, keysOf, rec, recordsOf } from './aif-client.js';

const sb = useSandbox();
const ax = new AifClient(sb);
const ORG = { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' };
const DISTINCT = { 'xsi:type': 'AxdEntity_Product_EcoResDistinctProduct' };

describe('VendTableService', () => {
  it('creates, reads, updates, finds and deletes vendors in the VendTable document', async () => {
    const created = await ax.call('VendTableService', 'create', [doc('VendTable', [rec('VendTable', [f('AccountNum', 'VEND-T1'), f('Currency', 'GBP'), f('PaymTermId', 'Net60'), f('VendGroup', 'uk'), rec('DirParty', [f('Name', 'Supplies Ltd')], ORG)])])]);
    expect(created.status).toBe(200);
    expect(keysOf(created.body)).toEqual([[['AccountNum', 'VEND-T1']]]);
    const read = await ax.call('VendTableService', 'read', [entityKeys([[['AccountNum', 'vend-t1']]])]);
    const vend = recordsOf(read.body, 'VendTable', 'VendTable')[0];
    expect(fieldOf(vend, 'VendGroup')).toBe('UK');
    expect(read.text).toContain('xmlns="http://schemas.microsoft.com/dynamics/2008/01/documents/VendTable"');
    const upd = await ax.call('VendTableService', 'update', [entityKeys([[['AccountNum', 'VEND-T1']]]), doc('VendTable', [rec('VendTable', [f('_DocumentHash', fieldOf(vend, '_DocumentHash')), f('Blocked', 'Payment')], { action: 'update' })])]);
    expect(upd.status).toBe(200);
    const found = await ax.call('VendTableService', 'find', [criteria([{ ds: 'VendTable', field: 'Blocked', op: 'Equal', v1: 'Payment' }])]);
    expect(recordsOf(found.body, 'VendTable', 'VendTable').map((v) => fieldOf(v, 'AccountNum'))).toEqual(['VEND-T1']);
    expect((await ax.call('VendTableService', 'delete', [entityKeys([[['AccountNum', 'VEND-T1']]])])).status).toBe(200);
    expect((await ax.call('VendTableService', 'read', [entityKeys([[['AccountNum', 'VEND-T1']]])])).status).toBe(500);
  });

  it('validates the vendor group and numbers vendors from their own sequence', async () => {
    const bad = await ax.call('VendTableService', 'create', [doc('VendTable', [rec('VendTable', [f('Currency', 'GBP'), f('VendGroup', 'ZZ'), rec('DirParty', [f('Name', 'X')], ORG)])])]);
    expect(bad.fault?.infolog).toEqual(['Vendor group ZZ does not exist.']);
    const ok = await ax.call('VendTableService', 'create', [doc('VendTable', [rec('VendTable', [f('Currency', 'EUR'), f('VendGroup', 'EU'), rec('DirParty', [f('Name', 'Euro Supplier')], ORG)])])]);
    expect(keysOf(ok.body)[0]?.[0]?.[1]).toMatch(/^V\d{6}$/);
  });
});

describe('EcoResProductService and ItemService (release)', () => {
  const product = (number: string, type = 'Item') => rec('Product', [f('DisplayProductNumber', number), f('ProductType', type), rec('Translation', [f('Description', `${number} description`), f('LanguageId', 'en-gb'), f('Name', `${number} name`)])], DISTINCT);

  it('creates a shared product, reads it and finds it by translation name', async () => {
    const r = await ax.call('EcoResProductService', 'create', [doc('EcoResProduct', [product('WIDGET-9')])]);
    expect(r.status).toBe(200);
    expect(keysOf(r.body)).toEqual([[['DisplayProductNumber', 'WIDGET-9']]]);
    const read = await ax.call('EcoResProductService', 'read', [entityKeys([[['DisplayProductNumber', 'WIDGET-9']]])]);
    const p = recordsOf(read.body, 'EcoResProduct', 'Product')[0];
    expect(p?.attributes.find((a) => a.name === 'type')?.value).toBe('AxdEntity_Product_EcoResDistinctProduct');
    expect(fieldOf(p?.children.find((c) => c.name === 'Identifier'), 'ProductNumber')).toBe('WIDGET-9');
    expect(fieldOf(p, 'SearchName')).toBe('WIDGET-9 NAME');
    const found = await ax.call('EcoResProductService', 'findKeys', [criteria([{ ds: 'Translation', field: 'Name', op: 'Equal', v1: 'WIDGET-9 name' }])]);
    expect(keysOf(found.body)).toEqual([[['DisplayProductNumber', 'WIDGET-9']]]);
    // Shared: visible from the other company too.
    expect((await ax.call('EcoResProductService', 'read', [entityKeys([[['DisplayProductNumber', 'WIDGET-9']]])], { company: 'kfie' })).status).toBe(200);
  });

  it('requires the product type and refuses a duplicate product number', async () => {
    const noType = await ax.call('EcoResProductService', 'create', [doc('EcoResProduct', [rec('Product', [f('DisplayProductNumber', 'NOTYPE-1')], DISTINCT)])]);
    expect(noType.fault?.infolog).toEqual(["Field 'ProductType' must be filled in."]);
    expect((await ax.call('EcoResProductService', 'create', [doc('EcoResProduct', [product('DUP-PROD')])])).status).toBe(200);
    const dup = await ax.call('EcoResProductService', 'create', [doc('EcoResProduct', [product('dup-prod')])]);
    expect(dup.fault?.codes).toEqual(['RecordAlreadyExists']);
  });

  it('releases a product into one company with item group, model group and sales tax group', async () => {
    expect((await ax.call('EcoResProductService', 'create', [doc('EcoResProduct', [product('RELEASE-1', 'Service')])])).status).toBe(200);
    const item = (itemGroup: string, taxGroup: string) =>
      doc('Item', [rec('InventTable', [f('Product', 'RELEASE-1'), rec('InventItemGroupItem', [f('ItemGroupId', itemGroup)]), rec('InventModelGroupItem', [f('ModelGroupId', 'service')]), rec('InventTableModule', [f('ModuleType', 'Sales'), f('Price', '95.00'), f('TaxItemGroupId', taxGroup)])])]);
    const bad = await ax.call('ItemService', 'create', [item('NOPE', 'NOPE')], { company: 'kfie' });
    expect(bad.fault?.infolog).toEqual(['Item group NOPE does not exist.', 'Item sales tax group NOPE does not exist.']);
    const ok = await ax.call('ItemService', 'create', [item('SERVICES', 'STD')], { company: 'kfie' });
    expect(ok.status).toBe(200);
    expect(keysOf(ok.body)).toEqual([[['ItemId', 'RELEASE-1']]]);
    const read = await ax.call('ItemService', 'read', [entityKeys([[['ItemId', 'RELEASE-1']]])], { company: 'kfie' });
    const inv = recordsOf(read.body, 'Item', 'InventTable')[0];
    expect(fieldOf(inv, 'NameAlias')).toBe('RELEASE-1 name');
    expect(fieldOf(inv?.children.find((c) => c.name === 'InventModelGroupItem'), 'ModelGroupId')).toBe('SERVICE');
    expect((await ax.call('ItemService', 'read', [entityKeys([[['ItemId', 'RELEASE-1']]])], { company: 'kfuk' })).status).toBe(500);
    const again = await ax.call('ItemService', 'create', [item('SERVICES', 'STD')], { company: 'kfie' });
    expect(again.fault?.infolog).toEqual(['Cannot create a record in Items (InventTable). Item number: RELEASE-1. The record already exists.']);
    const missing = await ax.call('ItemService', 'create', [doc('Item', [rec('InventTable', [f('Product', 'NO-SUCH-PRODUCT')])])]);
    expect(missing.fault?.infolog).toEqual(['Product NO-SUCH-PRODUCT does not exist.']);
    // The flat AX 2009-style ItemGroupId is accepted and stored as the group child record.
    expect((await ax.call('EcoResProductService', 'create', [doc('EcoResProduct', [product('RELEASE-2')])])).status).toBe(200);
    const flat = await ax.call('ItemService', 'create', [doc('Item', [rec('InventTable', [f('ItemGroupId', 'goods'), f('Product', 'RELEASE-2')])])], { company: 'kfie' });
    expect(flat.status).toBe(200);
    const flatRead = recordsOf((await ax.call('ItemService', 'read', [entityKeys([[['ItemId', 'RELEASE-2']]])], { company: 'kfie' })).body, 'Item', 'InventTable')[0];
    expect(fieldOf(flatRead?.children.find((c) => c.name === 'InventItemGroupItem'), 'ItemGroupId')).toBe('GOODS');
    expect(flatRead?.children.some((c) => c.name === 'ItemGroupId')).toBe(false);
    const view = await controlRequest(sb().endpoints.control.axUrl, 'GET', '/ax/kfie/products/RELEASE-1');
    expect((view.body as { released: boolean }).released).toBe(true);
  });

  it('finds seeded released items in the UK company', async () => {
    const r = await ax.call('ItemService', 'findKeys', [criteria([{ ds: 'InventItemGroupItem', field: 'ItemGroupId', op: 'Equal', v1: 'SERVICES' }])]);
    const keys = keysOf(r.body).map((k) => k[0]?.[1]);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k?.startsWith('SVC-'))).toBe(true);
  });
});
