import type { AxPartySeed, AxProductSeed } from '../../seed/types.js';
import { DIR_PARTY_ORGANIZATION, DISTINCT_PRODUCT } from '../schema/master-documents.js';
import type { AxRecord, FieldValue } from '../schema/values.js';
import type { AosState } from './aos.js';

/** Builds a stored record (RecVersion 1) with the given fields, skipping empty values. */
export function newRecord(aos: Pick<AosState, 'nextRecId'>, table: string, fields: Record<string, FieldValue | undefined>, children: Record<string, AxRecord[]> = {}, xsiType?: string): AxRecord {
  const clean: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    clean[k] = v;
  }
  return { table, recId: aos.nextRecId(), recVersion: 1, ...(xsiType ? { xsiType } : {}), fields: clean, children };
}

/** A seeded customer or vendor (CustTable/VendTable + DirOrganization + address + contacts). */
export function seedParty(table: 'CustTable' | 'VendTable', p: AxPartySeed, aos: AosState): AxRecord {
  const address = newRecord(aos, 'DirPartyPostalAddressView', {
    Street: p.address.street,
    City: p.address.city,
    County: p.address.county,
    ZipCode: p.address.zipCode,
    CountryRegionId: p.address.countryRegionId,
    IsPrimary: 'Yes',
    Roles: 'Business',
    Address: formatAddress(p.address.street, p.address.zipCode, p.address.city, p.address.countryRegionId),
  });
  const contacts = [
    p.email ? newRecord(aos, 'DirPartyContactInfoView', { Type: 'Email', Locator: p.email, IsPrimary: 'Yes', LocationName: 'Email' }) : undefined,
    p.phone ? newRecord(aos, 'DirPartyContactInfoView', { Type: 'Phone', Locator: p.phone, IsPrimary: 'Yes', LocationName: 'Phone' }) : undefined,
  ].filter((c): c is AxRecord => c !== undefined);
  const party = newRecord(aos, 'DirParty', { Name: p.name, LanguageId: 'en-gb', PartyNumber: aos.seq.party.format(aos.seq.party.next++) }, { DirPartyPostalAddressView: [address], DirPartyContactInfoView: contacts }, DIR_PARTY_ORGANIZATION);
  const dims = Object.entries(p.defaultDimension).map(([name, value]) => ({ name, value }));
  return newRecord(
    aos,
    table,
    {
      AccountNum: p.accountNum,
      [table === 'CustTable' ? 'CustGroup' : 'VendGroup']: p.group,
      Currency: p.currency,
      PaymTermId: p.paymTermId,
      TaxGroup: p.taxGroup,
      VATNum: p.vatNum,
      DefaultDimension: dims,
    },
    { DirParty: [party] },
  );
}

/** The formatted address AX shows in `Address` (read-only). */
export function formatAddress(street: string, zip: string, city: string, country: string): string {
  return [street, [zip, city].filter(Boolean).join(' '), country].filter(Boolean).join('\n');
}

/** A seeded shared product (EcoResDistinctProduct). */
export function seedProduct(p: AxProductSeed, aos: AosState): AxRecord {
  return newRecord(
    aos,
    'Product',
    { DisplayProductNumber: p.itemId, ProductType: p.productType, SearchName: p.name.slice(0, 20).toUpperCase() },
    {
      Identifier: [newRecord(aos, 'Identifier', { ProductNumber: p.itemId })],
      Translation: [newRecord(aos, 'Translation', { LanguageId: 'en-gb', Name: p.name, Description: p.name })],
    },
    DISTINCT_PRODUCT,
  );
}

/** A seeded released item (InventTable) with its group and sales price/tax rows. */
export function seedItem(p: AxProductSeed, aos: AosState): AxRecord {
  return newRecord(
    aos,
    'InventTable',
    { ItemId: p.itemId, Product: p.itemId, NameAlias: p.name.slice(0, 20) },
    {
      InventItemGroupItem: [newRecord(aos, 'InventItemGroupItem', { ItemGroupId: p.itemGroup })],
      InventModelGroupItem: [newRecord(aos, 'InventModelGroupItem', { ModelGroupId: p.productType === 'Service' ? 'SERVICE' : 'FIFO' })],
      InventTableModule: [
        newRecord(aos, 'InventTableModule', { ModuleType: 'Invent', UnitId: p.productType === 'Service' ? 'hr' : 'ea' }),
        newRecord(aos, 'InventTableModule', { ModuleType: 'Purch', UnitId: p.productType === 'Service' ? 'hr' : 'ea', TaxItemGroupId: p.itemTaxGroup }),
        newRecord(aos, 'InventTableModule', { ModuleType: 'Sales', Price: p.salesPrice, UnitId: p.productType === 'Service' ? 'hr' : 'ea', TaxItemGroupId: p.itemTaxGroup }),
      ],
    },
  );
}
