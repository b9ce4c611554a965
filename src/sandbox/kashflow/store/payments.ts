import { roundTo, type Dec } from '../../../canonical/money.js';
import type { DocumentKind, DocumentRec, PaymentRec } from './records.js';
import type { KashflowStore } from './store.js';

/** A payment the account refuses; `field` names the offending input. */
export class PaymentRejected extends Error {
  readonly field: string;
  readonly code: string;
  constructor(field: string, code: string, message: string) {
    super(message);
    this.name = 'PaymentRejected';
    this.field = field;
    this.code = code;
  }
}

export interface PaymentInput {
  documentNumber: number;
  date: string;
  amount: Dec;
  method: number;
  accountId: number;
  note: string;
  reference: string;
}

/** Field names of a payment input as the caller's API calls them. */
export interface PaymentFieldNames {
  document: string;
  amount: string;
  method: string;
  account: string;
}

/**
 * Checks a payment against the account: the document must exist, the amount must be
 * positive, the payment method must be one of the document type's methods and the bank
 * account must exist and not be archived [G]. Overpayment is allowed (status `Overpaid`).
 */
export function validatePayment(store: KashflowStore, kind: DocumentKind, input: PaymentInput, fields: PaymentFieldNames): DocumentRec {
  const doc = store.documents(kind).get(input.documentNumber);
  if (!doc) throw new PaymentRejected(fields.document, kind === 'invoice' ? 'InvoiceNotFound' : 'PurchaseNotFound', `no ${kind === 'invoice' ? 'invoice' : 'purchase'} with number ${input.documentNumber}`);
  if (!roundTo(input.amount, 2).greaterThan(0)) throw new PaymentRejected(fields.amount, 'InvalidAmount', 'must be at least 0.01');
  const methods = kind === 'invoice' ? store.invoiceMethods : store.purchaseMethods;
  if (!methods.has(input.method)) throw new PaymentRejected(fields.method, 'InvalidPaymentMethod', `unknown ${kind} payment method ${input.method}`);
  const account = store.bankAccounts.get(input.accountId);
  if (!account) throw new PaymentRejected(fields.account, 'InvalidBankAccount', `unknown bank account ${input.accountId}`);
  if (account.isArchived) throw new PaymentRejected(fields.account, 'InvalidBankAccount', `bank account ${input.accountId} is archived`);
  return doc;
}

/** Records a validated payment (amount rounded to 2 dp [G]). */
export function commitPayment(store: KashflowStore, doc: DocumentRec, input: PaymentInput, bulk?: { id: number; number: number }): PaymentRec {
  const payment: PaymentRec = {
    id: store.nextId('payment'),
    kind: doc.kind,
    documentNumber: doc.number,
    date: input.date,
    amount: roundTo(input.amount, 2),
    method: input.method,
    accountId: input.accountId,
    note: input.note,
    reference: input.reference,
    bulkId: bulk?.id ?? null,
    bulkNumber: bulk?.number ?? null,
  };
  store.addPayment(doc, payment);
  return payment;
}
