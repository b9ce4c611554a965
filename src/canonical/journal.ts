import { z } from 'zod';
import { DateSchema, DecSchema, HashSchema } from './scalars.js';
import { SourceRefSchema } from './source.js';

/** One nominal-ledger line of a journal; exactly one of debit/credit is non-zero. */
export const JournalLineSchema = z
  .object({
    number: z.number().int().min(0),
    nominalCode: z.number().int(),
    debit: DecSchema,
    credit: DecSchema,
    description: z.string(),
    projectNumber: z.number().int().positive().optional(),
  })
  .strict();
export type JournalLine = z.infer<typeof JournalLineSchema>;

/** A general (nominal) journal in home currency. */
export const JournalSchema = z
  .object({
    source: SourceRefSchema,
    hash: HashSchema,
    kind: z.literal('journal'),
    number: z.number().int().positive(),
    date: DateSchema,
    description: z.string(),
    lines: z.array(JournalLineSchema).min(2),
  })
  .strict();
export type Journal = z.infer<typeof JournalSchema>;
