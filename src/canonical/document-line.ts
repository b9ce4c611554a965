import { z } from 'zod';
import { DecSchema } from './scalars.js';

/** One line of a sales or purchase invoice, in document currency. */
export const DocumentLineSchema = z
  .object({
    /** Line number in the source (1..n). */
    number: z.number().int().min(0),
    description: z.string(),
    quantity: DecSchema,
    /** Unit price excluding VAT. */
    rate: DecSchema,
    /** Net line amount (quantity × rate, rounded as the source rounds it). */
    net: DecSchema,
    /** VAT percentage (20 = 20 %); 0 for exempt lines. */
    vatRate: DecSchema,
    /** Line VAT as the source computed it. */
    vatAmount: DecSchema,
    /** Exempt / outside the scope of VAT (KashFlow `VATExempt`). */
    vatExempt: z.boolean(),
    nominalCode: z.number().int(),
    productCode: z.string().optional(),
    /** Project number; absent when the line has none (KashFlow sends 0). */
    projectNumber: z.number().int().positive().optional(),
    /** Home-currency unit price when the source gives it. */
    homeRate: DecSchema.optional(),
    homeVatAmount: DecSchema.optional(),
  })
  .strict();
export type DocumentLine = z.infer<typeof DocumentLineSchema>;
