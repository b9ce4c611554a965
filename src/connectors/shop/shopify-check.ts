/**
 * The webhook hot path's check of a Shopify order body: true only when `shopifyOrderSchema`
 * (shopify.ts) accepts the body, decided without zod's per-field result objects and without
 * copying the body. It keeps every constraint of the schema; anything it is not sure of is
 * false, and the caller then runs the schema, whose first issue is the error the sender sees.
 * `test/connectors/shop/shopify-check.test.ts` holds the two together (differential property test).
 */
import { z } from 'zod';
import { NUMERIC_TEXT } from '../../canonical/money.js';

type Fields = Record<string, unknown>;

/** zod's own pattern for `z.string().email()`. */
const EMAIL = z.regexes.email;
const DIGITS = /^\d+$/;

/** `z.object` input: any non-null, non-array object. */
function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNullishString(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string';
}

/**
 * `z.union([z.string(), z.number()]).refine((v) => parseDecimal(v) !== undefined)` (the schema's
 * `money`, and a tax rate): a text is decided by parseDecimal's own pattern, without building a decimal.
 */
function isAmount(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  return typeof v === 'string' && NUMERIC_TEXT.test(v.trim());
}

function isNullishEmail(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  return typeof v === 'string' && EMAIL.test(v);
}

const ADDRESS_FIELDS = ['first_name', 'last_name', 'company', 'address1', 'address2', 'city', 'province', 'zip', 'country_code'] as const;

function isNullishAddress(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (!isObject(v)) return false;
  for (const field of ADDRESS_FIELDS) if (!isNullishString(v[field])) return false;
  return true;
}

function isNullishCustomer(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  return isObject(v) && isNullishString(v.email) && isNullishString(v.first_name) && isNullishString(v.last_name);
}

/** `tax_lines`: absent (defaults to none) or an array of `{ rate, price?, title? }`. */
function areTaxLines(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const t: unknown = v[i];
    if (!isObject(t) || !isAmount(t.rate)) return false;
    if (t.price !== undefined && !isAmount(t.price)) return false;
    if (t.title !== undefined && typeof t.title !== 'string') return false;
  }
  return true;
}

function areLineItems(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const l: unknown = v[i];
    if (!isObject(l) || typeof l.title !== 'string' || !isNullishString(l.sku)) return false;
    if (typeof l.quantity !== 'number' || !Number.isSafeInteger(l.quantity) || l.quantity <= 0) return false;
    if (!isAmount(l.price) || !areTaxLines(l.tax_lines)) return false;
  }
  return true;
}

/** `shipping_lines`: absent (defaults to none) or an array of `{ title, price, tax_lines }`. */
function areShippingLines(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (!isObject(s) || typeof s.title !== 'string' || !isAmount(s.price) || !areTaxLines(s.tax_lines)) return false;
  }
  return true;
}

function isOrderId(v: unknown): boolean {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0;
  return typeof v === 'string' && DIGITS.test(v);
}

/**
 * True when `shopifyOrderSchema` accepts `body` (false may still be accepted: the caller then
 * runs the schema). Read as accepted, the body itself stands for the schema's output: the
 * output only drops fields kfax does not read and fills the defaults (`taxes_included` false,
 * no `tax_lines`, no `shipping_lines`), which the reader fills the same way.
 */
export function isPlainShopifyOrder(body: unknown): boolean {
  if (!isObject(body)) return false;
  const o = body;
  return (
    isOrderId(o.id) &&
    typeof o.name === 'string' &&
    o.name.length >= 1 &&
    isNullishEmail(o.email) &&
    isNullishEmail(o.contact_email) &&
    typeof o.created_at === 'string' &&
    o.created_at.length >= 10 &&
    typeof o.currency === 'string' &&
    o.currency.length === 3 &&
    (o.taxes_included === undefined || typeof o.taxes_included === 'boolean') &&
    isNullishString(o.financial_status) &&
    isAmount(o.total_price) &&
    isNullishCustomer(o.customer) &&
    isNullishAddress(o.billing_address) &&
    isNullishAddress(o.shipping_address) &&
    areLineItems(o.line_items) &&
    areShippingLines(o.shipping_lines) &&
    (o.total_discounts === undefined || isAmount(o.total_discounts))
  );
}
