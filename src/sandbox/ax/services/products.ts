import type { ServiceHandlers } from '../operations/context.js';
import { masterHandlers } from '../operations/master-service.js';
import { descendants } from '../operations/records.js';
import { truncate } from '../schema/parse.js';
import { text, type AxRecord } from '../schema/values.js';
import { newRecord } from '../state/seed-records.js';

/**
 * EcoResProductService: shared products are company-independent (one table per AOS); the
 * CallContext company still has to exist. Key: `DisplayProductNumber` (number sequence `P…`
 * when omitted [G]).
 */
export const productHandlers: ServiceHandlers = masterHandlers({
  rows: (ctx) => ctx.aos.products,
  keyField: 'DisplayProductNumber',
  newKey(ctx) {
    for (;;) {
      const key = ctx.tx.take(ctx.aos.seq.product);
      if (!ctx.aos.products.has(key)) return key;
    }
  },
  duplicateMessage: (key) => `Cannot create a record in Products (EcoResProduct). Product number: ${key}. The record already exists.`,
  complete(ctx, record, parsed, _mode, problems) {
    const xp = parsed.xpath;
    if (text(record, 'ProductType') === '') problems.add(`Field 'ProductType' must be filled in.`, 'ProductType', `${xp}/ProductType`);
    const number = text(record, 'DisplayProductNumber');
    const translations = record.children.Translation ?? [];
    translations.forEach((t, i) => {
      if (text(t, 'Name') === '') problems.add(`Field 'Name' must be filled in.`, 'Name', `${xp}/Translation[${i + 1}]/Name`);
      if (text(t, 'LanguageId') === '') t.fields.LanguageId = ctx.language;
    });
    if (text(record, 'SearchName') === '') record.fields.SearchName = truncate((translations[0] ? text(translations[0], 'Name') : number).toUpperCase(), 20);
    if (!record.children.Identifier?.length) record.children.Identifier = [newRecord(ctx.aos, 'Identifier', { ProductNumber: number })];
  },
});

/**
 * ItemService (InventItemService, external name [G]): releases a shared product into the
 * CallContext company. Key `ItemId` (defaults to the product number).
 */
export const itemHandlers: ServiceHandlers = masterHandlers({
  rows: (ctx) => ctx.company.items,
  keyField: 'ItemId',
  newKey(ctx, record) {
    return truncate(text(record, 'Product'), 20);
  },
  duplicateMessage: (key) => `Cannot create a record in Items (InventTable). Item number: ${key}. The record already exists.`,
  complete(ctx, record, parsed, _mode, problems) {
    const xp = parsed.xpath;
    const company = ctx.company;
    const productNumber = text(record, 'Product');
    const product = productNumber === '' ? undefined : ctx.aos.products.get(productNumber);
    if (productNumber === '') problems.add(`Field 'Product' must be filled in.`, 'Product', `${xp}/Product`);
    else if (!product) problems.add(`Product ${productNumber} does not exist.`, 'Product', `${xp}/Product`);
    else {
      record.fields.Product = text(product.record, 'DisplayProductNumber');
      if (text(record, 'NameAlias') === '') {
        const name = product.record.children.Translation?.[0];
        record.fields.NameAlias = truncate(name ? text(name, 'Name') : productNumber, 20);
      }
    }
    const flatGroup = text(record, 'ItemGroupId');
    if (flatGroup !== '') {
      delete record.fields.ItemGroupId;
      const existing = record.children.InventItemGroupItem?.[0];
      if (existing) existing.fields.ItemGroupId = flatGroup;
      else record.children.InventItemGroupItem = [newRecord(ctx.aos, 'InventItemGroupItem', { ItemGroupId: flatGroup })];
    }
    for (const g of descendants(record, 'InventItemGroupItem')) {
      const id = text(g, 'ItemGroupId');
      const row = id === '' ? undefined : company.itemGroups.get(id);
      if (id !== '' && !row) problems.add(`Item group ${id} does not exist.`, 'ItemGroupId', `${xp}/InventItemGroupItem[1]/ItemGroupId`);
      else if (row) g.fields.ItemGroupId = row.id;
    }
    for (const g of descendants(record, 'InventModelGroupItem')) {
      const id = text(g, 'ModelGroupId');
      const row = id === '' ? undefined : company.modelGroups.get(id);
      if (id !== '' && !row) problems.add(`Item model group ${id} does not exist.`, 'ModelGroupId', `${xp}/InventModelGroupItem[1]/ModelGroupId`);
      else if (row) g.fields.ModelGroupId = row.id;
    }
    const seen = new Set<string>();
    (record.children.InventTableModule ?? []).forEach((m: AxRecord, i) => {
      const at = `${xp}/InventTableModule[${i + 1}]`;
      const type = text(m, 'ModuleType') || 'Invent';
      if (seen.has(type)) problems.add(`Module ${type} is specified more than once.`, 'ModuleType', `${at}/ModuleType`);
      seen.add(type);
      const tax = text(m, 'TaxItemGroupId');
      const row = tax === '' ? undefined : company.itemSalesTaxGroups.get(tax);
      if (tax !== '' && !row) problems.add(`Item sales tax group ${tax} does not exist.`, 'TaxItemGroupId', `${at}/TaxItemGroupId`);
      else if (row) m.fields.TaxItemGroupId = row.id;
      const price = text(m, 'Price');
      if (price.startsWith('-')) problems.add(`Price ${price} cannot be negative.`, 'Price', `${at}/Price`);
    });
  },
});
