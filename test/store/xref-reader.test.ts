import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { XrefReader } from '../../src/store/sqlite-worker/xref-reader.js';
import { WorkerStore } from '../../src/store/sqlite-worker/worker-store.js';
import { storeWorkerEntry } from './worker-entry.js';

const xref = (sourceId: string, targetId: string) => ({ system: 'kashflow', entity: 'invoice', sourceId, targetId });

describe('XrefReader: one read transaction per turn of the event loop', () => {
  let dir: string;
  let path: string;
  let writer: SqliteStore;
  let reader: XrefReader;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kfax-xref-reader-'));
    path = join(dir, 'kfax.sqlite');
    writer = new SqliteStore({ path });
    await writer.migrate(Date.now());
    reader = new XrefReader(path);
  });
  afterEach(async () => {
    reader.close();
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a look-up in a later turn sees what was committed after the previous turn\'s look-ups', async () => {
    expect(reader.get('kashflow', 'invoice', '1')).toBeNull();
    await writer.recordXrefs([xref('1', 'AX-1')], Date.now());
    await nextTurn();
    expect(reader.get('kashflow', 'invoice', '1')).toMatchObject({ targetId: 'AX-1' });
    await writer.recordXrefs([xref('1', 'AX-2'), xref('2', 'AX-3')], Date.now());
    await nextTurn();
    expect(reader.get('kashflow', 'invoice', '1')).toMatchObject({ targetId: 'AX-2' });
    expect(reader.get('kashflow', 'invoice', '2')).toMatchObject({ targetId: 'AX-3' });
  });

  it('shares the snapshot within a turn, across its microtasks, and ends it when the turn ends', async () => {
    await writer.recordXrefs([xref('1', 'AX-1')], Date.now());
    await nextTurn();
    expect(reader.get('kashflow', 'invoice', '1')).toMatchObject({ targetId: 'AX-1' });
    expect(reader.inTurn).toBe(true);
    // Written by another connection in the same turn (synchronously: SqliteStore commits when called).
    void writer.recordXrefs([xref('1', 'AX-9')], Date.now());
    await Promise.resolve();
    expect(reader.get('kashflow', 'invoice', '1')).toMatchObject({ targetId: 'AX-1' });
    expect(reader.inTurn).toBe(true);
    await nextTurn();
    expect(reader.inTurn).toBe(false);
    // Nothing holds the WAL any more: a full checkpoint completes.
    expect(writer.db.pragma('wal_checkpoint(TRUNCATE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
    expect(reader.get('kashflow', 'invoice', '1')).toMatchObject({ targetId: 'AX-9' });
  });

  it('target() reads the target id alone, in the same turn snapshot as get()', async () => {
    await writer.recordXrefs([xref('1', 'AX-1')], Date.now());
    await nextTurn();
    expect(reader.target('kashflow', 'invoice', '1')).toBe('AX-1');
    expect(reader.target('kashflow', 'invoice', '2')).toBeNull();
    void writer.recordXrefs([xref('1', 'AX-2')], Date.now());
    expect(reader.target('kashflow', 'invoice', '1')).toBe('AX-1');
    expect(reader.get('kashflow', 'invoice', '1')).toMatchObject({ targetId: 'AX-1' });
    await nextTurn();
    expect(reader.target('kashflow', 'invoice', '1')).toBe('AX-2');
    expect(reader.target('kashflow', 'invoice', '\uD800')).toBeUndefined();
    expect(reader.inTurn).toBe(false);
  });

  it('ends the read transaction when a look-up fails, so the next one (same turn) starts afresh', async () => {
    expect(reader.get('kashflow', 'invoice', '1')).toBeNull();
    expect(reader.inTurn).toBe(true);
    // A lone surrogate cannot be encoded into the xref key: the look-up throws inside the turn.
    expect(reader.get('kashflow', 'invoice', '\uD800')).toBeUndefined();
    expect(reader.inTurn).toBe(false);
    await writer.recordXrefs([xref('1', 'AX-1')], Date.now());
    expect(reader.get('kashflow', 'invoice', '1')).toMatchObject({ targetId: 'AX-1' });
  });

  it('a failure before the schema exists leaves no transaction open; the migrated schema is then read in the same turn', async () => {
    const fresh = join(dir, 'fresh.sqlite');
    const early = new SqliteStore({ path: fresh });
    const r = new XrefReader(fresh);
    try {
      expect(r.get('kashflow', 'invoice', '1')).toBeUndefined(); // no such table: ask the store thread
      expect(r.inTurn).toBe(false);
      await early.migrate(Date.now());
      await early.recordXrefs([xref('1', 'AX-1')], Date.now());
      expect(r.get('kashflow', 'invoice', '1')).toMatchObject({ targetId: 'AX-1' });
    } finally {
      r.close();
      await early.close();
    }
  });
});

describe('WorkerStore xref look-ups across its own commits', () => {
  let dir: string;
  let store: WorkerStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kfax-xref-reader-ws-'));
    store = new WorkerStore({ path: join(dir, 'kfax.sqlite'), entry: await storeWorkerEntry() });
    await store.migrate(Date.now());
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a look-up after the answer to a write sees that write, even when an earlier look-up of the turn opened a snapshot', async () => {
    for (let i = 0; i < 20; i++) {
      expect(await store.getXrefTarget('kashflow', 'invoice', String(i))).toBeNull();
      await store.recordXrefs([xref(String(i), `AX-${i}`)], Date.now());
      expect(await store.getXrefTarget('kashflow', 'invoice', String(i))).toBe(`AX-${i}`);
      expect(await store.getXref('kashflow', 'invoice', String(i))).toMatchObject({ targetId: `AX-${i}` });
    }
  });

  it('look-ups of handlers started together all see the commits answered before them', async () => {
    await store.recordXrefs(Array.from({ length: 50 }, (_, i) => xref(String(i), `AX-${i}`)), Date.now());
    const found = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      await Promise.resolve();
      const first = await store.getXrefTarget('kashflow', 'invoice', String(i));
      const missing = await store.getXref('kashflow', 'invoice', `none-${i}`);
      return [first, missing];
    }));
    expect(found).toEqual(Array.from({ length: 50 }, (_, i) => [`AX-${i}`, null]));
  });
});
