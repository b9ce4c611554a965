import { KfaxError } from '../errors/kfax-error.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
import { WorkerStore } from './sqlite-worker/worker-store.js';
import type { Store } from './store.js';

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
  /** Where a SQLite store runs its work: `main` (default) or its own `worker` thread. */
  readonly sqliteThread?: 'main' | 'worker';
  /** The store thread's entry module (tests running the TypeScript sources pass a bundled one). */
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
    : openSqlite({ path: target.replace(/^sqlite:/i, ''), ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }) }, options.sqliteThread ?? 'main', options.sqliteWorkerEntry);
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

function openSqlite(options: SqliteStoreOptions, thread: 'main' | 'worker', entry: URL | string | undefined): Store {
  return thread === 'worker' ? new WorkerStore({ ...options, ...(entry === undefined ? {} : { entry }) }) : new SqliteStore(options);
}
