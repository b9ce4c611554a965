import { readFileSync } from 'node:fs';
import { parse as parseLossless } from 'lossless-json';
import { Dec } from '../../canonical/money.js';
import type { AccountStructure, FiscalPeriod, MainAccount } from '../../canonical/reference.js';
import { KfaxError } from '../../errors/kfax-error.js';
import { configProblems } from '../config/load.js';
import type { AxPartyRef, AxProductRef, AxRateRef, AxReferenceData } from './reference-data.js';
import { ReferenceSnapshotSchema, type ReferenceSnapshot } from './snapshot-schema.js';

/** {@link AxReferenceData} over a JSON snapshot, with every list indexed once. */
export class SnapshotReferenceData implements AxReferenceData {
  /** A snapshot never changes once read. */
  readonly revision = 0;
  readonly company: string;
  readonly accountingCurrency: string;
  readonly snapshot: ReferenceSnapshot;
  private readonly mainAccounts: Map<string, MainAccount>;
  private readonly structures: Map<string, AccountStructure>;
  private readonly dimensions: Map<string, Set<string>>;
  private readonly custGroups: Set<string>;
  private readonly vendGroups: Set<string>;
  private readonly terms: Set<string>;
  private readonly modes: Set<string>;
  private readonly currencies: Set<string>;
  private readonly banks: Set<string>;
  private readonly journals: Map<string, { id: string; type: string }>;
  private readonly salesTax: Map<string, string[]>;
  private readonly itemTax: Map<string, string[]>;
  private readonly taxRates: Map<string, Dec>;
  private readonly rates: Map<string, AxRateRef[]>;
  private readonly customers: Map<string, AxPartyRef>;
  private readonly vendors: Map<string, AxPartyRef>;
  private readonly products: Map<string, AxProductRef>;
  private readonly periods: FiscalPeriod[];

  constructor(snapshot: ReferenceSnapshot) {
    this.snapshot = snapshot;
    this.company = snapshot.company;
    this.accountingCurrency = snapshot.accountingCurrency;
    this.mainAccounts = new Map(snapshot.mainAccounts.map((a) => [a.id, a]));
    this.structures = new Map(snapshot.accountStructures.map((s) => [s.name, s]));
    this.dimensions = new Map(snapshot.dimensions.map((d) => [d.name, new Set(d.values.map((v) => v.value))]));
    this.custGroups = new Set(snapshot.customerGroups.map((g) => g.id));
    this.vendGroups = new Set(snapshot.vendorGroups.map((g) => g.id));
    this.terms = new Set(snapshot.paymentTerms.map((t) => t.id));
    this.modes = new Set(snapshot.paymentModes.map((m) => m.id));
    this.currencies = new Set(snapshot.currencies.map((c) => c.code));
    this.banks = new Set(snapshot.bankAccounts.map((b) => b.id));
    this.journals = new Map(snapshot.journalNames.map((j) => [j.id, { id: j.id, type: j.type }]));
    this.salesTax = new Map(snapshot.salesTaxGroups.map((g) => [g.id, g.codes]));
    this.itemTax = new Map(snapshot.itemSalesTaxGroups.map((g) => [g.id, g.codes]));
    this.taxRates = new Map(snapshot.taxCodes.map((t) => [t.code, new Dec(t.rate)]));
    this.rates = new Map();
    for (const r of snapshot.exchangeRates) {
      const list = this.rates.get(r.from) ?? [];
      list.push({ from: r.from, date: r.date, rate: new Dec(r.rate), displayFactor: r.displayFactor });
      this.rates.set(r.from, list);
    }
    for (const list of this.rates.values()) list.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
    this.customers = new Map(snapshot.customers.map((c) => [c.accountNum, c]));
    this.vendors = new Map(snapshot.vendors.map((v) => [v.accountNum, v]));
    this.products = new Map(snapshot.products.map((p) => [p.itemId, p]));
    this.periods = snapshot.periods.slice();
  }

  mainAccount(id: string): MainAccount | undefined {
    return this.mainAccounts.get(id);
  }
  accountStructure(name: string): AccountStructure | undefined {
    return this.structures.get(name);
  }
  dimensionNames(): readonly string[] {
    return [...this.dimensions.keys()];
  }
  hasDimensionValue(dimension: string, value: string): boolean {
    return this.dimensions.get(dimension)?.has(value) ?? false;
  }
  hasCustomerGroup(id: string): boolean {
    return this.custGroups.has(id);
  }
  hasVendorGroup(id: string): boolean {
    return this.vendGroups.has(id);
  }
  hasPaymentTerms(id: string): boolean {
    return this.terms.has(id);
  }
  hasPaymentMode(id: string): boolean {
    return this.modes.has(id);
  }
  hasCurrency(code: string): boolean {
    return this.currencies.has(code);
  }
  hasBankAccount(id: string): boolean {
    return this.banks.has(id);
  }
  journalName(id: string): { id: string; type: string } | undefined {
    return this.journals.get(id);
  }
  salesTaxGroupCodes(id: string): readonly string[] | undefined {
    return this.salesTax.get(id);
  }
  itemTaxGroupCodes(id: string): readonly string[] | undefined {
    return this.itemTax.get(id);
  }
  taxCodeRate(code: string): Dec | undefined {
    return this.taxRates.get(code);
  }
  exchangeRate(from: string, date: string): AxRateRef | undefined {
    return this.rates.get(from)?.find((r) => r.date <= date);
  }
  customer(accountNum: string): AxPartyRef | undefined {
    return this.customers.get(accountNum);
  }
  vendor(accountNum: string): AxPartyRef | undefined {
    return this.vendors.get(accountNum);
  }
  product(itemId: string): AxProductRef | undefined {
    return this.products.get(itemId);
  }
  period(date: string): FiscalPeriod | undefined {
    return this.periods.find((p) => p.start <= date && date <= p.end);
  }
}

/** Validates a parsed JSON snapshot (errors name the path). */
export function parseReferenceSnapshot(raw: unknown, source = 'reference'): SnapshotReferenceData {
  const result = ReferenceSnapshotSchema.safeParse(raw);
  if (!result.success) {
    const problems = configProblems(result.error);
    const first = problems[0] ?? { path: '(root)', message: 'invalid' };
    throw new KfaxError('KFAX_MAPPING_REFERENCE_INVALID', [`${source}: ${first.path}`, first.message], { details: { source, problems } });
  }
  return new SnapshotReferenceData(result.data);
}

/** Reads a snapshot file; decimals are read losslessly. */
export function loadReferenceSnapshot(path: string): SnapshotReferenceData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KfaxError('KFAX_CONFIG_NOT_FOUND', [path]);
    throw err;
  }
  let raw: unknown;
  try {
    raw = parseLossless(text);
  } catch (err) {
    throw new KfaxError('KFAX_JSON_MALFORMED', [`${path}: ${(err as Error).message}`]);
  }
  return parseReferenceSnapshot(losslessToPlain(raw), path);
}

/** Lossless numbers → decimal text for decimals, numbers for integers (the schema wants both). */
function losslessToPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(losslessToPlain);
  if (value !== null && typeof value === 'object') {
    if ('isLosslessNumber' in value) {
      const text = (value as unknown as { value: string }).value;
      return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = losslessToPlain(v);
    return out;
  }
  return value;
}
