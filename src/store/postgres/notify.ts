/**
 * Wake-ups between processes on PostgreSQL. Writers call {@link WakeNotifier.add} after a commit
 * that made work claimable; the notifier sends one `pg_notify` per endpoint at most every few
 * milliseconds (NOTIFY takes a database-wide lock at commit, so one per insert would serialise a
 * busy inbox). Each notification carries the sender's origin id, and a subscriber ignores its
 * own process's notifications: that process already woke its worker directly. A lost
 * notification only costs latency — the worker's poll interval finds the work anyway.
 */
import pg from 'pg';
import { clientConfig, query, wakeChannel, type PostgresConnectionOptions, type Queryable } from './connection.js';

/** Coalesces wake-up notifications and sends them after a short debounce. */
export class WakeNotifier {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly db: Queryable,
    private readonly schema: string,
    private readonly origin: string,
    private readonly debounceMs = 5,
  ) {}

  /** Schedules a notification for these endpoints. */
  add(endpoints: Iterable<string>): void {
    if (this.closed) return;
    for (const e of endpoints) this.pending.add(e);
    if (this.pending.size === 0 || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
    this.timer.unref();
  }

  /** Sends what is pending now. */
  async flush(): Promise<void> {
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const payloads = [...this.pending].map((e) => `${this.origin}:${e}`);
    this.pending = new Set();
    await query(this.db, 'kfax_notify', 'SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [wakeChannel(this.schema), payloads]).catch(() => {});
  }

  /** Sends what is pending and stops. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
    this.closed = true;
  }
}

/**
 * LISTENs on the schema's wake channel with a dedicated connection and calls `listener` with the
 * endpoint of every notification from another process. After a lost connection it reconnects
 * with backoff and calls `listener('*')`, because notifications sent meanwhile are gone.
 */
export async function subscribePostgres(options: PostgresConnectionOptions, origin: string, listener: (endpoint: string) => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = 100;
  const own = `${origin}:`;

  const connect = async (): Promise<void> => {
    const c = new pg.Client(clientConfig(options));
    c.on('notification', (n) => {
      const payload = n.payload ?? '*';
      if (payload.startsWith(own)) return;
      const sep = payload.indexOf(':');
      listener(sep === -1 ? payload : payload.slice(sep + 1));
    });
    c.on('error', () => reconnect(c));
    c.on('end', () => reconnect(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${wakeChannel(options.schema)}`);
    } catch (err) {
      await c.end().catch(() => {});
      throw err;
    }
    client = c;
    delay = 100;
  };

  const reconnect = (failed: pg.Client): void => {
    if (stopped || client !== failed || retryTimer) return;
    client = undefined;
    failed.end().catch(() => {});
    const attempt = (): void => {
      retryTimer = undefined;
      if (stopped) return;
      connect().then(
        () => listener('*'),
        () => {
          delay = Math.min(delay * 2, 5000);
          retryTimer = setTimeout(attempt, delay);
          retryTimer.unref();
        },
      );
    };
    retryTimer = setTimeout(attempt, delay);
    retryTimer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
  };
}
