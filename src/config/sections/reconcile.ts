/**
 * `reconcile:` — how `kfax reconcile` reads and compares the two ledgers. Everything has a
 * default; the AX service names are guesses where the reference does not know them [G].
 */
import { z } from 'zod';

const serviceName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,80}$/, 'expected an AIF external service name');

export const reconcileSection = z
  .strictObject({
    /** External names of the AX services read (AOT names in the comments). */
    services: z
      .strictObject({
        /** SalesSalesInvoiceService (posted sales invoices, CustInvoiceJour) [G]. */
        salesInvoice: serviceName.default('SalesInvoiceService'),
        /** CustomerTransactionService (CustTrans, settlements) [G]. */
        customerTransaction: serviceName.default('CustomerTransactionService'),
        taxCode: serviceName.default('TaxCodeService'),
        taxGroup: serviceName.default('TaxGroupService'),
        taxItemGroup: serviceName.default('TaxItemGroupService'),
      })
      .prefault({}),
    /** How kfax writes the KashFlow invoice number into the AX DocumentNum (`{number}`). */
    documentNum: z.string().includes('{number}', { message: 'must contain {number}' }).default('{number}'),
    /** The home (accounting) currency; default: the mapping's currency.accountingCurrency, else GBP. */
    homeCurrency: z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter currency code').optional(),
    /** Largest accepted difference of an invoice's home-currency gross (the sides round separately). */
    homeCurrencyTolerance: z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal such as "0.02"').default('0.02'),
    /** Requests in flight at once per system. */
    concurrency: z.int().min(1).max(64).default(4),
    /** KashFlow invoice list page size. */
    perPage: z.int().min(1).max(500).default(100),
  })
  .prefault({});

/** The validated `reconcile` section. */
export type ReconcileConfig = z.output<typeof reconcileSection>;
