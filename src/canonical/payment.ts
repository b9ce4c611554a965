import { z } from 'zod';
import { CurrencyCodeSchema, DateSchema, DecSchema, HashSchema } from './scalars.js';
import { SourceRefSchema } from './source.js';

/** A payment line recorded against one document (KashFlow `PaymentLines[]`). */
export const PaymentLineSchema = z
  .object({
    id: z.number().int(),
    date: DateSchema,
    amount: DecSchema,
    methodId: z.number().int(),
    bankAccountId: z.number().int(),
    reference: z.string(),
    note: z.string(),
  })
  .strict();
export type PaymentLine = z.infer<typeof PaymentLineSchema>;

/**
 * A customer receipt or supplier payment applied to one invoice: the payment line plus what
 * it settles. The amount is in the document currency [G: the reference leaves the currency of
 * a KashFlow payment amount open and calls document currency the likely answer].
 */
export const PaymentSchema = z
  .object({
    source: SourceRefSchema,
    hash: HashSchema,
    kind: z.enum(['customer', 'supplier']),
    id: z.number().int(),
    date: DateSchema,
    amount: DecSchema,
    currency: CurrencyCodeSchema,
    /** KashFlow rate of the settled document: foreign units per 1 unit of home currency. */
    exchangeRate: DecSchema,
    methodId: z.number().int(),
    bankAccountId: z.number().int(),
    reference: z.string(),
    note: z.string(),
    /** The settled document. */
    documentNumber: z.number().int(),
    partyCode: z.string().min(1),
    partyName: z.string(),
    documentGross: DecSchema,
    documentDueDate: DateSchema.optional(),
  })
  .strict();
export type Payment = z.infer<typeof PaymentSchema>;
