import { Collection } from './collection.js';
import { applyTotals } from './documents.js';
import { ID_BASE, type BankAccountRec, type BulkPaymentRec, type Cached, type CurrencyRec, type CustomerRec, type DocumentKind, type DocumentRec, type JournalRec, type NominalRec, type PaymentMethodRec, type PaymentRec, type ProductRec, type ProjectRec, type SupplierRec, type VatRateRec } from './records.js';

/** Customer and supplier codes (and product codes) compare case-insensitively, like SQL Server's default collation. */
export function codeKey(code: string): string {
  return code.trim().toUpperCase();
}

/** Drops the cached JSON of a record. */
export function invalidate(rec: Cached): void {
  rec.cacheKey = undefined;
  rec.summaryJson = undefined;
  rec.detailJson = undefined;
}

type Counter = 'customer' | 'supplier' | 'product' | 'project' | 'invoice' | 'purchase' | 'journal' | 'payment' | 'bulkPayment' | 'line';

/**
 * The whole KashFlow account held in memory. Every mutation goes through a method here
 * (or is followed by {@link KashflowStore.changed}) so that indexes, sorted views and the
 * cached JSON of affected records stay right. Handlers validate first and mutate last,
 * so a rejected request never leaves a partial change.
 */
export class KashflowStore {
  companyName = '';
  homeCurrency = 'GBP';
  vatNumber = '';
  readonly nominals = new Map<number, NominalRec>();
  readonly nominalsById = new Map<number, NominalRec>();
  readonly bankAccounts = new Map<number, BankAccountRec>();
  readonly currencies = new Map<string, CurrencyRec>();
  vatRates: VatRateRec[] = [];
  readonly invoiceMethods = new Map<number, PaymentMethodRec>();
  readonly purchaseMethods = new Map<number, PaymentMethodRec>();
  readonly customers = new Collection<string, CustomerRec>();
  readonly suppliers = new Collection<string, SupplierRec>();
  readonly products = new Collection<string, ProductRec>();
  readonly projects = new Collection<number, ProjectRec>();
  readonly invoices = new Collection<number, DocumentRec>();
  readonly purchases = new Collection<number, DocumentRec>();
  readonly journals = new Collection<number, JournalRec>();
  readonly payments = new Map<number, PaymentRec>();
  readonly bulkPayments: Record<DocumentKind, Map<number, BulkPaymentRec>> = { invoice: new Map(), purchase: new Map() };
  private readonly byParty: Record<DocumentKind, Map<string, Set<DocumentRec>>> = { invoice: new Map(), purchase: new Map() };
  private readonly counters: Record<Counter, number> = { customer: ID_BASE.customer, supplier: ID_BASE.supplier, product: ID_BASE.product, project: ID_BASE.project, invoice: ID_BASE.invoice, purchase: ID_BASE.purchase, journal: ID_BASE.journal, payment: ID_BASE.payment, bulkPayment: ID_BASE.bulkPayment, line: ID_BASE.line };
  private readonly bulkNumbers: Record<DocumentKind, number> = { invoice: 0, purchase: 0 };
  /** Bumped when something every cached text depends on changes (settings, rates, project names). */
  epoch = 0;
  /** Distinguishes this store from the one before a reset (part of every cache key). */
  readonly generation = ++generations;

  /** The next internal id of a kind (deterministic: a counter per kind). */
  nextId(kind: Counter): number {
    return ++this.counters[kind];
  }

  nextBulkNumber(kind: DocumentKind): number {
    return ++this.bulkNumbers[kind];
  }

  documents(kind: DocumentKind): Collection<number, DocumentRec> {
    return kind === 'invoice' ? this.invoices : this.purchases;
  }

  /** The customer (invoice) or supplier (purchase) of a document. */
  partyOf(doc: DocumentRec): CustomerRec | SupplierRec | undefined {
    return doc.kind === 'invoice' ? this.customers.get(codeKey(doc.partyCode)) : this.suppliers.get(codeKey(doc.partyCode));
  }

  /** Documents of one customer or supplier. */
  documentsOf(kind: DocumentKind, partyCode: string): ReadonlySet<DocumentRec> {
    return this.byParty[kind].get(codeKey(partyCode)) ?? EMPTY;
  }

  /** Highest document number in use + 1. */
  nextDocumentNumber(kind: DocumentKind): number {
    return Math.max(kind === 'invoice' ? 1000 : 5000, this.documents(kind).highestKey() ?? 0) + 1;
  }

  nextJournalNumber(): number {
    return (this.journals.highestKey() ?? 0) + 1;
  }

  /** Stores a new or replaced document, keeping the party index and caches right. */
  putDocument(doc: DocumentRec, previous?: DocumentRec): void {
    if (previous) this.unindex(previous);
    applyTotals(doc);
    invalidate(doc);
    this.documents(doc.kind).set(doc.number, doc);
    const key = codeKey(doc.partyCode);
    const index = this.byParty[doc.kind];
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(doc);
    this.partyChanged(doc);
  }

  removeDocument(doc: DocumentRec): void {
    for (const p of doc.payments) this.payments.delete(p.id);
    this.documents(doc.kind).delete(doc.number);
    this.unindex(doc);
    this.partyChanged(doc);
  }

  /** Records a payment against its document. */
  addPayment(doc: DocumentRec, payment: PaymentRec): void {
    doc.payments.push(payment);
    this.payments.set(payment.id, payment);
    this.documentChanged(doc);
  }

  removePayment(payment: PaymentRec): void {
    const doc = this.documents(payment.kind).get(payment.documentNumber);
    this.payments.delete(payment.id);
    if (!doc) return;
    doc.payments = doc.payments.filter((p) => p.id !== payment.id);
    this.documentChanged(doc);
  }

  /** After an in-place change of a document (payments): caches and views. */
  documentChanged(doc: DocumentRec): void {
    invalidate(doc);
    this.documents(doc.kind).touch();
    this.partyChanged(doc);
  }

  /** After a customer/supplier change: its documents show its name, so their caches go too. */
  partyUpdated(kind: DocumentKind, party: CustomerRec | SupplierRec): void {
    invalidate(party);
    for (const d of this.documentsOf(kind, party.code)) invalidate(d);
    (kind === 'invoice' ? this.customers : this.suppliers).touch();
    this.documents(kind).touch();
  }

  /** Invalidates everything (settings that change the wire shape). */
  changed(): void {
    this.epoch++;
  }

  private partyChanged(doc: DocumentRec): void {
    const party = this.partyOf(doc);
    if (party) invalidate(party);
  }

  private unindex(doc: DocumentRec): void {
    this.byParty[doc.kind].get(codeKey(doc.partyCode))?.delete(doc);
  }
}

const EMPTY: ReadonlySet<DocumentRec> = new Set();
let generations = 0;
