/**
 * `mapping:` — the KashFlow → AX mapping file and where its AX reference data comes from.
 */
import { z } from 'zod';

export const mappingSection = z
  .strictObject({
    /** Mapping configuration (see docs/mapping.md). */
    file: z.string().min(1).default('./kfax-mapping.yaml'),
    /**
     * AX reference data for validation and mapping: `ax` reads it from the AX port at start-up,
     * a file path reads a snapshot (see `kfax mapping reference-from-seed`).
     */
    reference: z.string().min(1).default('ax'),
  })
  .prefault({});

/** The validated `mapping` section. */
export type MappingSectionConfig = z.output<typeof mappingSection>;
