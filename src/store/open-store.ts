import { KfaxError } from '../errors/kfax-error.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
import { WorkerStore } from './sqlite-worker/worker-store.js';
import type { Store } from './store.js';
import { isSourceModule, sourceBundle, STORE_THREAD_SOURCE } from '../util/source-bundle.js';
import { pathToFileURL } from 'node:url';

/** Options for {@link openStore}. */
export interface OpenStoreOptions {
  /** Apply pending migrations before returning (default true). */
  readonly migrate?: boolean;
  /** PostgreSQL schema (default `public`). */
  readonly schema?: string;
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number;
  /** SQLite busy timeout in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Where a SQLite store runs its work: its own `worker` thread (default) or `main`. */
  readonly sqliteThread?: 'main' | 'worker';
  /**
   * The store thread's entry module (default: `worker-main.js` next to the store's code; from
   * the TypeScript sources, that file bundled).
   */
  readonly sqliteWorkerEntry?: URL | string;
}

/** True for a `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Opens the store named by `target`: a `postgres://` URL selects PostgreSQL, anything else is a
 * SQLite file path (an optional `sqlite:` prefix is accepted). Runs migrations unless told not to.
 */
export async function openStore(target: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (target.trim() === '') throw new KfaxError('KFAX_CONFIG_INVALID', ['store.url', 'must not be empty']);
  const store: Store = isPostgresUrl(target)
    ? new PostgresStore({ url: target, ...(options.schema === undefined ? {} : { schema: options.schema }), ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }) })
    : await openSqlite({ path: target.replace(/^sqlite:/i, ''), ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }) }, options.sqliteThread ?? 'worker', options.sqliteWorkerEntry);
  if (options.migrate !== false) {
    try {
      await store.migrate(Date.now());
    } catch (err) {
      await store.close().catch(() => {});
      throw err;
    }
  }
  return store;
}

async function openSqlite(options: SqliteStoreOptions, thread: 'main' | 'worker', entry: URL | string | undefined): Promise<Store> {
  if (thread === 'main') return new SqliteStore(options);
  // A worker thread cannot load the TypeScript sources (tests): run the bundled entry.
  const resolved = entry ?? (isSourceModule(import.meta.url) ? pathToFileURL(await sourceBundle(STORE_THREAD_SOURCE)) : undefined);
  return new WorkerStore({ ...options, ...(resolved === undefined ? {} : { entry: resolved }) });
}
