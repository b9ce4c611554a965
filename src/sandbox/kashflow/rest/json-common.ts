import { Dec } from '../../../canonical/money.js';
import { stringifyWithRawNumbers } from '../../../util/json-raw.js';
import type { KashflowState } from '../state.js';
import { money } from '../wire/format.js';
import type { AddressRec, Cached, ContactRec, CurrencyRec, NameValue } from '../store/records.js';
import { codeKey } from '../store/store.js';
import { flatString } from '../../../util/flat-string.js';

const ONE = new Dec(1);

/** Wire shapes shared by several resources (reference §5.1). Keys are in the reference's order. */

export function addressJson(a: AddressRec): Record<string, unknown> {
  return { Line1: a.line1, Line2: a.line2, Line3: a.line3, Line4: a.line4, PostCode: a.postCode, CountryCode: a.countryCode, CountryName: a.countryName };
}

export function contactJson(c: ContactRec): Record<string, unknown> {
  return { Name: c.name, Title: c.title, Firstname: c.firstName, LastName: c.lastName, Email: c.email, Telephone: c.telephone, Mobile: c.mobile, Fax: c.fax, Website: c.website };
}

export function nameValueJson(v: NameValue): Record<string, unknown> {
  return { Name: v.name, Value: v.value };
}

/** The embedded `Currency` object of customers, suppliers and documents. */
export function currencyJson(c: CurrencyRec, exchangeRate = c.exchangeRate): Record<string, unknown> {
  return { Id: c.id, Code: c.code, Name: c.name, Symbol: c.symbol, ExchangeRate: money(exchangeRate), DisplaySymbolOnRight: c.displaySymbolOnRight };
}

/** The currency record of a code, or a bare one for a code the account no longer lists. */
export function currencyOf(state: KashflowState, code: string): CurrencyRec {
  return state.store.currencies.get(codeKey(code)) ?? { id: 0, code, name: code, symbol: '', exchangeRate: state.store.currencies.get(codeKey(state.store.homeCurrency))?.exchangeRate ?? ONE, displaySymbolOnRight: false, isDefault: false };
}

/**
 * The cached JSON text of a record in one of its two shapes. The cache is dropped when the
 * record changes (the store clears it), the day changes or settings change (the key).
 */
export function cachedJson(rec: Cached, state: KashflowState, shape: 'summary' | 'detail', build: () => unknown): string {
  return cachedText(rec, state, shape, () => stringifyWithRawNumbers(build()));
}

/**
 * {@link cachedJson} for a builder that writes the JSON text itself. The cached text is kept
 * flat (see {@link flatString}): a text written field by field is hundreds of pieces.
 */
export function cachedText(rec: Cached, state: KashflowState, shape: 'summary' | 'detail', build: () => string): string {
  const key = state.viewKey();
  if (rec.cacheKey !== key) {
    rec.cacheKey = key;
    rec.summaryJson = undefined;
    rec.detailJson = undefined;
  }
  if (shape === 'summary') return (rec.summaryJson ??= flatString(build()));
  return (rec.detailJson ??= flatString(build()));
}
