/**
 * `flows:` — which flows this process runs. Several processes over one PostgreSQL can each run
 * a subset (`kfax run --flows …` overrides the list).
 */
import { z } from 'zod';

/** Every flow kfax knows. */
export const FLOW_NAMES = ['shop-orders', 'shop-payments', 'invoices', 'payments', 'customers', 'polling'] as const;
export type FlowName = (typeof FLOW_NAMES)[number];

export const flowsSection = z
  .strictObject({
    enabled: z.array(z.enum(FLOW_NAMES)).min(1).default([...FLOW_NAMES]),
    /**
     * When a KashFlow invoice goes to AX: `issued` (as soon as it exists; its payments follow)
     * or `paid` (only once fully paid).
     */
    invoiceTrigger: z.enum(['issued', 'paid']).default('issued'),
  })
  .prefault({});

/** The validated `flows` section. */
export type FlowsConfig = z.output<typeof flowsSection>;
