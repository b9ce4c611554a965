import { contentHash, hashRecordContent } from '../../../canonical/hash.js';
import { Dec } from '../../../canonical/money.js';
import type { Address, Contact, PaymentTerms } from '../../../canonical/party.js';
import type { SourceRef } from '../../../canonical/source.js';
import type { z } from 'zod';
import { invalid, type WireReader } from './reader.js';

/** Options shared by the KashFlow wire parsers. */
export interface WireParseOptions {
  /** The account's home currency, used when a document carries no currency. Default `GBP`. */
  homeCurrency?: string;
}

/** A KashFlow source reference. */
export function kashflowRef(entity: string, id: string | number): SourceRef {
  return { system: 'kashflow', entity, id: String(id) };
}

/**
 * Adds the content hash (over everything but `source`/`hash`) and validates the record with
 * its canonical schema, turning a schema failure into a path-naming input error.
 *
 * `checked: true` skips the schema pass for a reader that enforces every constraint of the
 * schema itself (the invoice reader: test/connectors/kashflow/wire-schema.test.ts asserts,
 * over generated wire documents, that whatever it returns satisfies the schema). The schema
 * pass cost more than the whole wire read. Such a reader hands over a record it has just
 * built: the hash is added to it (as the last member, where a copy would have it) instead
 * of to a copy.
 */
export function finalize<S extends z.ZodType>(schema: S, record: Record<string, unknown>, path: string, options: { checked?: boolean } = {}): z.infer<S> {
  if (options.checked) {
    const content = hashRecordContent(record);
    record.hash = content.hash;
    // Decimals are the one thing a reader cannot bound by itself (1e99999999999999999, or an
    // overflowing product, is an infinite decimal.js value); the schema refuses them. (The
    // members the hash leaves out, source and hash, are text.)
    const at = content.allDecimalsFinite ? undefined : nonFiniteDecimal(record);
    if (at) throw invalid(`${path} (canonical ${at.join('.')})`, 'expected a decimal');
    return record as z.infer<S>;
  }
  const { source: _source, hash: _hash, ...content } = record;
  const withHash = { ...record, hash: contentHash(content) };
  const result = schema.safeParse(withHash);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue && issue.path.length > 0 ? `${path} (canonical ${issue.path.join('.')})` : path;
    throw invalid(at, issue?.message ?? 'invalid');
  }
  return result.data;
}

/** Path of the first infinite or NaN decimal in a record of plain objects and arrays. */
function nonFiniteDecimal(value: unknown): (string | number)[] | undefined {
  if (value instanceof Dec) return value.isFinite() ? undefined : [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFiniteDecimal(value[i]);
      if (found) return [i, ...found];
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      const found = nonFiniteDecimal((value as Record<string, unknown>)[key]);
      if (found) return [key, ...found];
    }
  }
  return undefined;
}

/** KashFlow address object (`Line1..Line4`, `PostCode`, `CountryCode`, `CountryName`). */
export function readAddress(r: WireReader | undefined): Address | undefined {
  if (!r) return undefined;
  const lines = ['Line1', 'Line2', 'Line3', 'Line4'].map((n) => r.str(n));
  const address: Address = {
    lines,
    postCode: r.str(['PostCode', 'Postcode']),
    countryCode: r.str('CountryCode').toUpperCase(),
    countryName: r.str('CountryName'),
  };
  if (!/^([A-Z]{2})?$/.test(address.countryCode)) throw invalid(`${r.path}.CountryCode`, `expected a 2-letter country code, got ${JSON.stringify(address.countryCode)}`);
  const empty = lines.every((l) => l === '') && address.postCode === '' && address.countryCode === '' && address.countryName === '';
  return empty ? undefined : address;
}

/** KashFlow contact (`Firstname` sic, `LastName`...). */
export function readContact(r: WireReader): Contact {
  return {
    name: r.str('Name'),
    firstName: r.str(['FirstName', 'Firstname']),
    lastName: r.str(['LastName', 'Lastname']),
    email: r.str('Email'),
    telephone: r.str(['Telephone', 'TelephoneNumber']),
    mobile: r.str(['Mobile', 'MobileNumber']),
  };
}

/** KashFlow `PaymentTerms {Days, Type}`; a bare number means days after the issue date (SOAP). */
export function readPaymentTerms(r: WireReader): PaymentTerms | undefined {
  const raw = r.raw('PaymentTerms');
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw) || 'isLosslessNumber' in (raw as object)) {
    const days = r.int('PaymentTerms');
    if (days < 0) throw invalid(`${r.path}.PaymentTerms`, 'must not be negative');
    return { days, type: 'AfterIssuedDate' };
  }
  const t = r.obj('PaymentTerms') as WireReader;
  const days = t.optInt('Days') ?? 0;
  if (days < 0 || days > 3650) throw invalid(`${t.path}.Days`, 'must be between 0 and 3650');
  return { days, type: t.str('Type', 'AfterIssuedDate') || 'AfterIssuedDate' };
}

/** `CustomTextBoxes` / `CustomCheckBoxes` lists of `{Name, Value}`. */
export function readCustomFields(r: WireReader): { text: Record<string, string>; checks: Record<string, boolean> } {
  const text: Record<string, string> = {};
  const checks: Record<string, boolean> = {};
  for (const box of r.arr('CustomTextBoxes')) {
    const name = box.str('Name');
    if (name !== '') text[name] = box.str('Value');
  }
  for (const box of r.arr('CustomCheckBoxes')) {
    const name = box.str('Name');
    if (name !== '') checks[name] = box.bool('Value');
  }
  return { text, checks };
}

/** Document currency and KashFlow rate (foreign units per home unit; 1 at home). */
export function readCurrency(r: WireReader, options: WireParseOptions): { code: string; rate: Dec } {
  const home = options.homeCurrency ?? 'GBP';
  const c = r.obj('Currency');
  const code = (c?.str('Code') || r.str('CurrencyCode') || home).toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw invalid(`${r.path}.Currency.Code`, `expected a 3-letter currency code, got ${JSON.stringify(code)}`);
  const rate = c?.optDec('ExchangeRate') ?? r.optDec('ExchangeRate');
  const path = `${r.path}.Currency.ExchangeRate`;
  if (rate !== undefined && rate.lte(0)) throw invalid(path, 'must be greater than 0');
  if (rate === undefined && code !== home) throw invalid(path, `is required for a ${code} document`);
  return { code, rate: rate ?? new Dec(1) };
}
