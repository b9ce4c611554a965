import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKfaxError } from '../../src/errors/kfax-error.js';
import { retryWhileBusy } from '../../src/store/sqlite/connection.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { newMessage } from './fixtures.js';

// SQLite only: another process (here another connection) holding the write lock.
describe('sqlite store: waiting for another process\'s write lock', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kfax-busy-'));
    path = join(dir, 'kfax.sqlite');
    const first = new SqliteStore({ path });
    await first.migrate(Date.now());
    await first.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Another connection takes the write lock now and gives it back after `ms`. */
  function holdWriteLock(ms: number): { released: Promise<void> } {
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    return {
      released: new Promise((resolve) =>
        setTimeout(() => {
          other.exec('COMMIT');
          other.close();
          resolve();
        }, ms),
      ),
    };
  }

  it('waits for the lock without blocking the event loop, then writes', async () => {
    const store = new SqliteStore({ path, busyTimeoutMs: 5_000 });
    try {
      const lock = holdWriteLock(150);
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const started = Date.now();
      const [result] = await store.enqueue([newMessage({ payload: '{"a":1}' })], { now: started });
      clearInterval(ticker);
      await lock.released;
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(result?.duplicate).toBe(false);
      // Timers ran while the write waited: SQLite's own busy wait would have blocked them all.
      expect(ticks).toBeGreaterThanOrEqual(5);
      expect((await store.getMessage(result!.id!))?.payload).toBe('{"a":1}');
    } finally {
      await store.close();
    }
  });

  it('fails with KFAX_STORE_UNAVAILABLE after busyTimeoutMs and writes nothing', async () => {
    const store = new SqliteStore({ path, busyTimeoutMs: 60 });
    try {
      const lock = holdWriteLock(400);
      const err = await store.enqueue([newMessage({ payload: '{"a":2}' })], { now: Date.now() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      await lock.released;
      expect(isKfaxError(err) && err.code).toBe('KFAX_STORE_UNAVAILABLE');
      expect((await store.stats(Date.now())).counts.pending).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('passes other errors through at once, without retrying', async () => {
    let calls = 0;
    const boom = new Error('not busy');
    await expect(
      retryWhileBusy(() => {
        calls++;
        throw boom;
      }, 1_000),
    ).rejects.toBe(boom);
    expect(calls).toBe(1);
  });
});
