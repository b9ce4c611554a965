import { z } from 'zod';
import { DecSchema, HashSchema } from './scalars.js';
import { SourceRefSchema } from './source.js';

/** A product or service sold (KashFlow products live under a sales nominal code). */
export const ProductSchema = z
  .object({
    source: SourceRefSchema,
    hash: HashSchema,
    code: z.string().min(1),
    name: z.string().min(1),
    description: z.string(),
    price: DecSchema,
    wholesalePrice: DecSchema.optional(),
    /** VAT percentage, e.g. 20. */
    vatRate: DecSchema,
    nominalCode: z.number().int().optional(),
    managesStock: z.boolean(),
    archived: z.boolean(),
  })
  .strict();
export type Product = z.infer<typeof ProductSchema>;
