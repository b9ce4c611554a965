/**
 * The backends every store test runs on (Kysely-style loop): a fresh SQLite file in a temp
 * directory, and a fresh PostgreSQL schema with a random name, dropped afterwards, so parallel
 * runs never collide. `KFAX_TEST_PG_URL` overrides the PostgreSQL URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { WorkerStore } from '../../src/store/sqlite-worker/worker-store.js';
import { storeWorkerEntry } from './worker-entry.js';
import type { Store } from '../../src/store/store.js';

/** The PostgreSQL server used by tests. */
export const TEST_PG_URL = process.env.KFAX_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A place a store lives, able to open more stores on the same data. */
export interface StoreTarget {
  readonly backend: 'sqlite' | 'postgres';
  /** `postgres://…` or a file path. */
  readonly url: string;
  /** PostgreSQL schema ('' for SQLite). */
  readonly schema: string;
  /** Opens (and migrates) another store on the same data. */
  open(options?: { migrate?: boolean; poolSize?: number }): Promise<Store>;
  /** Runs raw SQL (test set-up of corrupt rows and the like). Placeholders: `?` on SQLite, `$n` on PostgreSQL. */
  raw(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
}

/**
 * Creates an isolated target for one backend. `sqlite-worker` is the SQLite backend with its
 * stores opened as {@link WorkerStore} (the SQLite work on a thread of its own).
 */
export async function createTarget(variant: 'sqlite' | 'sqlite-worker' | 'postgres'): Promise<StoreTarget> {
  const opened: Store[] = [];
  const backend = variant === 'postgres' ? 'postgres' : 'sqlite';
  if (backend === 'sqlite') {
    const entry = variant === 'sqlite-worker' ? await storeWorkerEntry() : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'kfax-store-'));
    const path = join(dir, 'kfax.sqlite');
    const target: StoreTarget = {
      backend,
      url: path,
      schema: '',
      async open(options = {}) {
        const store = entry ? new WorkerStore({ path, entry }) : new SqliteStore({ path });
        if (options.migrate !== false) await store.migrate(Date.now());
        opened.push(store);
        return store;
      },
      async raw(sql, params = []) {
        const store = new SqliteStore({ path });
        try {
          const stmt = store.db.prepare(sql);
          return stmt.reader ? (stmt.all(...params) as Record<string, unknown>[]) : (stmt.run(...params), []);
        } finally {
          await store.close();
        }
      },
      async dispose() {
        for (const s of opened) await s.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return target;
  }
  const schema = `kfax_t_${randomBytes(6).toString('hex')}`;
  const target: StoreTarget = {
    backend,
    url: TEST_PG_URL,
    schema,
    async open(options = {}) {
      const store = new PostgresStore({ url: TEST_PG_URL, schema, poolSize: options.poolSize ?? 4 });
      if (options.migrate !== false) await store.migrate(Date.now());
      opened.push(store);
      return store;
    },
    async raw(sql, params = []) {
      const client = new pg.Client({ connectionString: TEST_PG_URL, options: `-c search_path=${schema}` });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    async dispose() {
      for (const s of opened) await s.close().catch(() => {});
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
  return target;
}

/** The backends under test (tests that start processes of their own). */
export const BACKENDS = ['sqlite', 'postgres'] as const;

/** The store variants the in-process suites run on: both backends, and SQLite on its own thread. */
export const STORE_VARIANTS = ['sqlite', 'sqlite-worker', 'postgres'] as const;

/** Per-test context: a fresh target and one migrated store on it. */
export interface BackendContext {
  target: StoreTarget;
  store: Store;
}

/**
 * `describe` once per store variant (all of {@link STORE_VARIANTS} unless `variants` says
 * otherwise), titled `<variant>: <title>`, with a fresh target and store for every test.
 */
export function describeEachBackend(title: string, body: (ctx: () => BackendContext) => void, variants: readonly (typeof STORE_VARIANTS)[number][] = STORE_VARIANTS): void {
  for (const backend of variants) {
    describe(`${backend}: ${title}`, () => {
      let ctx: BackendContext | undefined;
      beforeEach(async () => {
        const target = await createTarget(backend);
        ctx = { target, store: await target.open() };
      });
      afterEach(async () => {
        await ctx?.target.dispose();
        ctx = undefined;
      });
      body(() => {
        if (!ctx) throw new Error('no backend context (use inside a test)');
        return ctx;
      });
    });
  }
}
