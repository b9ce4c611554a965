/**
 * Cost of an xref look-up on the owning thread's query-only connection ({@link XrefReader}) when
 * another connection commits between look-ups, as the store thread does under load: base build
 * against this build in one process, process CPU time per look-up (medians of rounds).
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/store/xref-reader-gc.js <base-dist> <new-dist> [rounds] [lookupsPerCommit]
 *
 * The writer stands in for the store thread: each commit upserts a few xrefs (the pages the
 * look-ups read change), with `synchronous = NORMAL` so the bench does not wait for the disk.
 * Each look-up is what the engine's `lookupXref` asks of the reader: the target id (`target()`
 * where the build has it, else `get()?.targetId`).
 * After each commit the look-ups run in a turn of their own (as handlers started by one claim
 * answer do), and the measurement includes the end of that turn (where a reader may end its
 * read transaction).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { median } from '../lib/gc-meter.js';

interface Reader {
  get(system: string, entity: string, sourceId: string): { targetId: string } | null | undefined;
  target?(system: string, entity: string, sourceId: string): string | null | undefined;
  close(): void;
}

/** The target id, as the engine's look-up of this build reads it. */
function lookUp(reader: Reader, system: string, entity: string, sourceId: string): string | null | undefined {
  return reader.target ? reader.target(system, entity, sourceId) : reader.get(system, entity, sourceId)?.targetId;
}
type ReaderClass = new (path: string) => Reader;

const [baseDist, newDist, roundsArg, perCommitArg] = process.argv.slice(2);
if (!baseDist || !newDist) throw new Error('usage: xref-reader-gc.js <base-dist> <new-dist> [rounds] [lookupsPerCommit]');
const ROUNDS = Number(roundsArg ?? 9);
const PER_COMMIT = Number(perCommitArg ?? 5);
const XREFS = 200_000;
const COMMITS = 4_000;

async function importFrom<T>(dist: string, file: string): Promise<T> {
  return (await import(pathToFileURL(resolve(dist, file)).href)) as T;
}

const base = await importFrom<{ XrefReader: ReaderClass }>(baseDist, 'src/store/sqlite-worker/xref-reader.js');
const next = await importFrom<{ XrefReader: ReaderClass }>(newDist, 'src/store/sqlite-worker/xref-reader.js');
const { migrateSqlite } = await importFrom<{ migrateSqlite: (db: unknown, now: number) => unknown }>(newDist, 'src/store/sqlite/migrate.js');
const { xrefKey } = await importFrom<{ xrefKey: (s: string, e: string, id: string) => string }>(newDist, 'src/store/keys.js');

const dir = mkdtempSync(join(tmpdir(), 'kfax-xref-bench-'));
const path = join(dir, 'store.sqlite');
const writer = new Database(path);
writer.pragma('journal_mode = WAL');
writer.pragma('synchronous = NORMAL');
migrateSqlite(writer, Date.now());
const insert = writer.prepare(
  `INSERT INTO kfax_xref (key, system, entity, source_id, target_id, message_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)
   ON CONFLICT (key) DO UPDATE SET target_id = excluded.target_id, updated_at = excluded.updated_at`,
);
const put = (n: number): void => {
  const id = String(n);
  insert.run(xrefKey('kashflow', 'invoice', id), 'kashflow', 'invoice', id, `AX-${n}`, n, n);
};
writer.transaction(() => {
  for (let i = 0; i < XREFS; i++) put(i);
})();
writer.pragma('wal_checkpoint(TRUNCATE)');

let written = XREFS;
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
const endOfTurn = (): Promise<void> => new Promise((r) => process.nextTick(r));

/** One round: `COMMITS` commits of 3 new xrefs, `PER_COMMIT` look-ups in the turn after each; CPU µs per look-up. */
async function round(Reader: ReaderClass): Promise<number> {
  const reader = new Reader(path);
  reader.get('kashflow', 'invoice', '0'); // open outside the measurement
  await turn();
  let cpu = 0;
  let found = 0;
  const commit = writer.transaction(() => {
    for (let i = 0; i < 3; i++) put(written++);
  });
  for (let c = 0; c < COMMITS; c++) {
    commit();
    await turn();
    const t0 = process.cpuUsage();
    for (let i = 0; i < PER_COMMIT; i++) {
      // Mostly recent records (the invoice just created), some older ones.
      const n = i % 2 === 0 ? written - 1 - i : (c * 7919 + i * 104_729) % written;
      if (lookUp(reader, 'kashflow', 'invoice', String(n))) found++;
    }
    await endOfTurn();
    const t = process.cpuUsage(t0);
    cpu += t.user + t.system;
  }
  reader.close();
  if (found !== COMMITS * PER_COMMIT) throw new Error(`found ${found} of ${COMMITS * PER_COMMIT}`);
  return cpu / (COMMITS * PER_COMMIT);
}

const figures: Record<'base' | 'new', number[]> = { base: [], new: [] };
await round(base.XrefReader);
await round(next.XrefReader);
for (let r = 0; r < ROUNDS; r++) {
  const order: readonly ('base' | 'new')[] = r % 2 === 0 ? ['base', 'new'] : ['new', 'base'];
  for (const name of order) figures[name].push(await round(name === 'base' ? base.XrefReader : next.XrefReader));
}
writer.close();
rmSync(dir, { recursive: true, force: true });
console.log(`XrefReader look-up after another connection's commit: ${XREFS} xrefs, ${COMMITS} commits × ${PER_COMMIT} look-ups (in the turn after the commit) per round, ${ROUNDS} rounds; median CPU µs per look-up`);
for (const name of ['base', 'new'] as const) console.log(name.padEnd(5), median(figures[name]).toFixed(2), ` (rounds: ${figures[name].map((x) => x.toFixed(2)).join(' ')})`);
