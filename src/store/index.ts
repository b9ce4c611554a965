/** The durable store's public API. See `docs/engine.md` ("Store"). */
export type { Store, StoreBackend } from './store.js';
export * from './types.js';
export { openStore, isPostgresUrl, type OpenStoreOptions } from './open-store.js';
export { xrefKey, parseXrefKey } from './keys.js';
export { MIGRATIONS, LATEST_MIGRATION_ID, type Migration } from './migrations/index.js';
