import type { AxPartyRef, AxProductRef } from '../../../mapping/reference/reference-data.js';
import { childElement, childElements, type XmlElement } from '../../../xml/tree.js';

/**
 * Readers of the records in AX reference-data documents. AX leaves non-mandatory empty or zero
 * fields out of outbound documents (dynamics-ax.md §1.6), so every reader defaults them.
 */

/** Text of a field, trimmed; `""` when absent. */
export function field(record: XmlElement, name: string): string {
  return childElement(record, name)?.text.trim() ?? '';
}

/** The top-level records of a document (optionally only those named `record`). */
export function recordsOf(document: XmlElement | undefined, record?: string): XmlElement[] {
  if (!document) return [];
  return record ? childElements(document, record) : document.children.slice();
}

/** `CustTable`/`VendTable` → party as the mapping sees it (name from the DirParty child). */
export function partyOf(record: XmlElement, groupField: 'CustGroup' | 'VendGroup'): AxPartyRef {
  const party = childElement(record, 'DirParty');
  return { accountNum: field(record, 'AccountNum'), name: party ? field(party, 'Name') : '', group: field(record, groupField), currency: field(record, 'Currency') };
}

/** Name of a shared product (`EcoResProduct/Product`): the translation in `language`, else the first one. */
export function productName(product: XmlElement, language: string): string {
  const translations = childElements(product, 'Translation');
  const match = translations.find((t) => field(t, 'LanguageId').toLowerCase() === language.toLowerCase()) ?? translations[0];
  return match ? field(match, 'Name') : field(product, 'SearchName');
}

/**
 * A released item (`Item/InventTable`) with the name of its shared product. Group: the
 * `InventItemGroupItem` child (AX 2012) or the flat `ItemGroupId` (AX 2009 place); item sales
 * tax group: the `Sales` row of `InventTableModule`.
 */
export function itemOf(item: XmlElement, productNames: ReadonlyMap<string, string>): AxProductRef {
  const itemId = field(item, 'ItemId');
  const product = field(item, 'Product') || itemId;
  const groupChild = childElement(item, 'InventItemGroupItem');
  const sales = childElements(item, 'InventTableModule').find((m) => field(m, 'ModuleType') === 'Sales');
  return {
    itemId,
    name: productNames.get(product.toUpperCase()) ?? field(item, 'NameAlias'),
    itemGroup: (groupChild ? field(groupChild, 'ItemGroupId') : '') || field(item, 'ItemGroupId'),
    itemTaxGroup: sales ? field(sales, 'TaxItemGroupId') : '',
  };
}

/** Units of foreign currency a rate is quoted for (`ExchangeRateDisplayFactor`, [G] enum symbols). */
export function displayFactorOf(value: string): number {
  const symbols: Record<string, number> = { one: 1, ten: 10, hundred: 100, thousand: 1000, tenthousand: 10_000, hundredthousand: 100_000 };
  if (value === '') return 100;
  if (/^\d+$/.test(value)) return Number(value);
  const n = symbols[value.toLowerCase()];
  if (n === undefined) throw new RangeError(`unknown ExchangeRateDisplayFactor ${value}`);
  return n;
}
