import { documentNamespace } from '../namespaces.js';
import { concurrencyFields, enumOf, f, dimensionSet, money, NO_YES, recIdFields, str, datetime, type DocumentSpec, type RecordSpec } from './spec.js';

/**
 * Master-data documents: Customer (CustTable + DirParty), VendTable, EcoResProduct and Item.
 * Field names follow reference §2.2–§2.4; lengths are AX 2012 extended data types where known
 * (AccountNum 20, Name 100, Street 250, City 60, ZipCode 10 …) — strings longer than the field
 * are silently truncated like AX does.
 */

const CUST_VENDOR_BLOCKED = enumOf('AxdEnum_CustVendorBlocked', ['No', 'Invoice', 'All', 'Payment', 'Requisition', 'Never'], 'No');
const ELECTRONIC_ADDRESS_TYPE = enumOf('AxdEnum_LogisticsElectronicAddressMethodType', ['None', 'Phone', 'Email', 'URL', 'Telex', 'Fax'], 'None');

export const POSTAL_ADDRESS: RecordSpec = {
  name: 'DirPartyPostalAddressView',
  label: 'Postal addresses (DirPartyPostalAddressView)',
  fields: [
    f('Address', str(250), { access: 'read' }),
    f('City', str(60)),
    f('CountryRegionId', str(10)),
    f('County', str(60)),
    f('IsPrimary', NO_YES),
    f('IsPrivate', NO_YES),
    f('LocationName', str(60)),
    f('Roles', str(255)),
    f('State', str(10)),
    f('Street', str(250)),
    f('StreetNumber', str(20)),
    f('ValidFrom', datetime),
    f('ValidTo', datetime),
    f('ZipCode', str(10)),
    ...recIdFields(),
  ],
  children: [],
};

export const CONTACT_INFO: RecordSpec = {
  name: 'DirPartyContactInfoView',
  label: 'Contact information (DirPartyContactInfoView)',
  fields: [
    f('CountryRegionCode', str(10)),
    f('IsMobilePhone', NO_YES),
    f('IsPrimary', NO_YES),
    f('LocationName', str(60)),
    f('Locator', str(255)),
    f('LocatorExtension', str(10)),
    f('Roles', str(255)),
    f('Type', ELECTRONIC_ADDRESS_TYPE),
    ...recIdFields(),
  ],
  children: [],
};

const PERSON_NAME: RecordSpec = {
  name: 'PersonName',
  label: 'Person names (DirPersonName)',
  fields: [f('FirstName', str(25)), f('LastName', str(25)), f('MiddleName', str(25)), ...recIdFields()],
  children: [],
};

export const DIR_PARTY_ORGANIZATION = 'AxdEntity_DirParty_DirOrganization';
export const DIR_PARTY_PERSON = 'AxdEntity_DirParty_DirPerson';

export const DIR_PARTY: RecordSpec = {
  name: 'DirParty',
  label: 'Global address book (DirPartyTable)',
  fields: [f('KnownAs', str(100)), f('LanguageId', str(7)), f('Name', str(100)), f('NameAlias', str(20)), f('PartyNumber', str(40), { access: 'read' }), ...recIdFields()],
  children: [
    { record: POSTAL_ADDRESS, many: true },
    { record: CONTACT_INFO, many: true },
  ],
  variants: {
    [DIR_PARTY_ORGANIZATION]: { fields: [f('PhoneticName', str(100))], children: [] },
    [DIR_PARTY_PERSON]: { fields: [], children: [{ record: PERSON_NAME, many: false }] },
  },
};

function partyTable(name: string, label: string, groupField: string): RecordSpec {
  return {
    name,
    label,
    fields: [
      ...concurrencyFields(),
      f('AccountNum', str(20)),
      f('Blocked', CUST_VENDOR_BLOCKED),
      f('CreditMax', money),
      f('Currency', str(3)),
      f(groupField, str(10)),
      f('DefaultDimension', dimensionSet),
      f('InvoiceAccount', str(20)),
      f('MandatoryCreditLimit', NO_YES),
      f('PaymMode', str(10)),
      f('PaymTermId', str(10)),
      f('TaxGroup', str(10)),
      f('VATNum', str(20)),
    ],
    children: [{ record: DIR_PARTY, many: false }],
  };
}

export const CUST_TABLE = partyTable('CustTable', 'Customers (CustTable)', 'CustGroup');
export const VEND_TABLE = partyTable('VendTable', 'Vendors (VendTable)', 'VendGroup');

export const CUSTOMER_DOCUMENT: DocumentSpec = { name: 'Customer', namespace: documentNamespace('Customer'), root: CUST_TABLE };

/**
 * Vendors: the reference notes a conflict (docs say `AxdVendor`, a real client uses root
 * `VendTable` in namespace `…/documents/VendTable`). The binding decision is `VendTable`.
 */
export const VENDOR_DOCUMENT: DocumentSpec = { name: 'VendTable', namespace: documentNamespace('VendTable'), root: VEND_TABLE };

// ---- products -------------------------------------------------------------------------

export const PRODUCT_TYPE = enumOf('AxdEnum_EcoResProductType', ['Item', 'Service']);
export const DISTINCT_PRODUCT = 'AxdEntity_Product_EcoResDistinctProduct';
export const PRODUCT_MASTER = 'AxdEntity_Product_EcoResProductMaster';

const TRANSLATION: RecordSpec = { name: 'Translation', label: 'Product translations (EcoResProductTranslation)', fields: [f('Description', str(1000)), f('LanguageId', str(7)), f('Name', str(60)), ...recIdFields()], children: [] };
const IDENTIFIER: RecordSpec = { name: 'Identifier', label: 'Product identifiers (EcoResProductIdentifier)', fields: [f('ProductNumber', str(70)), ...recIdFields()], children: [] };
const STORAGE_DIM_GROUP: RecordSpec = { name: 'StorageDimGroup', label: 'Storage dimension groups (EcoResStorageDimensionGroupProduct)', fields: [f('Product', str(70)), f('StorageDimensionGroup', str(10)), ...recIdFields()], children: [] };
const TRACKING_DIM_GROUP: RecordSpec = { name: 'TrackingDimGroup', label: 'Tracking dimension groups (EcoResTrackingDimensionGroupProduct)', fields: [f('Product', str(70)), f('TrackingDimensionGroup', str(10)), ...recIdFields()], children: [] };

export const PRODUCT: RecordSpec = {
  name: 'Product',
  label: 'Products (EcoResProduct)',
  fields: [...concurrencyFields(), f('DisplayProductNumber', str(70), { mandatory: true }), f('ProductType', PRODUCT_TYPE, { mandatory: true }), f('SearchName', str(20))],
  children: [
    { record: IDENTIFIER, many: false },
    { record: STORAGE_DIM_GROUP, many: false },
    { record: TRACKING_DIM_GROUP, many: false },
    { record: TRANSLATION, many: true },
  ],
  variants: {
    [DISTINCT_PRODUCT]: { fields: [], children: [] },
    [PRODUCT_MASTER]: { fields: [f('VariantConfigurationTechnology', enumOf('AxdEnum_EcoResVariantConfigurationTechnologyType', ['None', 'PredefinedVariants', 'DimensionBased', 'RuleBased'], 'None'))], children: [] },
  },
};

export const PRODUCT_DOCUMENT: DocumentSpec = { name: 'EcoResProduct', namespace: documentNamespace('EcoResProduct'), root: PRODUCT };

// ---- released items (InventTable) --------------------------------------------------------

/** `ModuleInventPurchSales`: the module a price/tax row of an item applies to. */
export const MODULE_TYPE = enumOf('AxdEnum_ModuleInventPurchSales', ['Invent', 'Purch', 'Sales'], 'Invent');

const ITEM_GROUP_ITEM: RecordSpec = { name: 'InventItemGroupItem', label: 'Item group assignments (InventItemGroupItem)', fields: [f('ItemGroupId', str(10)), ...recIdFields()], children: [] };
const MODEL_GROUP_ITEM: RecordSpec = { name: 'InventModelGroupItem', label: 'Item model group assignments (InventModelGroupItem)', fields: [f('ModelGroupId', str(10)), ...recIdFields()], children: [] };
const TABLE_MODULE: RecordSpec = {
  name: 'InventTableModule',
  label: 'Default order settings (InventTableModule)',
  fields: [f('ModuleType', MODULE_TYPE, { mandatory: true }), f('Price', money), f('TaxItemGroupId', str(10)), f('UnitId', str(10)), ...recIdFields()],
  children: [],
};

/**
 * Release of a shared product into a company (`InventItemService`, AxdItem). The exact AIF
 * field names are [G] (reference §2.4): `Product` carries the DisplayProductNumber of the
 * shared product; group and price/tax data are child records as in AX 2012's table model.
 * A flat `ItemGroupId` on InventTable (the AX 2009 place) is accepted as well and stored as
 * the InventItemGroupItem child; outbound documents show the child only.
 */
export const INVENT_TABLE: RecordSpec = {
  name: 'InventTable',
  label: 'Items (InventTable)',
  fields: [...concurrencyFields(), f('ItemGroupId', str(10)), f('ItemId', str(20)), f('NameAlias', str(20)), f('Product', str(70), { mandatory: true })],
  children: [
    { record: ITEM_GROUP_ITEM, many: false },
    { record: MODEL_GROUP_ITEM, many: false },
    { record: TABLE_MODULE, many: true },
  ],
};

export const ITEM_DOCUMENT: DocumentSpec = { name: 'Item', namespace: documentNamespace('Item'), root: INVENT_TABLE };
