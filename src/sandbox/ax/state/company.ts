import type { AxAccountStructureSeed, AxCompanySeed, AxMainAccountSeed, AxPeriodSeed, AxTaxCodeSeed } from '../../seed/types.js';
import type { AxRecord } from '../schema/values.js';
import { Keyed } from './keyed.js';
import type { FreeTextInvoice, Journal, JournalType, LedgerEntry, OpenTrans } from './ledger-types.js';
import { NumberSequence } from './tx.js';

/** A financial dimension and its values. */
export interface DimensionDef {
  readonly name: string;
  readonly values: Keyed<{ value: string; description: string }>;
}

export interface CodeName {
  readonly id: string;
  readonly name: string;
}

export interface PaymentTerm {
  readonly id: string;
  readonly days: number;
  readonly afterMonthEnd: boolean;
}

export interface ExchangeRateRow {
  readonly from: string;
  readonly date: string;
  /** Accounting-currency units per `displayFactor` units of `from`. */
  readonly rate: string;
  readonly displayFactor: number;
}

export interface BankAccount {
  readonly id: string;
  readonly name: string;
  readonly mainAccount: string;
  readonly currency: string;
}

export interface JournalName {
  readonly id: string;
  readonly name: string;
  readonly type: JournalType;
}

export interface TaxGroup {
  readonly id: string;
  readonly codes: string[];
}

/** A master-data record with the times change tracking needs. */
export interface MasterRow {
  record: AxRecord;
  readonly createdAt: number;
  modifiedAt: number;
}

/** Item model groups are not in the seed; AX demo data has these [G]. */
const DEFAULT_MODEL_GROUPS: CodeName[] = [
  { id: 'FIFO', name: 'First in, first out' },
  { id: 'STD', name: 'Standard cost' },
  { id: 'SERVICE', name: 'Non-stocked service' },
];

/**
 * One legal entity (DataAreaId): its setup (reference data) and its data. Everything a
 * company holds is isolated from the other companies of the AOS.
 */
export class CompanyState {
  readonly id: string;
  name: string;
  readonly accountingCurrency: string;
  readonly mainAccounts: Keyed<AxMainAccountSeed>;
  readonly dimensions: Keyed<DimensionDef>;
  readonly accountStructures: Keyed<AxAccountStructureSeed>;
  readonly customerGroups: Keyed<CodeName>;
  readonly vendorGroups: Keyed<CodeName>;
  readonly paymentTerms: Keyed<PaymentTerm>;
  readonly paymentModes: Keyed<CodeName>;
  readonly currencies: Keyed<CodeName>;
  readonly exchangeRates: ExchangeRateRow[];
  readonly taxCodes: Keyed<AxTaxCodeSeed>;
  readonly salesTaxGroups: Keyed<TaxGroup>;
  readonly itemSalesTaxGroups: Keyed<TaxGroup>;
  readonly bankAccounts: Keyed<BankAccount>;
  readonly journalNames: Keyed<JournalName>;
  readonly periods: AxPeriodSeed[];
  readonly itemGroups: Keyed<CodeName>;
  readonly modelGroups: Keyed<CodeName>;
  readonly postingAccounts: { receivables: string; payables: string; salesTaxPayable: string; salesTaxReceivable: string; exchangeDifference: string };

  readonly customers = new Keyed<MasterRow>((r) => fieldText(r.record, 'AccountNum'));
  readonly vendors = new Keyed<MasterRow>((r) => fieldText(r.record, 'AccountNum'));
  readonly items = new Keyed<MasterRow>((r) => fieldText(r.record, 'ItemId'));
  readonly freeTextInvoices = new Map<number, FreeTextInvoice>();
  readonly journals = new Keyed<Journal>((j) => j.journalNum);
  readonly custTrans: OpenTrans[] = [];
  /** Free-text invoices posted so far, counted as they post (for `/_sandbox/ax/counts`). */
  postedFreeTextInvoices = 0;
  /** Settlement rows on customer and vendor transactions, counted as they are added (for `/_sandbox/ax/counts`). */
  readonly settlementRows = { Cust: 0, Vend: 0 };
  readonly vendTrans: OpenTrans[] = [];
  readonly ledger: LedgerEntry[] = [];

  readonly seq = {
    customer: new NumberSequence('C', 6),
    vendor: new NumberSequence('V', 6),
    journal: new NumberSequence('JNL-', 6),
    freeTextInvoice: new NumberSequence('FTI-', 6),
    freeTextVoucher: new NumberSequence('FTV-', 6),
    voucher: {
      Daily: new NumberSequence('GJV-', 6),
      CustPayment: new NumberSequence('CPV-', 6),
      VendInvoiceRegister: new NumberSequence('VIV-', 6),
      VendPayment: new NumberSequence('VPV-', 6),
    } as Record<JournalType, NumberSequence>,
  };

  constructor(seed: AxCompanySeed) {
    this.id = seed.id;
    this.name = seed.name;
    this.accountingCurrency = seed.accountingCurrency;
    this.mainAccounts = new Keyed((a) => a.id, seed.mainAccounts.map((a) => ({ ...a })));
    this.dimensions = new Keyed(
      (d) => d.name,
      seed.dimensions.map((d) => ({ name: d.name, values: new Keyed((v) => v.value, d.values.map((v) => ({ ...v }))) })),
    );
    this.accountStructures = new Keyed((s) => s.name, seed.accountStructures.map((s) => ({ ...s, segments: [...s.segments] })));
    this.customerGroups = new Keyed((g) => g.id, seed.customerGroups.map((g) => ({ ...g })));
    this.vendorGroups = new Keyed((g) => g.id, seed.vendorGroups.map((g) => ({ ...g })));
    this.paymentTerms = new Keyed((t) => t.id, seed.paymentTerms.map((t) => ({ ...t })));
    this.paymentModes = new Keyed((m) => m.id, seed.paymentModes.map((m) => ({ ...m })));
    this.currencies = new Keyed((c) => c.id, seed.currencies.map((c) => ({ id: c.code, name: c.name })));
    this.exchangeRates = seed.exchangeRates.map((r) => ({ ...r }));
    this.taxCodes = new Keyed((t) => t.code, seed.taxCodes.map((t) => ({ ...t })));
    this.salesTaxGroups = new Keyed((g) => g.id, seed.salesTaxGroups.map((g) => ({ id: g.id, codes: [...g.codes] })));
    this.itemSalesTaxGroups = new Keyed((g) => g.id, seed.itemSalesTaxGroups.map((g) => ({ id: g.id, codes: [...g.codes] })));
    this.bankAccounts = new Keyed((b) => b.id, seed.bankAccounts.map((b) => ({ ...b })));
    this.journalNames = new Keyed((j) => j.id, seed.journalNames.map((j) => ({ ...j })));
    this.periods = seed.periods.map((p) => ({ ...p }));
    const groups = new Set(['GOODS', 'SERVICES', ...seed.products.map((p) => p.itemGroup)]);
    this.itemGroups = new Keyed((g) => g.id, [...groups].map((id) => ({ id, name: id === 'GOODS' ? 'Stocked goods' : id === 'SERVICES' ? 'Services' : id })));
    this.modelGroups = new Keyed((g) => g.id, DEFAULT_MODEL_GROUPS.map((g) => ({ ...g })));
    this.postingAccounts = {
      receivables: seed.receivablesAccount,
      payables: seed.payablesAccount,
      salesTaxPayable: seed.salesTaxPayableAccount,
      salesTaxReceivable: seed.salesTaxReceivableAccount,
      exchangeDifference: seed.mainAccounts.some((a) => a.id === '618200') ? '618200' : seed.receivablesAccount,
    };
  }

  private readonly custInvoiceIndex = new Map<string, OpenTrans[]>();
  private readonly vendInvoiceIndex = new Map<string, OpenTrans[]>();
  private readonly custDocumentIndex = new Map<string, OpenTrans[]>();

  /** Customer transactions carrying this DocumentNum (case-insensitive), in posting order. */
  custTransByDocumentNum(documentNum: string): readonly OpenTrans[] {
    return this.custDocumentIndex.get(documentNum.toUpperCase()) ?? [];
  }

  /** Customer transactions of this invoice id (case-insensitive). */
  custTransByInvoice(invoiceId: string): readonly OpenTrans[] {
    return this.custInvoiceIndex.get(invoiceId.toUpperCase()) ?? [];
  }

  /** Records a posted customer or vendor transaction (indexed by invoice and, for customers, document number). */
  addTrans(kind: 'Cust' | 'Vend', trans: OpenTrans): void {
    (kind === 'Cust' ? this.custTrans : this.vendTrans).push(trans);
    if (kind === 'Cust' && trans.documentNum !== '') {
      const key = trans.documentNum.toUpperCase();
      const list = this.custDocumentIndex.get(key);
      if (list) list.push(trans);
      else this.custDocumentIndex.set(key, [trans]);
    }
    if (trans.invoice === '') return;
    const index = kind === 'Cust' ? this.custInvoiceIndex : this.vendInvoiceIndex;
    const key = trans.invoice.toUpperCase();
    const list = index.get(key);
    if (list) list.push(trans);
    else index.set(key, [trans]);
  }

  /** Customer or vendor transactions whose Invoice is this id (case-insensitive). */
  transByInvoice(kind: 'Cust' | 'Vend', invoice: string): readonly OpenTrans[] {
    return (kind === 'Cust' ? this.custInvoiceIndex : this.vendInvoiceIndex).get(invoice.toUpperCase()) ?? [];
  }
}

function fieldText(record: AxRecord, name: string): string {
  const v = record.fields[name];
  return typeof v === 'string' ? v : '';
}
