import { z } from 'zod';

/** Systems a canonical record can come from. */
export const SOURCE_SYSTEMS = ['kashflow', 'ax', 'shop', 'gateway'] as const;

/** Where a canonical record came from: the system, the kind of object and its id there. */
export const SourceRefSchema = z
  .object({
    system: z.enum(SOURCE_SYSTEMS),
    /** The source's own name for the kind of object (`invoice`, `customer`, `payment`...). */
    entity: z.string().min(1),
    /** The natural key in the source system (invoice number, customer code, payment id). */
    id: z.string().min(1),
  })
  .strict();

/** Where a canonical record came from. */
export type SourceRef = z.infer<typeof SourceRefSchema>;

/** Text form of a source reference, e.g. `kashflow:invoice:1042`. */
export function sourceKey(ref: SourceRef): string {
  return `${ref.system}:${ref.entity}:${ref.id}`;
}
