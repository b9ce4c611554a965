/**
 * PostgreSQL connections. Every pool connection has `search_path` set to the store's schema,
 * so the SQL modules use unqualified table names and several schemas (test runs, tenants) can
 * share one database. The SQL modules depend only on the small {@link Queryable} interface.
 */
import pg from 'pg';
import { KfaxError } from '../../errors/kfax-error.js';

/** The part of a pg pool or client the SQL modules use. */
export interface Queryable {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

/** Connection settings for one store. */
export interface PostgresConnectionOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly url: string;
  /** Schema holding the kfax tables (created by the first migration run). */
  readonly schema: string;
  /** Maximum pool connections. */
  readonly poolSize: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

/** Throws unless `schema` is a plain lower-case identifier (it is interpolated into SQL). */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new KfaxError('KFAX_CONFIG_INVALID', ['store.postgres.schema', 'expected a lower-case identifier of at most 40 characters (a-z, 0-9, _)']);
  }
}

/**
 * Client settings shared by the pool and the dedicated LISTEN/leader clients. JIT is off: the
 * engine runs short set-based statements whose estimated cost can cross `jit_above_cost`, and a
 * JIT compile (over a second) would dwarf the statement itself.
 */
export function clientConfig(options: PostgresConnectionOptions): pg.ClientConfig {
  return { connectionString: options.url, options: `-c search_path=${options.schema} -c jit=off`, application_name: 'kfax' };
}

/** A pool whose idle-connection errors are absorbed (the next query reports them). */
export function createPool(options: PostgresConnectionOptions): pg.Pool {
  assertSchemaName(options.schema);
  const pool = new pg.Pool({ ...clientConfig(options), max: options.poolSize, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {});
  return pool;
}

/** Runs one statement (prepared when `name` is given) and returns its rows. */
export async function query(db: Queryable, name: string | undefined, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const result = await db.query(name === undefined ? { text, values } : { name, text, values });
  return result.rows;
}

/** Runs `fn` inside BEGIN/COMMIT on one pooled connection; rolls back on any throw. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw mapPgError(err);
  }
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw mapPgError(err);
  } finally {
    client.release(broken);
  }
}

const TRANSIENT_CODES = new Set(['40001', '40P01', '53300', '55P03', '57P01', '57P02', '57P03']);

/** Connection loss, deadlocks and serialisation failures become the transient `KFAX_STORE_UNAVAILABLE`. */
export function mapPgError(err: unknown): unknown {
  const code = (err as { code?: unknown })?.code;
  const message = (err as Error)?.message ?? String(err);
  const transient =
    (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08') || /^E(CONN|PIPE|TIMEDOUT|HOSTUNREACH|NOTFOUND|AI_AGAIN)/.test(code))) ||
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
  return transient ? new KfaxError('KFAX_STORE_UNAVAILABLE', ['postgres', message], { cause: err }) : err;
}

/** The NOTIFY channel of a schema. */
export function wakeChannel(schema: string): string {
  return `kfax_wake_${schema}`;
}
