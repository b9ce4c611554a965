import type { KashflowState } from '../state.js';
import type { AddressRec, ContactRec, NameValue, PaymentTermsRec } from '../store/records.js';
import { codeKey } from '../store/store.js';
import { invalidField, RestError } from '../wire/errors.js';
import type { JsonReader } from '../wire/input.js';

/** Input pieces shared by customers and suppliers (reference §5.1). */

/** Codes: 1–20 letters, digits, `-`, `_` or `.` [G: length and charset are unknown, reference §7.4]. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$/;

export function validCode(field: string, code: string): string {
  const c = code.trim();
  if (!CODE.test(c)) throw invalidField(field, `"${code}" is not a valid code (1–20 letters, digits, "-", "_" or ".", starting with a letter or digit)`);
  return c;
}

/** A code made from the name: its first four letters and a two-digit counter (`ACME01`). */
export function generateCode(name: string, taken: (key: string) => boolean): string {
  const stem = name.replace(/[^A-Za-z]/g, '').toUpperCase().slice(0, 4).padEnd(4, 'X');
  for (let n = 1; n < 100_000; n++) {
    const code = `${stem}${String(n).padStart(2, '0')}`;
    if (!taken(codeKey(code))) return code;
  }
  throw new RestError(400, 'DuplicateCode', 'Code: no free code could be generated');
}

export function readContacts(r: JsonReader, field: string): ContactRec[] | undefined {
  return r.arr(field)?.map((c) => {
    const first = c.str('Firstname', { max: 100 }) ?? '';
    const last = c.str('LastName', { max: 100 }) ?? '';
    return {
      name: c.str('Name', { max: 200 }) ?? [first, last].filter(Boolean).join(' '),
      title: c.str('Title', { max: 50 }) ?? '',
      firstName: first,
      lastName: last,
      email: c.str('Email', { max: 200 }) ?? '',
      telephone: c.str('Telephone', { max: 50 }) ?? '',
      mobile: c.str('Mobile', { max: 50 }) ?? '',
      fax: c.str('Fax', { max: 50 }) ?? '',
      website: c.str('Website', { max: 200 }) ?? '',
    };
  });
}

export function readAddress(a: JsonReader): AddressRec {
  a.ignore('Name');
  const countryCode = (a.str('CountryCode', { max: 2 }) ?? '').toUpperCase();
  if (countryCode !== '' && !/^[A-Z]{2}$/.test(countryCode)) throw invalidField(a.name('CountryCode'), 'expected a two-letter ISO country code');
  return {
    line1: a.str('Line1', { max: 200 }) ?? '',
    line2: a.str('Line2', { max: 200 }) ?? '',
    line3: a.str('Line3', { max: 200 }) ?? '',
    line4: a.str('Line4', { max: 200 }) ?? '',
    postCode: a.str('PostCode', { max: 20 }) ?? '',
    countryCode,
    countryName: a.str('CountryName', { max: 100 }) ?? '',
  };
}

export function readAddresses(r: JsonReader, field: string): AddressRec[] | undefined {
  return r.arr(field)?.map(readAddress);
}

/** `Currency: {Code}` (other currency properties are ignored); the code must be one of the account's currencies. */
export function readCurrencyCode(state: KashflowState, r: JsonReader): string | undefined {
  const c = r.obj('Currency');
  if (!c) return undefined;
  c.ignore('Id', 'Name', 'Symbol', 'ExchangeRate', 'DisplaySymbolOnRight', 'DisplayOnRight', 'IsDefault');
  const code = c.str('Code');
  if (code === undefined || code.trim() === '') return undefined;
  const currency = state.store.currencies.get(codeKey(code));
  if (!currency) throw invalidField(c.name('Code'), `unknown currency "${code}"`);
  return currency.code;
}

export function readPaymentTerms(r: JsonReader, base: PaymentTermsRec): PaymentTermsRec | undefined {
  const t = r.obj('PaymentTerms');
  if (!t) return undefined;
  const days = t.int('Days', { min: 0, max: 365 }) ?? base.days;
  const typeText = t.str('Type');
  let type = base.type;
  if (typeText !== undefined && typeText.trim() !== '') {
    const known = ['AfterIssuedDate', 'AfterMonthEnd'].find((k) => k.toLowerCase() === typeText.trim().toLowerCase());
    if (!known) throw invalidField(t.name('Type'), `expected AfterIssuedDate or AfterMonthEnd, got "${typeText}"`);
    type = known;
  }
  return { days, type };
}

/** `[{Name, Value}]`; check-box values become "1"/"0". */
export function readNameValues(r: JsonReader, field: string, checkBoxes = false): NameValue[] | undefined {
  return r.arr(field)?.map((item) => {
    const name = item.required('Name', item.str('Name', { max: 100 }));
    if (!checkBoxes) return { name, value: item.str('Value', { max: 1000 }) ?? '' };
    const raw = item.raw('Value');
    const on = raw === undefined ? false : item.bool('Value');
    return { name, value: on ? '1' : '0' };
  });
}

/** A nominal code that must exist (0 allowed when `allowZero`). */
export function readNominalCode(state: KashflowState, r: JsonReader, field: string, allowZero: boolean): number | undefined {
  const code = r.int(field);
  if (code === undefined || (code === 0 && allowZero)) return code;
  if (!state.store.nominals.has(code)) throw invalidField(r.name(field), `unknown nominal code ${code}`);
  return code;
}
