/**
 * `store:` — where kfax keeps its durable state. A file path selects SQLite (the default,
 * `./kfax.sqlite`); a `postgres://` URL selects PostgreSQL. The URL may carry a password: write
 * it as `${KFAX_DB_URL}` or use `urlFile: /run/secrets/db-url`, never in the file itself.
 */
import { z } from 'zod';

export const storeSection = z
  .strictObject({
    /** SQLite file path or `postgres://user:password@host:port/database`. */
    url: z.string().min(1, 'must not be empty').default('./kfax.sqlite'),
    /** Apply pending migrations at start-up (`kfax migrate` does it explicitly). */
    migrate: z.boolean().default(true),
    sqlite: z
      .strictObject({
        /** Wait this long for another process's write lock (ms); the wait does not block the event loop. */
        busyTimeoutMs: z.int().min(0).max(600_000).default(5_000),
        /**
         * Where SQLite's work runs: `worker` (the default) — on a thread of its own, so statements
         * and commits (with their fsync) do not stop kfax's event loop; `main` — on the event loop.
         */
        thread: z.enum(['main', 'worker']).default('worker'),
      })
      .prefault({}),
    postgres: z
      .strictObject({
        /** Schema for the kfax tables (created by the first migration). */
        schema: z.string().regex(/^[a-z_][a-z0-9_]{0,39}$/, 'expected a lower-case identifier of at most 40 characters (a-z, 0-9, _)').default('public'),
        /** Connections per process. */
        poolSize: z.int().min(1).max(200).default(10),
      })
      .prefault({}),
  })
  .prefault({});

/** The validated `store` section. */
export type StoreConfig = z.output<typeof storeSection>;
