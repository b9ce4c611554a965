import type pg from 'pg';
import { KfaxError } from '../../errors/kfax-error.js';
import { LATEST_MIGRATION_ID, MIGRATIONS } from '../migrations/index.js';
import { num } from '../rows.js';
import type { MigrationRecord, MigrationResult } from '../types.js';
import { query, withTransaction } from './connection.js';
import { advisoryKey } from './leader.js';

const BOOTSTRAP = `CREATE TABLE IF NOT EXISTS kfax_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`;

/**
 * Applies pending migrations in one transaction under a transaction-level advisory lock, so
 * processes starting together serialise and the later ones find nothing to do. PostgreSQL DDL
 * is transactional: a failed migration leaves no trace.
 */
export async function migratePostgres(pool: pg.Pool, schema: string, now: number): Promise<MigrationResult> {
  return withTransaction(pool, async (client) => {
    const [k1, k2] = advisoryKey(schema, 'migrations');
    await client.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [k1, k2]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(BOOTSTRAP);
    const done = new Set((await query(client, undefined, 'SELECT id FROM kfax_migrations')).map((r) => num(r.id)));
    const newest = Math.max(0, ...done);
    if (newest > LATEST_MIGRATION_ID) throw new KfaxError('KFAX_STORE_SCHEMA_NEWER', [newest, LATEST_MIGRATION_ID]);
    const applied: MigrationRecord[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.id)) continue;
      try {
        for (const sql of migration.postgres) await client.query(sql);
      } catch (err) {
        throw new KfaxError('KFAX_STORE_MIGRATION_FAILED', [`${migration.id} (${migration.name})`, (err as Error).message], { cause: err });
      }
      await client.query('INSERT INTO kfax_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [migration.id, migration.name, now]);
      applied.push({ id: migration.id, name: migration.name, appliedAt: now });
    }
    return { applied, alreadyApplied: done.size };
  });
}

/** Migrations recorded in the schema (empty when none ran yet). */
export async function appliedPostgresMigrations(pool: pg.Pool): Promise<MigrationRecord[]> {
  const exists = await query(pool, undefined, `SELECT to_regclass('kfax_migrations') IS NOT NULL AS ok`);
  if (exists[0]?.ok !== true) return [];
  const rows = await query(pool, undefined, 'SELECT id, name, applied_at FROM kfax_migrations ORDER BY id');
  return rows.map((r) => ({ id: num(r.id), name: String(r.name), appliedAt: num(r.applied_at) }));
}
