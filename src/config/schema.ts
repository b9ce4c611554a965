/**
 * The `kfax.yaml` schema, composed from one module per top-level section. To add a section
 * (`kashflow`, `ax`, `flows`, `server`, `mapping`…), create `sections/<name>.ts` exporting a zod
 * schema with defaults and add one line to {@link CONFIG_SECTIONS}. Unknown top-level keys are
 * rejected, so a typo never silently falls back to a default.
 */
import { z } from 'zod';
import { endpointsSection } from './sections/endpoints.js';
import { engineSection } from './sections/engine.js';
import { storeSection } from './sections/store.js';
import { kashflowSection } from './sections/kashflow.js';
import { axSection } from './sections/ax.js';
import { shopSection } from './sections/shop.js';
import { flowsSection } from './sections/flows.js';
import { serverSection } from './sections/server.js';
import { mappingSection } from './sections/mapping.js';
import { reconcileSection } from './sections/reconcile.js';

/** Every top-level section of `kfax.yaml`. */
export const CONFIG_SECTIONS = {
  store: storeSection,
  engine: engineSection,
  endpoints: endpointsSection,
  kashflow: kashflowSection,
  ax: axSection,
  shop: shopSection,
  flows: flowsSection,
  server: serverSection,
  mapping: mappingSection,
  reconcile: reconcileSection,
};

export const kfaxConfigSchema = z.strictObject(CONFIG_SECTIONS);

/** The validated configuration, with every default filled in. */
export type KfaxConfig = z.output<typeof kfaxConfigSchema>;
