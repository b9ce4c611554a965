/**
 * The canonical model: what connectors produce from a source and what the mapping consumes.
 * Typed and validated at every boundary (zod); money is {@link Dec}; every record carries
 * its source reference and a content hash.
 */
import type { z } from 'zod';
import { SalesInvoiceSchema, PurchaseInvoiceSchema } from './invoice.js';
import { JournalSchema } from './journal.js';
import { PartySchema } from './party.js';
import { PaymentSchema } from './payment.js';
import { ProductSchema } from './product.js';

export * from './document-line.js';
export * from './invoice.js';
export * from './journal.js';
export * from './party.js';
export * from './payment.js';
export * from './product.js';
export * from './reference.js';
export * from './scalars.js';
export * from './source.js';
export { contentHash, stableStringify } from './hash.js';

/** Entity names used across kfax (CLI `--entity`, flows, mapping sections). */
export const ENTITY_KINDS = ['sales-invoice', 'customer-payment', 'purchase-invoice', 'journal', 'customer', 'supplier', 'product'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Schema per entity kind. */
export const CANONICAL_SCHEMAS = {
  'sales-invoice': SalesInvoiceSchema,
  'purchase-invoice': PurchaseInvoiceSchema,
  journal: JournalSchema,
  'customer-payment': PaymentSchema,
  customer: PartySchema,
  supplier: PartySchema,
  product: ProductSchema,
} as const satisfies Record<EntityKind, z.ZodType>;

/** A canonical record of a given entity kind. */
export type CanonicalOf<K extends EntityKind> = z.infer<(typeof CANONICAL_SCHEMAS)[K]>;

/** A canonical record tagged with its entity kind. */
export type CanonicalDocument = { [K in EntityKind]: { entity: K; record: CanonicalOf<K> } }[EntityKind];
