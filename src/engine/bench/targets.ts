/**
 * Throwaway benchmark stores: a fresh SQLite file in a temp directory, or a fresh PostgreSQL
 * schema with a random name (dropped afterwards), so benchmarks never touch real data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';

/** A benchmark store and how to remove it. */
export interface BenchTarget {
  readonly backend: 'sqlite' | 'postgres';
  readonly url: string;
  readonly schema?: string;
  open(poolSize?: number): Promise<Store>;
  dispose(): Promise<void>;
}

/**
 * A fresh SQLite database file. The store runs on the event loop (`store.sqlite.thread: main`):
 * the engine bench measures the engine and the store in one thread, as its published figures do.
 */
export function sqliteTarget(): BenchTarget {
  const dir = mkdtempSync(join(tmpdir(), 'kfax-bench-'));
  const url = join(dir, 'bench.sqlite');
  return {
    backend: 'sqlite',
    url,
    open: () => openStore(url, { sqliteThread: 'main' }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh schema on the PostgreSQL server at `url`. */
export function postgresTarget(url: string, prefix = 'kfax_bench'): BenchTarget {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  return {
    backend: 'postgres',
    url,
    schema,
    open: (poolSize = 10) => openStore(url, { schema, poolSize }),
    dispose: () => dropSchema(url, schema),
  };
}

/** Drops a schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
