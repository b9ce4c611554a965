import type { Dec } from '../../../canonical/money.js';
import type { DimPair } from '../schema/values.js';

/** An account on a journal line or invoice line, resolved against the company's setup. */
export type AccountRef =
  | { readonly type: 'Ledger'; readonly mainAccount: string; readonly displayValue: string; readonly values: readonly DimPair[] }
  | { readonly type: 'Cust' | 'Vend' | 'Bank'; readonly id: string; readonly displayValue: string };

export type AccountType = 'Ledger' | 'Cust' | 'Vend' | 'Bank';

/** A free-text invoice line as stored. */
export interface FreeTextInvoiceLine {
  readonly recId: number;
  readonly lineNum: string;
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  /** Line amount in invoice currency (2 dp). */
  readonly amountCur: string;
  readonly ledger: AccountRef & { type: 'Ledger' };
  readonly taxGroup: string;
  readonly taxItemGroup: string;
  readonly defaultDimension: readonly DimPair[];
}

/** What posting computed for one free-text invoice line (CustInvoiceTrans). */
export interface PostedInvoiceLine {
  /** Sales tax of the line in invoice currency (2 dp). */
  readonly taxCur: string;
  /** Line amount and its tax in accounting currency (2 dp each). */
  readonly amountMST: string;
  readonly taxMST: string;
}

/**
 * The posted invoice journal (CustInvoiceJour) of a free-text invoice: totals in invoice and
 * accounting currency, the rate used and the per-line results, in line order.
 */
export interface PostedInvoice {
  /** Accounting-currency units per 100 invoice-currency units. */
  readonly exchRate: string;
  readonly salesBalance: string;
  readonly salesBalanceMST: string;
  readonly sumTax: string;
  readonly sumTaxMST: string;
  readonly invoiceAmount: string;
  readonly invoiceAmountMST: string;
  readonly lines: readonly PostedInvoiceLine[];
}

/** A free-text invoice (CustInvoiceTable + lines); `Draft → Posted` (reference §2.6). */
export interface FreeTextInvoice {
  readonly recId: number;
  recVersion: number;
  readonly orderAccount: string;
  readonly invoiceAccount: string;
  readonly currency: string;
  readonly invoiceDate: string;
  readonly dueDate: string;
  readonly paymTermId: string;
  readonly documentNum: string;
  readonly customerRef: string;
  readonly taxGroup: string;
  /** Explicit exchange rate (per 100), when the document fixed it. */
  readonly exchRate: string | undefined;
  readonly defaultDimension: readonly DimPair[];
  readonly lines: readonly FreeTextInvoiceLine[];
  readonly createdAt: string;
  posted: boolean;
  invoiceId?: string;
  voucher?: string;
  invoiceAmount?: string;
  taxAmount?: string;
  postedAt?: string;
  /** Set by posting: the invoice journal the posted sales invoice service reads. */
  posting?: PostedInvoice;
}

/** A journal line as stored. */
export interface JournalLine {
  readonly recId: number;
  readonly lineNum: number;
  readonly account: AccountRef;
  readonly offset: AccountRef | undefined;
  readonly debit: string;
  readonly credit: string;
  readonly currency: string;
  readonly exchRate: string | undefined;
  readonly transDate: string;
  readonly documentDate: string;
  readonly due: string;
  readonly txt: string;
  readonly invoice: string;
  readonly documentNum: string;
  readonly paymReference: string;
  readonly paymId: string;
  readonly markedInvoice: string;
  readonly settleVoucher: string;
  readonly taxGroup: string;
  readonly taxItemGroup: string;
  readonly defaultDimension: readonly DimPair[];
  readonly company: string;
  /** The voucher given in the document, if any (lines with one voucher must balance). */
  readonly inputVoucher: string;
  /** Voucher assigned at posting. */
  voucher?: string;
}

export type JournalType = 'Daily' | 'CustPayment' | 'VendInvoiceRegister' | 'VendPayment';

/** A journal (LedgerJournalTable + lines). */
export interface Journal {
  readonly recId: number;
  recVersion: number;
  readonly journalNum: string;
  readonly journalName: string;
  readonly journalType: JournalType;
  readonly name: string;
  readonly currency: string;
  readonly defaultDimension: readonly DimPair[];
  /** The service that created it (general, customer payment or vendor invoice journal). */
  readonly serviceId: string;
  readonly lines: JournalLine[];
  readonly createdAt: string;
  posted: boolean;
  postedAt?: string;
}

/** A settlement between two open transactions (CustSettlement / VendSettlement). */
export interface Settlement {
  readonly recId: number;
  /** The transaction being settled (e.g. the invoice). */
  readonly transRecId: number;
  /** The transaction that settled it (e.g. the payment). */
  readonly offsetRecId: number;
  readonly offsetVoucher: string;
  readonly transVoucher: string;
  readonly settleAmountCur: Dec;
  readonly settleAmountMST: Dec;
  /** Realised exchange difference in accounting currency (invoice side minus payment side). */
  readonly exchangeDifferenceMST: Dec;
  readonly transDate: string;
}

/** `LedgerTransType` of a customer/vendor transaction. */
export type TransType = 'Cust' | 'Vend' | 'Payment' | 'GeneralJournal' | 'Purch' | 'Sales';

/** A posted customer or vendor transaction with its open remainder (CustTrans + CustTransOpen). */
export interface OpenTrans {
  readonly recId: number;
  recVersion: number;
  readonly accountNum: string;
  readonly voucher: string;
  readonly invoice: string;
  readonly documentNum: string;
  readonly txt: string;
  readonly transDate: string;
  readonly dueDate: string;
  readonly paymReference: string;
  readonly currency: string;
  /** Accounting-currency units per 100 transaction-currency units. */
  readonly exchRate: Dec;
  /** Signed: debit (invoice) positive, credit (payment) negative. */
  readonly amountCur: Dec;
  readonly amountMST: Dec;
  /** Signed like the amount: how much of it has been settled. */
  settleAmountCur: Dec;
  settleAmountMST: Dec;
  /** Date the transaction was fully settled, or '' while open. */
  closed: string;
  readonly transType: TransType;
  /** RecId of the CustTransOpen row (while open). */
  readonly openRecId: number;
  readonly settlements: Settlement[];
}

/** One ledger posting (GeneralJournalAccountEntry-like). Debit positive. */
export interface LedgerEntry {
  readonly voucher: string;
  readonly transDate: string;
  readonly mainAccount: string;
  readonly displayValue: string;
  readonly values: readonly DimPair[];
  readonly currency: string;
  readonly amountCur: Dec;
  readonly amountMST: Dec;
  readonly text: string;
  /** What produced it: `FreeTextInvoice`, `Journal`, `Settlement`. */
  readonly source: string;
}
