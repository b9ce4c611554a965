import { z } from 'zod';
import type { CompanyState } from '../state/company.js';
import { Keyed } from '../state/keyed.js';

/** Reference data a test or user can list, add and remove per company. */
export const REFERENCE_KINDS = [
  'mainAccounts',
  'dimensions',
  'dimensionValues',
  'accountStructures',
  'customerGroups',
  'vendorGroups',
  'paymentTerms',
  'paymentModes',
  'currencies',
  'exchangeRates',
  'taxCodes',
  'salesTaxGroups',
  'itemSalesTaxGroups',
  'bankAccounts',
  'journalNames',
  'itemGroups',
  'modelGroups',
] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

const code = (max: number) => z.string().trim().min(1).max(max);
const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number as text');
const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-MM-dd');
const codeName = z.object({ id: code(10), name: z.string().max(60).default('') }).strict();

/** Outcome of an edit: the stored row, or an HTTP status with a message naming the field. */
export type EditResult = { ok: true; row: unknown } | { ok: false; status: number; path: string; message: string };

interface KindSpec {
  list(c: CompanyState): unknown[];
  add(c: CompanyState, body: unknown): EditResult;
  remove(c: CompanyState, id: string): boolean;
}

function fail(status: number, path: string, message: string): EditResult {
  return { ok: false, status, path, message };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): { value: T } | { error: EditResult } {
  const r = schema.safeParse(body);
  if (r.success) return { value: r.data };
  const issue = r.error.issues[0];
  return { error: fail(400, issue?.path.join('.') || '(body)', issue?.message ?? 'invalid') };
}

function keyedKind<T extends object>(table: (c: CompanyState) => Keyed<T>, schema: z.ZodType<T>, keyOf: (row: T) => string, check?: (c: CompanyState, row: T) => EditResult | undefined): KindSpec {
  return {
    list: (c) => table(c).list(),
    add(c, body) {
      const p = parse(schema, body);
      if ('error' in p) return p.error;
      const row = p.value;
      if (table(c).has(keyOf(row))) return fail(409, 'id', `${keyOf(row)} already exists`);
      const bad = check?.(c, row);
      if (bad) return bad;
      table(c).set(row);
      return { ok: true, row };
    },
    remove: (c, id) => table(c).delete(id),
  };
}

const SPECS: Record<ReferenceKind, KindSpec> = {
  mainAccounts: keyedKind(
    (c) => c.mainAccounts,
    z.object({ id: code(20), name: z.string().max(60).default(''), type: z.enum(['ProfitAndLoss', 'BalanceSheet']), structure: code(60) }).strict(),
    (r) => r.id,
    (c, r) => (c.accountStructures.has(r.structure) ? undefined : fail(400, 'structure', `account structure ${r.structure} does not exist`)),
  ),
  dimensions: {
    list: (c) => c.dimensions.list().map((d) => ({ name: d.name, values: d.values.list() })),
    add(c, body) {
      const p = parse(z.object({ name: code(60) }).strict(), body);
      if ('error' in p) return p.error;
      if (c.dimensions.has(p.value.name)) return fail(409, 'name', `dimension ${p.value.name} already exists`);
      const row = { name: p.value.name, values: new Keyed<{ value: string; description: string }>((v) => v.value) };
      c.dimensions.set(row);
      return { ok: true, row: { name: row.name, values: [] } };
    },
    remove: (c, id) => c.dimensions.delete(id),
  },
  dimensionValues: {
    list: (c) => c.dimensions.list().flatMap((d) => d.values.list().map((v) => ({ dimension: d.name, ...v }))),
    add(c, body) {
      const p = parse(z.object({ dimension: code(60), value: code(30), description: z.string().max(60).default('') }).strict(), body);
      if ('error' in p) return p.error;
      const dim = c.dimensions.get(p.value.dimension);
      if (!dim) return fail(400, 'dimension', `dimension ${p.value.dimension} does not exist`);
      if (dim.values.has(p.value.value)) return fail(409, 'value', `${dim.name}/${p.value.value} already exists`);
      dim.values.set({ value: p.value.value, description: p.value.description });
      return { ok: true, row: { dimension: dim.name, value: p.value.value, description: p.value.description } };
    },
    remove(c, id) {
      const [dimension, value] = id.split('/');
      return dimension !== undefined && value !== undefined && (c.dimensions.get(dimension)?.values.delete(value) ?? false);
    },
  },
  accountStructures: keyedKind(
    (c) => c.accountStructures,
    z.object({ name: code(60), segments: z.array(code(60)).min(1).max(10), delimiter: z.string().length(1).default('-') }).strict(),
    (r) => r.name,
    (c, r) => {
      if (r.segments[0] !== 'MainAccount') return fail(400, 'segments.0', 'the first segment must be MainAccount');
      const unknown = r.segments.slice(1).find((s) => !c.dimensions.has(s));
      return unknown ? fail(400, 'segments', `dimension ${unknown} does not exist`) : undefined;
    },
  ),
  customerGroups: keyedKind((c) => c.customerGroups, codeName, (r) => r.id),
  vendorGroups: keyedKind((c) => c.vendorGroups, codeName, (r) => r.id),
  paymentModes: keyedKind((c) => c.paymentModes, codeName, (r) => r.id),
  itemGroups: keyedKind((c) => c.itemGroups, codeName, (r) => r.id),
  modelGroups: keyedKind((c) => c.modelGroups, codeName, (r) => r.id),
  paymentTerms: keyedKind((c) => c.paymentTerms, z.object({ id: code(10), days: z.number().int().min(0).max(999), afterMonthEnd: z.boolean().default(false) }).strict(), (r) => r.id),
  currencies: {
    list: (c) => c.currencies.list().map((r) => ({ code: r.id, name: r.name })),
    add(c, body) {
      const p = parse(z.object({ code: z.string().regex(/^[A-Za-z]{3}$/, 'expected a 3-letter currency code'), name: z.string().max(60).default('') }).strict(), body);
      if ('error' in p) return p.error;
      if (c.currencies.has(p.value.code)) return fail(409, 'code', `${p.value.code} already exists`);
      c.currencies.set({ id: p.value.code.toUpperCase(), name: p.value.name });
      return { ok: true, row: p.value };
    },
    remove: (c, id) => c.currencies.delete(id),
  },
  exchangeRates: {
    list: (c) => c.exchangeRates,
    add(c, body) {
      const p = parse(z.object({ from: z.string().regex(/^[A-Za-z]{3}$/), date: dateText, rate: decimalText, displayFactor: z.number().int().positive().default(100) }).strict(), body);
      if ('error' in p) return p.error;
      const r = { ...p.value, from: p.value.from.toUpperCase() };
      if (!c.currencies.has(r.from)) return fail(400, 'from', `currency ${r.from} does not exist`);
      if (c.exchangeRates.some((x) => x.from === r.from && x.date === r.date)) return fail(409, 'date', `a rate for ${r.from} on ${r.date} already exists`);
      c.exchangeRates.push(r);
      return { ok: true, row: r };
    },
    remove(c, id) {
      const [from, date] = id.split('/');
      const i = c.exchangeRates.findIndex((x) => x.from.toUpperCase() === from?.toUpperCase() && x.date === date);
      if (i < 0) return false;
      c.exchangeRates.splice(i, 1);
      return true;
    },
  },
  taxCodes: keyedKind((c) => c.taxCodes, z.object({ code: code(10), name: z.string().max(60).default(''), rate: decimalText }).strict(), (r) => r.code),
  salesTaxGroups: keyedKind(
    (c) => c.salesTaxGroups,
    z.object({ id: code(10), codes: z.array(code(10)).max(50) }).strict(),
    (r) => r.id,
    (c, r) => {
      const bad = r.codes.find((x) => !c.taxCodes.has(x));
      return bad ? fail(400, 'codes', `tax code ${bad} does not exist`) : undefined;
    },
  ),
  itemSalesTaxGroups: keyedKind(
    (c) => c.itemSalesTaxGroups,
    z.object({ id: code(10), codes: z.array(code(10)).max(50) }).strict(),
    (r) => r.id,
    (c, r) => {
      const bad = r.codes.find((x) => !c.taxCodes.has(x));
      return bad ? fail(400, 'codes', `tax code ${bad} does not exist`) : undefined;
    },
  ),
  bankAccounts: keyedKind(
    (c) => c.bankAccounts,
    z.object({ id: code(10), name: z.string().max(60).default(''), mainAccount: code(20), currency: z.string().regex(/^[A-Za-z]{3}$/) }).strict(),
    (r) => r.id,
    (c, r) => (!c.mainAccounts.has(r.mainAccount) ? fail(400, 'mainAccount', `main account ${r.mainAccount} does not exist`) : !c.currencies.has(r.currency) ? fail(400, 'currency', `currency ${r.currency} does not exist`) : undefined),
  ),
  journalNames: keyedKind((c) => c.journalNames, z.object({ id: code(10), name: z.string().max(60).default(''), type: z.enum(['Daily', 'CustPayment', 'VendInvoiceRegister', 'VendPayment']) }).strict(), (r) => r.id),
};

export function isReferenceKind(kind: string): kind is ReferenceKind {
  return (REFERENCE_KINDS as readonly string[]).includes(kind);
}

export function listReference(c: CompanyState, kind: ReferenceKind): unknown[] {
  return SPECS[kind].list(c);
}

export function addReference(c: CompanyState, kind: ReferenceKind, body: unknown): EditResult {
  return SPECS[kind].add(c, body);
}

export function removeReference(c: CompanyState, kind: ReferenceKind, id: string): boolean {
  return SPECS[kind].remove(c, id);
}
