import { KfaxError } from '../../errors/kfax-error.js';
import { MIGRATIONS, LATEST_MIGRATION_ID } from '../migrations/index.js';
import { num } from '../rows.js';
import type { MigrationRecord, MigrationResult } from '../types.js';
import { immediate, type SqliteDatabase } from './connection.js';

const BOOTSTRAP = `CREATE TABLE IF NOT EXISTS kfax_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`;

/**
 * Applies pending migrations, each in its own IMMEDIATE transaction together with its record
 * in `kfax_migrations`; a second process waits for the write lock and then finds nothing to do.
 */
export function migrateSqlite(db: SqliteDatabase, now: number): MigrationResult {
  db.exec(BOOTSTRAP);
  const applied: MigrationRecord[] = [];
  let already = 0;
  for (const migration of MIGRATIONS) {
    const done = immediate(db, () => {
      const newest = db.prepare('SELECT max(id) AS id FROM kfax_migrations').get() as { id: number | null };
      if (newest.id !== null && newest.id > LATEST_MIGRATION_ID) {
        throw new KfaxError('KFAX_STORE_SCHEMA_NEWER', [newest.id, LATEST_MIGRATION_ID]);
      }
      if (db.prepare('SELECT 1 FROM kfax_migrations WHERE id = ?').get(migration.id)) return false;
      try {
        for (const sql of migration.sqlite) db.exec(sql);
      } catch (err) {
        throw new KfaxError('KFAX_STORE_MIGRATION_FAILED', [`${migration.id} (${migration.name})`, (err as Error).message], { cause: err });
      }
      db.prepare('INSERT INTO kfax_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(migration.id, migration.name, now);
      return true;
    });
    if (done) applied.push({ id: migration.id, name: migration.name, appliedAt: now });
    else already += 1;
  }
  return { applied, alreadyApplied: already };
}

/** Migrations recorded in the database (empty when none ran yet). */
export function appliedSqliteMigrations(db: SqliteDatabase): MigrationRecord[] {
  db.exec(BOOTSTRAP);
  const rows = db.prepare('SELECT id, name, applied_at FROM kfax_migrations ORDER BY id').all() as Record<string, unknown>[];
  return rows.map((r) => ({ id: num(r.id), name: String(r.name), appliedAt: num(r.applied_at) }));
}
