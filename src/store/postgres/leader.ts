import { createHash } from 'node:crypto';
import pg from 'pg';
import type { LeaderLease } from '../types.js';
import { clientConfig, query, type PostgresConnectionOptions } from './connection.js';

/** Two int4 halves of a stable 64-bit key for `pg_advisory_lock`, scoped by schema. */
export function advisoryKey(schema: string, name: string): [number, number] {
  const digest = createHash('sha256').update(`kfax:${schema}:${name}`).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

/**
 * Leadership on PostgreSQL is a session-level advisory lock held by a dedicated connection.
 * When the holder process dies its connection closes and the server releases the lock at once,
 * so fail-over needs no expiry. `renew` checks that the session is still alive; a broken
 * connection means the lock may already be someone else's. The holder is also written to
 * `kfax_leaders` for operators to see.
 */
export async function tryAcquirePostgresLeadership(options: PostgresConnectionOptions, name: string, holder: string, ttlMs: number): Promise<LeaderLease | null> {
  const client = new pg.Client({ ...clientConfig(options), connectionTimeoutMillis: ttlMs });
  let broken = false;
  client.on('error', () => {
    broken = true;
  });
  await client.connect();
  const [k1, k2] = advisoryKey(options.schema, `leader:${name}`);
  let ok = false;
  try {
    const rows = await query(client, undefined, 'SELECT pg_try_advisory_lock($1::int, $2::int) AS ok', [k1, k2]);
    ok = rows[0]?.ok === true;
    if (ok) {
      const now = Date.now();
      await query(
        client,
        undefined,
        `INSERT INTO kfax_leaders (name, holder, acquired_at, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
        [name, holder, now, now + ttlMs],
      );
    }
  } finally {
    if (!ok) await client.end().catch(() => {});
  }
  if (!ok) return null;
  let released = false;
  return {
    name,
    holder,
    renew: async () => {
      if (released || broken) return false;
      try {
        const now = Date.now();
        await query(client, undefined, 'UPDATE kfax_leaders SET expires_at = $1 WHERE name = $2 AND holder = $3', [now + ttlMs, name, holder]);
        return !broken;
      } catch {
        return false;
      }
    },
    release: async () => {
      if (released) return;
      released = true;
      try {
        if (!broken) {
          await query(client, undefined, 'DELETE FROM kfax_leaders WHERE name = $1 AND holder = $2', [name, holder]);
          await query(client, undefined, 'SELECT pg_advisory_unlock($1::int, $2::int)', [k1, k2]);
        }
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}
