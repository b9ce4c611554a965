/**
 * Opens the store the CLI is pointed at: `--store <path-or-url>` wins, else `store.url` of the
 * configuration (`--config kfax.yaml`, or `./kfax.yaml` when present, else `./kfax.sqlite`).
 */
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { loadConfig } from './load.js';
import type { KfaxConfig } from './schema.js';

/** CLI options that select a store. */
export interface StoreSelection {
  readonly store?: string;
  readonly config?: string;
}

/** Loads the configuration (validated once) and applies `--store` on top. */
export function resolveConfig(selection: StoreSelection, env: Readonly<Record<string, string | undefined>> = process.env): KfaxConfig {
  const config = loadConfig({ ...(selection.config === undefined ? {} : { path: selection.config }), env });
  return selection.store === undefined ? config : { ...config, store: { ...config.store, url: selection.store } };
}

/** Opens the configured store; migrates first when `store.migrate` is on (or `migrate` says so). */
export function openConfiguredStore(config: KfaxConfig, migrate = config.store.migrate): Promise<Store> {
  return openStore(config.store.url, {
    migrate,
    schema: config.store.postgres.schema,
    poolSize: config.store.postgres.poolSize,
    busyTimeoutMs: config.store.sqlite.busyTimeoutMs,
    sqliteThread: config.store.sqlite.thread,
  });
}
