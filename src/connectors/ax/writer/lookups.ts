import type { AifCallOptions, AifClient } from '../client/aif-client.js';
import type { Criterion, EntityKey } from '../client/entity-keys.js';
import type { XmlElement } from '../../../xml/tree.js';
import { custTransRecords, type CustTransRef } from './cust-trans.js';

/** External names of the services the look-ups read (defaults as on the AX sandbox; [G] except CustomerService/VendTableService). */
export interface AxLookupServices {
  readonly customer: string;
  readonly vendor: string;
  readonly customerTransaction: string;
}

export const DEFAULT_LOOKUP_SERVICES: AxLookupServices = { customer: 'CustomerService', vendor: 'VendTableService', customerTransaction: 'CustomerTransactionService' };

/** Narrows a look-up of customer transactions. */
export interface CustTransFilter {
  /** Only this customer's transactions. */
  readonly accountNum?: string;
  readonly company?: string;
}

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

/** A posted invoice's customer transaction (not a payment, carries an InvoiceId). */
export const isPostedInvoice = (t: CustTransRef): boolean => t.transType !== 'Payment' && t.invoice !== '';

/** A payment-journal line's customer transaction. */
export const isPayment = (t: CustTransRef): boolean => t.transType === 'Payment';

/**
 * Finds what kfax created in AX by its natural key — after "Duplicate message", after a timeout,
 * or when the engine re-sends an in-doubt message. Every look-up sends one criterion only and
 * filters the rest here, because AIF combines several criteria with OR (dynamics-ax.md §1.3).
 */
export class AxLookups {
  readonly services: AxLookupServices;

  constructor(
    private readonly client: AifClient,
    services: Partial<AxLookupServices> = {},
  ) {
    this.services = { ...DEFAULT_LOOKUP_SERVICES, ...services };
  }

  private find(service: string, criteria: Criterion[], opts: AifCallOptions): Promise<XmlElement | undefined> {
    return this.client.find(service, criteria, opts);
  }

  private findKeys(service: string, criteria: Criterion[], opts: AifCallOptions): Promise<EntityKey[]> {
    return this.client.findKeys(service, criteria, opts);
  }

  /** Keys (`AccountNum`) of the customer with this account number: one, or none. */
  async customer(accountNum: string, company?: string): Promise<EntityKey[]> {
    const keys = await this.findKeys(this.services.customer, [{ dataSource: 'CustTable', field: 'AccountNum', operator: 'Equal', value1: accountNum }], company ? { company } : {});
    return keys.filter((k) => k.AccountNum !== undefined && same(k.AccountNum, accountNum));
  }

  /** Keys (`AccountNum`) of the vendor with this account number: one, or none. */
  async vendor(accountNum: string, company?: string): Promise<EntityKey[]> {
    const keys = await this.findKeys(this.services.vendor, [{ dataSource: 'VendTable', field: 'AccountNum', operator: 'Equal', value1: accountNum }], company ? { company } : {});
    return keys.filter((k) => k.AccountNum !== undefined && same(k.AccountNum, accountNum));
  }

  /** Posted customer transactions with this document number (CustTrans.DocumentNum). */
  async custTransByDocumentNum(documentNum: string, filter: CustTransFilter = {}): Promise<CustTransRef[]> {
    const doc = await this.find(this.services.customerTransaction, [{ dataSource: 'CustTrans', field: 'DocumentNum', operator: 'Equal', value1: documentNum }], filter.company ? { company: filter.company } : {});
    return custTransRecords(doc).filter((t) => same(t.documentNum, documentNum) && (filter.accountNum === undefined || same(t.accountNum, filter.accountNum)));
  }

  /**
   * Posted customer transactions carrying any of these document numbers, in one `find` with one
   * criterion per number (AIF ORs CriteriaElements, dynamics-ax.md §1.3 [C1]). Rows are kept only
   * when their DocumentNum is one asked for; a server that ANDs criteria answers too little, never
   * too much (see {@link CustTransByDocumentBatcher}).
   */
  async custTransByDocumentNums(documentNums: readonly string[], filter: CustTransFilter = {}): Promise<CustTransRef[]> {
    // One criterion per document, case-insensitively distinct, as first spelled.
    const wanted = new Map<string, string>();
    for (const d of documentNums) if (!wanted.has(d.toUpperCase())) wanted.set(d.toUpperCase(), d);
    const criteria: Criterion[] = [...wanted.values()].map((value1) => ({ dataSource: 'CustTrans', field: 'DocumentNum', operator: 'Equal', value1 }));
    const doc = await this.find(this.services.customerTransaction, criteria, filter.company ? { company: filter.company } : {});
    return custTransRecords(doc).filter((t) => wanted.has(t.documentNum.toUpperCase()) && (filter.accountNum === undefined || same(t.accountNum, filter.accountNum)));
  }

  /**
   * Posted free-text invoices kfax sent with this `DocumentNum` (the KashFlow invoice number):
   * the invoice's customer transaction with its InvoiceId, RecId and settlement state. An
   * invoice that was created but not posted has no customer transaction yet and is not found
   * [G: CustFreeTextInvoiceService has no find operation on the port].
   */
  async freeTextInvoices(documentNum: string, filter: CustTransFilter = {}): Promise<CustTransRef[]> {
    return (await this.custTransByDocumentNum(documentNum, filter)).filter(isPostedInvoice);
  }

  /** Posted customer payments (payment-journal lines, TransType `Payment`) with this `DocumentNum`. */
  async customerPayments(documentNum: string, filter: CustTransFilter = {}): Promise<CustTransRef[]> {
    return (await this.custTransByDocumentNum(documentNum, filter)).filter(isPayment);
  }

  /** The invoice transaction with this InvoiceId and its settlement state (for reconciliation). */
  async invoiceByInvoiceId(invoiceId: string, filter: CustTransFilter = {}): Promise<CustTransRef | undefined> {
    const doc = await this.find(this.services.customerTransaction, [{ dataSource: 'CustTrans', field: 'Invoice', operator: 'Equal', value1: invoiceId }], filter.company ? { company: filter.company } : {});
    return custTransRecords(doc).find((t) => same(t.invoice, invoiceId) && t.transType !== 'Payment' && (filter.accountNum === undefined || same(t.accountNum, filter.accountNum)));
  }
}
