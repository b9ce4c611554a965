import type { FastifyInstance } from 'fastify';
import { Dec } from '../../../canonical/money.js';
import type { KashflowState } from '../state.js';
import type { ProductRec } from '../store/records.js';
import { codeKey, invalidate } from '../store/store.js';
import { invalidField, notFound, RestError } from '../wire/errors.js';
import { money } from '../wire/format.js';
import type { JsonReader } from '../wire/input.js';
import { cachedJson } from './json-common.js';
import { byNumber, byString, envelope, pageRows, parseListQuery, sortedRows, type SortKeys } from './paging.js';
import { validCode } from './party-input.js';
import { json, noContent, restRoute } from './route.js';

/** Product (reference §5.12). Products live under a sales nominal code; codes are unique account-wide [G]. */
export function productJson(state: KashflowState, p: ProductRec): string {
  return cachedJson(p, state, 'detail', () => ({
    Id: p.id,
    Code: p.code,
    Name: p.name,
    Description: p.description,
    Price: money(p.price),
    WholesalePrice: money(p.wholesalePrice),
    VATRate: money(p.vatRate),
    NominalCode: p.nominalCode,
    NominalId: state.store.nominals.get(p.nominalCode)?.id ?? 0,
    AutoFill: p.autoFill,
    ManagesStock: p.managesStock,
    QuantityInStock: money(p.quantityInStock),
    WarnAt: money(p.warnAt),
    IsArchived: p.isArchived,
  }));
}

const PRODUCT_SORT: SortKeys<ProductRec> = {
  code: { name: 'Code', compare: (a, b) => byString(codeKey(a.code), codeKey(b.code)) },
  name: { name: 'Name', compare: (a, b) => byString(a.name.toLowerCase(), b.name.toLowerCase()) },
  price: { name: 'Price', compare: (a, b) => a.price.comparedTo(b.price) },
  nominalcode: { name: 'NominalCode', compare: (a, b) => byNumber(a.nominalCode, b.nominalCode) },
  id: { name: 'Id', compare: (a, b) => byNumber(a.id, b.id) },
};

/**
 * Products: `GET /v2/products` (bare array, like `/bankaccounts` [G]), `GET /v2/products/list`
 * (paged), `GET /v2/nominals/{code}/products`, `GET/PUT/DELETE /v2/products/{nominalCode}/{code}`,
 * `POST /v2/products`.
 */
export function registerProductRoutes(app: FastifyInstance, state: KashflowState): void {
  const all = (): readonly ProductRec[] => state.store.products.sorted('products|code', (a, b) => byString(codeKey(a.code), codeKey(b.code)));
  const array = (rows: readonly ProductRec[]): string => `[${rows.map((p) => productJson(state, p)).join(',')}]`;

  restRoute(app, state, 'GET', '/v2/products', { auth: true }, () => json(array(all())));
  restRoute(app, state, 'GET', '/v2/products/list', { auth: true }, (call) => {
    const q = parseListQuery(call, PRODUCT_SORT, 'Code');
    const rows = sortedRows(state, state.store.products, 'products', q);
    return json(envelope(call, '/v2/products/list', rows.length, q, pageRows(state, rows, q).map((p) => productJson(state, p))));
  });
  restRoute(app, state, 'GET', '/v2/nominals/:code/products', { auth: true }, (call) => {
    const nominal = Number(call.params.code);
    if (!state.store.nominals.has(nominal)) throw notFound(`Nominal code ${call.params.code ?? ''}`);
    return json(array(all().filter((p) => p.nominalCode === nominal)));
  });
  restRoute(app, state, 'GET', '/v2/products/:nominalCode/:code', { auth: true }, (call) => json(productJson(state, find(state, call.params.nominalCode, call.params.code))));

  restRoute(app, state, 'POST', '/v2/products', { auth: true }, (call) => {
    const r = call.body();
    const draft = readProduct(state, r, blank(), 'create');
    r.finish();
    state.store.products.set(codeKey(draft.code), draft);
    return json(productJson(state, draft), 201);
  });

  restRoute(app, state, 'PUT', '/v2/products/:nominalCode/:code', { auth: true }, (call) => {
    const existing = find(state, call.params.nominalCode, call.params.code);
    const r = call.body();
    const draft = readProduct(state, r, { ...existing }, 'update');
    r.finish();
    state.store.products.set(codeKey(draft.code), draft);
    return json(productJson(state, draft));
  });

  restRoute(app, state, 'DELETE', '/v2/products/:nominalCode/:code', { auth: true }, (call) => {
    const existing = find(state, call.params.nominalCode, call.params.code);
    state.store.products.delete(codeKey(existing.code));
    return noContent;
  });
}

function find(state: KashflowState, nominalText: string | undefined, code: string | undefined): ProductRec {
  const p = code === undefined ? undefined : state.store.products.get(codeKey(code));
  if (!p || String(p.nominalCode) !== (nominalText ?? '').trim()) throw notFound(`Product ${nominalText ?? ''}/${code ?? ''}`);
  return p;
}

function blank(): ProductRec {
  const zero = new Dec(0);
  return { id: 0, code: '', name: '', description: '', price: zero, wholesalePrice: zero, vatRate: new Dec(20), nominalCode: 0, autoFill: true, managesStock: false, quantityInStock: zero, warnAt: zero, isArchived: false };
}

function readProduct(state: KashflowState, r: JsonReader, p: ProductRec, mode: 'create' | 'update'): ProductRec {
  r.ignore('Id', 'NominalId');
  if (mode === 'create') {
    p.code = validCode('Code', r.required('Code', r.str('Code')));
    if (state.store.products.has(codeKey(p.code))) throw new RestError(400, 'DuplicateCode', `Code: a product with code "${p.code}" already exists`);
  } else {
    r.ignore('Code');
  }
  const name = r.str('Name', { max: 200 });
  if (name !== undefined) p.name = name.trim();
  if (p.name === '') throw invalidField('Name', 'is required');
  p.description = r.str('Description', { max: 4000 }) ?? p.description;
  p.price = r.dec('Price', { min: 0 }) ?? p.price;
  p.wholesalePrice = r.dec('WholesalePrice', { min: 0 }) ?? p.wholesalePrice;
  p.vatRate = r.dec('VATRate', { min: 0, max: 100 }) ?? p.vatRate;
  const nominal = r.int('NominalCode', { min: 0 });
  if (nominal !== undefined) p.nominalCode = nominal;
  const n = state.store.nominals.get(p.nominalCode);
  if (p.nominalCode === 0) throw invalidField('NominalCode', 'is required');
  if (!n) throw invalidField('NominalCode', `unknown nominal code ${p.nominalCode}`);
  if (n.nomType !== 1) throw invalidField('NominalCode', `${p.nominalCode} is not a sales nominal code`);
  p.autoFill = r.bool('AutoFill') ?? p.autoFill;
  p.managesStock = r.bool('ManagesStock') ?? p.managesStock;
  p.quantityInStock = r.dec('QuantityInStock') ?? p.quantityInStock;
  p.warnAt = r.dec('WarnAt', { min: 0 }) ?? p.warnAt;
  p.isArchived = r.bool('IsArchived') ?? p.isArchived;
  if (mode === 'create') p.id = state.store.nextId('product');
  invalidate(p);
  return p;
}
