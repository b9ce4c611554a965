import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WAL_AUTOCHECKPOINT_PAGES, openSqliteDatabase, type SqliteDatabase } from '../../src/store/sqlite/connection.js';

describe('sqlite connection settings', () => {
  let dir: string | undefined;
  let db: SqliteDatabase | undefined;

  afterEach(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens a file database durable (WAL, synchronous=FULL) with the larger WAL auto-checkpoint', () => {
    dir = mkdtempSync(join(tmpdir(), 'kfax-conn-'));
    db = openSqliteDatabase(join(dir, 'kfax.sqlite'), { busyTimeoutMs: 0 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(WAL_AUTOCHECKPOINT_PAGES).toBeGreaterThan(1000);
  });
});
