import type { ProblemList } from '../soap/aif-error.js';
import type { DimPair, MultiTypeAccount } from '../schema/values.js';
import type { CompanyState } from '../state/company.js';
import type { AccountRef, AccountType } from '../state/ledger-types.js';

/**
 * Financial dimensions as AxBC validates them (reference §3): every `Name` must be a
 * dimension of the company and every `Value` one of its values; a ledger account's values
 * must be segments of the account structure of its main account, and `DisplayValue` must be
 * the structure's segments joined by its delimiter.
 */

/** Validates a DefaultDimension; returns it with canonical names and values. */
export function resolveDimensionSet(company: CompanyState, pairs: readonly DimPair[], xpath: string, problems: ProblemList, field = 'DefaultDimension'): DimPair[] {
  const out: DimPair[] = [];
  const seen = new Set<string>();
  pairs.forEach((p, i) => {
    const dim = company.dimensions.get(p.name);
    if (!dim) return problems.add(`Financial dimension ${p.name} does not exist.`, field, valueXpath(xpath, i));
    if (seen.has(dim.name)) return problems.add(`Financial dimension ${dim.name} is specified more than once.`, field, valueXpath(xpath, i));
    seen.add(dim.name);
    if (p.value === '') return;
    const value = dim.values.get(p.value);
    if (!value) return problems.add(`Value ${p.value} does not exist for financial dimension ${dim.name}.`, field, valueXpath(xpath, i));
    out.push({ name: dim.name, value: value.value });
  });
  return out;
}

/** XPath of the i-th (0-based) dimension value of a field (made only for a problem). */
function valueXpath(xpath: string, i: number): string {
  return `${xpath}/Values/Value[${i + 1}]`;
}

/**
 * Resolves the account of a journal/invoice line. For `Ledger` the main account, its values
 * and the display value are checked against the account structure; for Cust/Vend/Bank the
 * account must exist and carry no dimension values (those go in DefaultDimension).
 */
export function resolveAccount(company: CompanyState, type: AccountType, mta: MultiTypeAccount, xpath: string, field: string, problems: ProblemList): AccountRef | undefined {
  if (type === 'Ledger') return resolveLedgerAccount(company, mta, xpath, field, problems);
  const id = mta.account !== '' ? mta.account : mta.displayValue;
  if (id === '') {
    problems.add(`Field '${field}' must be filled in.`, field, xpath);
    return undefined;
  }
  if (mta.displayValue !== '' && mta.account !== '' && mta.displayValue.toUpperCase() !== mta.account.toUpperCase()) {
    problems.add(`The display value ${mta.displayValue} does not match account ${mta.account}.`, field, `${xpath}/DisplayValue`);
    return undefined;
  }
  if (mta.values.length > 0) {
    problems.add(`Dimension values cannot be specified on a ${type} account in ${field}; use DefaultDimension.`, field, `${xpath}/Values`);
    return undefined;
  }
  if (type === 'Cust') {
    const row = company.customers.get(id);
    if (!row) return void problems.add(`Customer account ${id} does not exist.`, field, `${xpath}/Account`);
    const acc = textOf(row.record.fields.AccountNum);
    return { type, id: acc, displayValue: acc };
  }
  if (type === 'Vend') {
    const row = company.vendors.get(id);
    if (!row) return void problems.add(`Vendor account ${id} does not exist.`, field, `${xpath}/Account`);
    const acc = textOf(row.record.fields.AccountNum);
    return { type, id: acc, displayValue: acc };
  }
  const bank = company.bankAccounts.get(id);
  if (!bank) return void problems.add(`Bank account ${id} does not exist.`, field, `${xpath}/Account`);
  return { type, id: bank.id, displayValue: bank.id };
}

/** Resolves a ledger account (main account + dimension values) against the structure. */
export function resolveLedgerAccount(company: CompanyState, mta: MultiTypeAccount, xpath: string, field: string, problems: ProblemList): (AccountRef & { type: 'Ledger' }) | undefined {
  const before = problems.size;
  let accountId = mta.account;
  let values = mta.values;
  if (accountId === '' && mta.displayValue === '') {
    problems.add(`Field '${field}' must be filled in.`, field, xpath);
    return undefined;
  }
  if (accountId === '') {
    // Only a display value: split it by the structure of its first segment.
    const guess = company.accountStructures.list().map((s) => s.delimiter).find((d) => mta.displayValue.includes(d)) ?? '-';
    accountId = mta.displayValue.split(guess)[0] ?? '';
  }
  const main = company.mainAccounts.get(accountId);
  if (!main) {
    problems.add(`Main account ${accountId} does not exist.`, field, `${xpath}/Account`);
    return undefined;
  }
  const structure = company.accountStructures.get(main.structure);
  const segments = structure?.segments ?? MAIN_ACCOUNT_ONLY;
  const delimiter = structure?.delimiter ?? '-';
  if (values.length === 0 && mta.displayValue !== '' && mta.displayValue.toUpperCase() !== main.id.toUpperCase()) {
    // Derive the values from the display value, as AxdDimensionUtil does.
    const parts = mta.displayValue.split(delimiter);
    if ((parts[0] ?? '').toUpperCase() !== main.id.toUpperCase() || parts.length > segments.length) {
      problems.add(`The display value ${mta.displayValue} does not match account structure ${structure?.name ?? 'MainAccount'} of main account ${main.id}.`, field, `${xpath}/DisplayValue`);
      return undefined;
    }
    values = parts.slice(1).map((value, i) => ({ name: segments[i + 1] ?? '', value }));
  }
  const allowed = dimensionSegments(segments);
  const canonical = new Map<string, string>();
  values.forEach((p, i) => {
    const dim = company.dimensions.get(p.name);
    if (!dim) return problems.add(`Financial dimension ${p.name} does not exist.`, field, valueXpath(xpath, i));
    if (!allowed.has(dim.name.toUpperCase())) return problems.add(`Financial dimension ${dim.name} is not allowed by account structure ${structure?.name ?? 'MainAccount'} for main account ${main.id}.`, field, valueXpath(xpath, i));
    if (canonical.has(dim.name)) return problems.add(`Financial dimension ${dim.name} is specified more than once.`, field, valueXpath(xpath, i));
    if (p.value === '') return;
    const value = dim.values.get(p.value);
    if (!value) return problems.add(`Value ${p.value} does not exist for financial dimension ${dim.name}.`, field, valueXpath(xpath, i));
    canonical.set(dim.name, value.value);
  });
  if (problems.size > before) return undefined;
  // The display value: the main account and every segment's value (empty ones too) joined by the delimiter.
  let display = main.id;
  const given: DimPair[] = [];
  for (let i = 1; i < segments.length; i++) {
    const name = segments[i] as string;
    const value = canonical.get(name) ?? '';
    display += delimiter + value;
    if (value !== '') given.push({ name, value });
  }
  if (mta.displayValue !== '' && !sameDisplay(mta.displayValue, display, delimiter)) {
    problems.add(`The display value ${mta.displayValue} does not match the account and dimension values (${display}).`, field, `${xpath}/DisplayValue`);
    return undefined;
  }
  return { type: 'Ledger', mainAccount: main.id, displayValue: display, values: given };
}

/** The segments of an account without a structure. */
const MAIN_ACCOUNT_ONLY: readonly string[] = ['MainAccount'];

/** The upper-cased dimension segments of an account structure (after MainAccount), by segment list (never changed in place). */
const segmentSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function dimensionSegments(segments: readonly string[]): ReadonlySet<string> {
  let set = segmentSets.get(segments);
  if (!set) segmentSets.set(segments, (set = new Set(segments.slice(1).map((s) => s.toUpperCase()))));
  return set;
}

/** Display values match ignoring case and trailing empty segments (`401100--` = `401100`). */
function sameDisplay(given: string, expected: string, delimiter: string): boolean {
  return trimDelimiters(given.toUpperCase(), delimiter) === trimDelimiters(expected.toUpperCase(), delimiter);
}

function trimDelimiters(s: string, delimiter: string): string {
  let t = s;
  while (t.endsWith(delimiter)) t = t.slice(0, -delimiter.length);
  return t;
}

/** The AIF representation of a resolved account. */
export function toMultiTypeAccount(ref: AccountRef): MultiTypeAccount {
  if (ref.type === 'Ledger') return { account: ref.mainAccount, displayValue: ref.displayValue, values: ref.values };
  return { account: ref.id, displayValue: ref.displayValue, values: [] };
}

function textOf(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

