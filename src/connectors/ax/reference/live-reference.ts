import { renameSync, writeFileSync } from 'node:fs';
import type { Dec } from '../../../canonical/money.js';
import type { AccountStructure, FiscalPeriod, MainAccount } from '../../../canonical/reference.js';
import type { AxPartyRef, AxProductRef, AxRateRef, AxReferenceData } from '../../../mapping/reference/reference-data.js';
import type { ReferenceSnapshotInput } from '../../../mapping/reference/snapshot-schema.js';
import { parseReferenceSnapshot, type SnapshotReferenceData } from '../../../mapping/reference/snapshot.js';
import type { AifClient } from '../client/aif-client.js';
import { field, itemOf, partyOf, productName, recordsOf } from './parse-records.js';
import { readReferenceSnapshot, type ReadReferenceOptions } from './read-snapshot.js';
import { referenceServiceNames, type ReferenceServiceId, type ReferenceServiceName } from './services.js';

/**
 * Options of {@link LiveAxReferenceData}. With `parties: 'none'` customers, vendors and
 * released products are not read up front; `ensureCustomer`/`ensureVendor`/`ensureProduct`
 * fetch and cache them one at a time (for companies with more of them than AIF returns in one
 * answer, the port's "Limit number of documents").
 */
export type LiveReferenceOptions = ReadReferenceOptions;

/**
 * {@link AxReferenceData} read live from an AX company. The mapping's look-ups are synchronous,
 * so everything is loaded once ({@link LiveAxReferenceData.load}) and replaced as a whole by
 * {@link refresh}; a refresh that fails keeps the data already loaded. Customers, vendors and
 * products can also be fetched on demand ({@link ensureCustomer}…) and are cached.
 */
export class LiveAxReferenceData implements AxReferenceData {
  private current: SnapshotReferenceData;
  private input: ReferenceSnapshotInput;
  private readonly customers = new Map<string, AxPartyRef>();
  private readonly vendors = new Map<string, AxPartyRef>();
  private readonly products = new Map<string, AxProductRef>();
  private refreshing: Promise<void> | undefined;
  private loaded: Date;
  /** Bumped whenever an answer may change (a refresh, a record fetched on demand). */
  private changes = 0;
  private readonly names: Record<ReferenceServiceId, ReferenceServiceName>;

  private constructor(
    private readonly client: AifClient,
    private readonly options: LiveReferenceOptions,
    input: ReferenceSnapshotInput,
  ) {
    this.names = referenceServiceNames(options.services);
    this.input = input;
    this.current = parseReferenceSnapshot(input, `AX company ${options.company}`);
    this.loaded = new Date();
  }

  /** Reads the company's reference data from AX. Fails (nothing half-loaded) when a service fails. */
  static async load(client: AifClient, options: LiveReferenceOptions): Promise<LiveAxReferenceData> {
    return new LiveAxReferenceData(client, options, await readReferenceSnapshot(client, options));
  }

  get company(): string {
    return this.current.company;
  }
  get accountingCurrency(): string {
    return this.current.accountingCurrency;
  }
  /**
   * Changes whenever an answer may have changed: a refresh, a customer, vendor or product
   * fetched on demand. With it the mapping remembers line decisions across documents.
   */
  get revision(): number {
    return this.changes;
  }
  /** When the data was last read from AX. */
  get loadedAt(): Date {
    return this.loaded;
  }

  /** Reads everything again and swaps it in at once; concurrent calls share one read. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const input = await readReferenceSnapshot(this.client, this.options);
        const next = parseReferenceSnapshot(input, `AX company ${this.options.company}`);
        this.input = input;
        this.current = next;
        this.customers.clear();
        this.vendors.clear();
        this.products.clear();
        this.changes++;
        this.loaded = new Date();
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** The data as a snapshot (what `kfax mapping validate --reference <file>` reads), including parties fetched on demand. */
  snapshot(): ReferenceSnapshotInput {
    const merge = <T>(list: readonly T[] | undefined, extra: Iterable<T>, key: (t: T) => string): T[] => {
      const seen = new Set((list ?? []).map(key));
      return [...(list ?? []), ...[...extra].filter((x) => !seen.has(key(x)))];
    };
    return {
      ...this.input,
      customers: merge(this.input.customers, this.customers.values(), (c) => c.accountNum.toUpperCase()),
      vendors: merge(this.input.vendors, this.vendors.values(), (c) => c.accountNum.toUpperCase()),
      products: merge(this.input.products, this.products.values(), (p) => p.itemId.toUpperCase()),
    };
  }

  /** Writes {@link snapshot} as JSON (via a temporary file, so a reader never sees half a file). */
  writeSnapshot(path: string): void {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.snapshot(), null, 2)}\n`);
    renameSync(tmp, path);
  }

  /** The customer, from the loaded data or read from AX (and cached); undefined when AX has none. */
  ensureCustomer(accountNum: string): Promise<AxPartyRef | undefined> {
    return this.ensureParty(accountNum, this.customer(accountNum), this.names.customer, 'CustGroup', this.customers);
  }

  /** The vendor, from the loaded data or read from AX (and cached). */
  ensureVendor(accountNum: string): Promise<AxPartyRef | undefined> {
    return this.ensureParty(accountNum, this.vendor(accountNum), this.names.vendor, 'VendGroup', this.vendors);
  }

  /** A party by account number: `known`, else found in AX by `AccountNum` and kept in `cache`. */
  private async ensureParty(accountNum: string, known: AxPartyRef | undefined, names: ReferenceServiceName, groupField: 'CustGroup' | 'VendGroup', cache: Map<string, AxPartyRef>): Promise<AxPartyRef | undefined> {
    if (known) return known;
    const { service, record } = names;
    const doc = await this.client.find(service, [{ dataSource: record, field: 'AccountNum', operator: 'Equal', value1: accountNum }], { company: this.options.company });
    const found = recordsOf(doc, record).map((r) => partyOf(r, groupField)).find((p) => p.accountNum.toUpperCase() === accountNum.toUpperCase());
    if (found) {
      cache.set(found.accountNum.toUpperCase(), found);
      this.changes++;
    }
    return found;
  }

  /** The released product (item), from the loaded data or read from AX (and cached). */
  async ensureProduct(itemId: string): Promise<AxProductRef | undefined> {
    const known = this.product(itemId);
    if (known) return known;
    const item = this.names.item;
    const items = recordsOf(await this.client.find(item.service, [{ dataSource: item.record, field: 'ItemId', operator: 'Equal', value1: itemId }], { company: this.options.company }), item.record).filter((i) => field(i, 'ItemId').toUpperCase() === itemId.toUpperCase());
    const first = items[0];
    if (!first) return undefined;
    const productNumber = field(first, 'Product') || itemId;
    const product = this.names.product;
    const products = recordsOf(await this.client.find(product.service, [{ dataSource: product.record, field: 'DisplayProductNumber', operator: 'Equal', value1: productNumber }], { company: this.options.company }), product.record);
    const names = new Map(products.map((p) => [field(p, 'DisplayProductNumber').toUpperCase(), productName(p, this.options.language ?? 'en-gb')]));
    const found = itemOf(first, names);
    this.products.set(found.itemId.toUpperCase(), found);
    this.changes++;
    return found;
  }

  mainAccount(id: string): MainAccount | undefined {
    return this.current.mainAccount(id);
  }
  accountStructure(name: string): AccountStructure | undefined {
    return this.current.accountStructure(name);
  }
  dimensionNames(): readonly string[] {
    return this.current.dimensionNames();
  }
  hasDimensionValue(dimension: string, value: string): boolean {
    return this.current.hasDimensionValue(dimension, value);
  }
  hasCustomerGroup(id: string): boolean {
    return this.current.hasCustomerGroup(id);
  }
  hasVendorGroup(id: string): boolean {
    return this.current.hasVendorGroup(id);
  }
  hasPaymentTerms(id: string): boolean {
    return this.current.hasPaymentTerms(id);
  }
  hasPaymentMode(id: string): boolean {
    return this.current.hasPaymentMode(id);
  }
  hasCurrency(code: string): boolean {
    return this.current.hasCurrency(code);
  }
  hasBankAccount(id: string): boolean {
    return this.current.hasBankAccount(id);
  }
  journalName(id: string): { readonly id: string; readonly type: string } | undefined {
    return this.current.journalName(id);
  }
  salesTaxGroupCodes(id: string): readonly string[] | undefined {
    return this.current.salesTaxGroupCodes(id);
  }
  itemTaxGroupCodes(id: string): readonly string[] | undefined {
    return this.current.itemTaxGroupCodes(id);
  }
  taxCodeRate(code: string): Dec | undefined {
    return this.current.taxCodeRate(code);
  }
  exchangeRate(from: string, date: string): AxRateRef | undefined {
    return this.current.exchangeRate(from, date);
  }
  period(date: string): FiscalPeriod | undefined {
    return this.current.period(date);
  }
  customer(accountNum: string): AxPartyRef | undefined {
    return this.current.customer(accountNum) ?? this.customers.get(accountNum.toUpperCase());
  }
  vendor(accountNum: string): AxPartyRef | undefined {
    return this.current.vendor(accountNum) ?? this.vendors.get(accountNum.toUpperCase());
  }
  product(itemId: string): AxProductRef | undefined {
    return this.current.product(itemId) ?? this.products.get(itemId.toUpperCase());
  }
}
