/**
 * A zod-free check of the `shop.order` payload, run before {@link shopOrderPayload} on every
 * intake and delivery. True only when the schema would accept the value and give back the same
 * values, keys in the schema's order (zod builds its result in shape order); false whenever that
 * is not certain, and the schema then decides and names the field as before.
 */
import { z } from 'zod';
import { DATE_TEXT, DECIMAL_TEXT, shopOrderPayload, type ShopOrderPayload } from './contracts.js';

/** The schema's keys, in its order (the order zod builds its result in). */
const ORDER_KEYS = Object.keys(shopOrderPayload.shape);
const ADDRESS_KEYS = Object.keys(shopOrderPayload.shape.address.shape);
const LINE_KEYS = Object.keys(shopOrderPayload.shape.lines.element.shape);

/** The e-mail expression `z.string().email()` uses. */
const EMAIL = z.regexes.email;

/** A plain object whose own enumerable keys are exactly `keys`, in that order. */
function hasExactly(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  let i = 0;
  for (const k in value) {
    if (k !== keys[i]) return false;
    i++;
  }
  return i === keys.length;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isFilled = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isDecimal = (v: unknown): boolean => typeof v === 'string' && DECIMAL_TEXT.test(v);

function isAddress(v: unknown): boolean {
  return hasExactly(v, ADDRESS_KEYS) && isString(v.line1) && isString(v.line2) && isString(v.town) && isString(v.county) && isString(v.postCode) && isString(v.countryCode);
}

function isLine(v: unknown): boolean {
  if (!hasExactly(v, LINE_KEYS)) return false;
  const kind = v.kind;
  return isString(v.description) && isString(v.sku) && isDecimal(v.quantity) && isDecimal(v.unitPrice) && isDecimal(v.vatPercent) && (kind === 'item' || kind === 'shipping' || kind === 'discount');
}

function isLines(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (!isLine(v[i])) return false;
  return true;
}

/** True when `shopOrderPayload` certainly accepts `value` unchanged (see the file comment). */
export function isPlainShopOrderPayload(value: unknown): value is ShopOrderPayload {
  if (!hasExactly(value, ORDER_KEYS)) return false;
  const o = value;
  return (
    isFilled(o.source) &&
    isFilled(o.orderId) &&
    isFilled(o.orderName) &&
    isString(o.email) &&
    EMAIL.test(o.email) &&
    isString(o.customerName) &&
    isString(o.companyName) &&
    isString(o.currency) &&
    o.currency.length === 3 &&
    isString(o.orderDate) &&
    DATE_TEXT.test(o.orderDate) &&
    typeof o.pricesIncludeTax === 'boolean' &&
    isAddress(o.address) &&
    isLines(o.lines) &&
    isDecimal(o.total) &&
    typeof o.paid === 'boolean'
  );
}
