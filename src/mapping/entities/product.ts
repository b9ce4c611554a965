import type { Product } from '../../canonical/product.js';
import type { ItemDocument, ProductDocument } from '../../connectors/ax/documents/types.js';
import { MappingError } from '../errors.js';
import type { MappingContext } from './context.js';

/** A KashFlow product → an AX shared product (EcoResProduct) and its release (Item). */
export async function mapProduct(ctx: MappingContext, p: Product): Promise<{ documents: [ProductDocument, ItemDocument] }> {
  const { cm, explain } = ctx;
  const facts = { entity: 'product', transactionType: 'product', code: p.code, productCode: p.code, name: p.name, nominal: p.nominalCode, vatRate: p.vatRate, managesStock: p.managesStock, price: p.price };
  const itemId = cm.products.itemId(facts);
  const typeHit = await evaluate(cm.products.productType, facts);
  if (!typeHit) throw new MappingError('KFAX_MAPPING_NO_RULE', ['Product.ProductType', 'no row of products.productType matched'], { rule: 'products.productType' });
  if (typeHit.value !== 'Item' && typeHit.value !== 'Service') throw new MappingError('KFAX_MAPPING_FAILED', ['Product.ProductType', `"${typeHit.value}" is not Item or Service`], { rule: typeHit.rule });
  const groupHit = cm.products.itemGroup ? await evaluate(cm.products.itemGroup, facts) : undefined;
  explain.add('Product.DisplayProductNumber', itemId, `products.itemId "${cm.config.products.itemId}"`);
  explain.add('Product.ProductType', typeHit.value, typeHit.rule);
  if (groupHit) explain.add('InventTable.ItemGroupId', groupHit.value, groupHit.rule);
  return {
    documents: [
      { kind: 'product', productNumber: itemId, productType: typeHit.value, searchName: p.name.slice(0, 20), name: p.name, description: p.description, languageId: cm.products.languageId },
      { kind: 'item', itemId, productNumber: itemId, ...(groupHit ? { itemGroupId: groupHit.value } : {}), nameAlias: p.name.slice(0, 20) },
    ],
  };
}

async function evaluate(table: NonNullable<MappingContext['cm']['products']['itemGroup']>, facts: Record<string, unknown>) {
  const r = table.evaluate(facts);
  return r instanceof Promise ? await r : r;
}
