import { Dec } from '../../../canonical/money.js';
import { ProductSchema, type Product } from '../../../canonical/product.js';
import { finalize, kashflowRef } from './common.js';
import { invalid, WireReader } from './reader.js';

/** Parses a KashFlow product (`GET /v2/products/{nominalCode}/{code}`). */
export function parseKashflowProduct(json: unknown): Product {
  const r = new WireReader(json);
  const code = r.reqStr('Code');
  const name = r.str('Name');
  if (name === '') throw invalid('$.Name', 'is required');
  const price = r.optDec('Price') ?? new Dec(0);
  const vatRate = r.optDec(['VATRate', 'VatRate']) ?? new Dec(0);
  if (vatRate.lt(0)) throw invalid('$.VATRate', 'must not be negative');
  const record: Record<string, unknown> = {
    source: kashflowRef('product', code),
    code,
    name,
    description: r.str('Description'),
    price,
    vatRate,
    managesStock: r.bool(['ManagesStock', 'ManageStockLevel', 'Managed']),
    archived: r.bool('IsArchived'),
  };
  const wholesale = r.optDec('WholesalePrice');
  if (wholesale !== undefined) record.wholesalePrice = wholesale;
  const nominal = r.optInt('NominalCode');
  if (nominal !== undefined && nominal > 0) record.nominalCode = nominal;
  return finalize(ProductSchema, record, '$');
}
