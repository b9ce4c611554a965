import { z } from 'zod';
import { DocumentLineSchema } from './document-line.js';
import { AddressSchema } from './party.js';
import { PaymentLineSchema } from './payment.js';
import { CurrencyCodeSchema, DateSchema, DecSchema, HashSchema } from './scalars.js';
import { SourceRefSchema } from './source.js';

/** Payment status of a KashFlow sales or purchase invoice (reference §7.1). */
export const INVOICE_STATUSES = ['Unpaid', 'Paid', 'Overpaid', 'Overdue', 'NA'] as const;

const tradeDocumentShape = {
  source: SourceRefSchema,
  hash: HashSchema,
  /** Document number in the source (KashFlow invoice / purchase `Number`): kfax's natural key. */
  number: z.number().int().positive(),
  partyCode: z.string().min(1),
  partyName: z.string(),
  /** The customer's PO number (sales) or the supplier's invoice number (purchases). */
  reference: z.string(),
  issuedDate: DateSchema,
  dueDate: DateSchema.optional(),
  currency: CurrencyCodeSchema,
  /** Source rate, KashFlow direction: foreign units per 1 unit of home currency (1 at home). */
  exchangeRate: DecSchema,
  net: DecSchema,
  vat: DecSchema,
  gross: DecSchema,
  /** Home-currency gross and VAT as the source computed them, when it says. */
  homeGross: DecSchema.optional(),
  homeVat: DecSchema.optional(),
  /** Source status text (e.g. `Paid`); unknown values are kept. */
  status: z.string(),
  paidAmount: DecSchema,
  projectNumber: z.number().int().positive().optional(),
  /** EC VAT treatment of the document. */
  inEC: z.boolean(),
  outsideEC: z.boolean(),
  lines: z.array(DocumentLineSchema).min(1),
  payments: z.array(PaymentLineSchema),
  address: AddressSchema.optional(),
};

/** A sales invoice (KashFlow `/invoices/{number}`). */
export const SalesInvoiceSchema = z.object({ ...tradeDocumentShape, kind: z.literal('sales-invoice') }).strict();
export type SalesInvoice = z.infer<typeof SalesInvoiceSchema>;

/** A purchase invoice (KashFlow `/purchases/{number}`, SOAP "receipt"). */
export const PurchaseInvoiceSchema = z
  .object({ ...tradeDocumentShape, kind: z.literal('purchase-invoice'), additionalField: z.string().optional() })
  .strict();
export type PurchaseInvoice = z.infer<typeof PurchaseInvoiceSchema>;

/** Either invoice kind; most transforms treat them alike. */
export type TradeDocument = SalesInvoice | PurchaseInvoice;
