import type { EntityKey } from '../client/entity-keys.js';
import type { AxLookups } from './lookups.js';

/**
 * How to find a document in AX without its MessageId: the business key kfax put into it.
 * The keys a look-up returns differ from the keys `create` returns for the same document
 * (AX has no find on free-text invoices or journals, so kfax finds their customer transaction):
 *
 * | kind | look-up | keys found |
 * |---|---|---|
 * | `customer` | CustomerService findKeys on CustTable.AccountNum | `{AccountNum}` (as create) |
 * | `vendor` | VendTableService findKeys on VendTable.AccountNum | `{AccountNum}` (as create) |
 * | `freeTextInvoice` | CustomerTransactionService find on CustTrans.DocumentNum (not a payment) | `{InvoiceId, CustTransRecId}` |
 * | `customerPayment` | CustomerTransactionService find on CustTrans.DocumentNum, TransType Payment | `{Voucher, CustTransRecId}` |
 * | `custom` | your function | whatever it returns |
 */
export type AxNaturalKey =
  | { readonly kind: 'customer'; readonly accountNum: string }
  | { readonly kind: 'vendor'; readonly accountNum: string }
  | { readonly kind: 'freeTextInvoice'; readonly documentNum: string; readonly accountNum?: string }
  | { readonly kind: 'customerPayment'; readonly documentNum: string; readonly accountNum?: string }
  | { readonly kind: 'custom'; readonly description: string; lookup(lookups: AxLookups, company: string | undefined): Promise<readonly EntityKey[]> };

/** Constructors for the natural keys the order-to-cash flows use. */
export const naturalKeys = {
  customer: (accountNum: string): AxNaturalKey => ({ kind: 'customer', accountNum }),
  vendor: (accountNum: string): AxNaturalKey => ({ kind: 'vendor', accountNum }),
  freeTextInvoice: (documentNum: string, accountNum?: string): AxNaturalKey => (accountNum === undefined ? { kind: 'freeTextInvoice', documentNum } : { kind: 'freeTextInvoice', documentNum, accountNum }),
  customerPayment: (documentNum: string, accountNum?: string): AxNaturalKey => (accountNum === undefined ? { kind: 'customerPayment', documentNum } : { kind: 'customerPayment', documentNum, accountNum }),
};

/** A short text for logs and errors, e.g. `freeTextInvoice DocumentNum=KF-1001`. */
export function describeNaturalKey(key: AxNaturalKey): string {
  switch (key.kind) {
    case 'customer':
    case 'vendor':
      return `${key.kind} AccountNum=${key.accountNum}`;
    case 'freeTextInvoice':
    case 'customerPayment':
      return `${key.kind} DocumentNum=${key.documentNum}${key.accountNum ? ` (account ${key.accountNum})` : ''}`;
    case 'custom':
      return key.description;
  }
}

/** Finds the document by its natural key; an empty list means AX does not have it. */
export async function lookUpNaturalKey(lookups: AxLookups, key: AxNaturalKey, company: string | undefined): Promise<EntityKey[]> {
  const filter = { ...(company ? { company } : {}), ...('accountNum' in key && key.accountNum !== undefined && key.kind !== 'customer' && key.kind !== 'vendor' ? { accountNum: key.accountNum } : {}) };
  switch (key.kind) {
    case 'customer':
      return lookups.customer(key.accountNum, company);
    case 'vendor':
      return lookups.vendor(key.accountNum, company);
    case 'freeTextInvoice':
      return (await lookups.freeTextInvoices(key.documentNum, filter)).map((t) => ({ InvoiceId: t.invoice, CustTransRecId: t.recId }));
    case 'customerPayment':
      return (await lookups.customerPayments(key.documentNum, filter)).map((t) => ({ Voucher: t.voucher, CustTransRecId: t.recId }));
    case 'custom':
      return [...(await key.lookup(lookups, company))];
  }
}
