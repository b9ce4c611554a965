/** What the benchmark ran on: reported next to every result (numbers from different hosts do not compare). */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/** Host facts. */
export interface BenchEnvironment {
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memory_gb: number;
  readonly kernel: string;
  readonly load_average: readonly number[];
  /** 4 KiB write + fsync per second in the temp directory (the SQLite commit floor). */
  readonly fsync_per_s: number;
  readonly sqlite_version: string;
  readonly postgres_version: string | null;
  readonly postgres_settings: Record<string, string> | null;
}

/** Measures 4 KiB write+fsync per second for about `ms` milliseconds. */
export function measureFsync(ms = 300): number {
  const dir = mkdtempSync(join(tmpdir(), 'kfax-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const block = Buffer.alloc(4096, 7);
  let n = 0;
  const start = performance.now();
  try {
    while (performance.now() - start < ms) {
      writeSync(fd, block, 0, block.length, 0);
      fsyncSync(fd);
      n++;
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return Math.round((n / (performance.now() - start)) * 1000);
}

/** Collects the environment; PostgreSQL facts when `pgUrl` is reachable. */
export async function benchEnvironment(pgUrl: string | null): Promise<BenchEnvironment> {
  const db = new Database(':memory:');
  const sqliteVersion = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  let postgresVersion: string | null = null;
  let postgresSettings: Record<string, string> | null = null;
  if (pgUrl) {
    const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      postgresVersion = String((await client.query('SHOW server_version')).rows[0]?.server_version);
      const rows = (await client.query(`SELECT name, setting FROM pg_settings WHERE name IN ('fsync','synchronous_commit','shared_buffers','max_connections','wal_level')`)).rows as { name: string; setting: string }[];
      postgresSettings = Object.fromEntries(rows.map((r) => [r.name, r.setting]));
    } catch {
      postgresVersion = null;
    } finally {
      await client.end().catch(() => {});
    }
  }
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gb: Math.round(totalmem() / 1_073_741_824),
    kernel: release(),
    load_average: loadavg().map((l) => Math.round(l * 100) / 100),
    fsync_per_s: measureFsync(),
    sqlite_version: sqliteVersion,
    postgres_version: postgresVersion,
    postgres_settings: postgresSettings,
  };
}
