/**
 * What the xref reader's read transactions cost the writer: a writer thread commits xref
 * upserts as fast as it can (`wal_autocheckpoint = 4000` as kfax's store; `synchronous =
 * NORMAL` so the disk does not set the pace) while this thread looks xrefs up, 8 per turn, and
 * then does 300 µs of other work in the same turn (the worst case for a reader that keeps its
 * snapshot to the end of the turn: a checkpoint cannot copy past it, nor the WAL restart).
 * Base build against this build, alternating; medians of the writer thread's CPU per commit and
 * of the largest WAL file seen.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/store/xref-snapshot-writer.js <base-dist> <new-dist> [pairs] [seconds]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { median } from '../lib/gc-meter.js';

interface Reader {
  get(system: string, entity: string, sourceId: string): unknown;
  close(): void;
}
type ReaderClass = new (path: string) => Reader;

const [baseDist, newDist, pairsArg, secondsArg] = process.argv.slice(2);
if (!baseDist || !newDist) throw new Error('usage: xref-snapshot-writer.js <base-dist> <new-dist> [pairs] [seconds]');
const PAIRS = Number(pairsArg ?? 7);
const SECONDS = Number(secondsArg ?? 6);

const readerOf = async (dist: string): Promise<ReaderClass> =>
  ((await import(pathToFileURL(resolve(dist, 'src/store/sqlite-worker/xref-reader.js')).href)) as { XrefReader: ReaderClass }).XrefReader;
const readers = { base: await readerOf(baseDist), new: await readerOf(newDist) };
const { migrateSqlite } = (await import(pathToFileURL(resolve(newDist, 'src/store/sqlite/migrate.js')).href)) as { migrateSqlite: (db: unknown, now: number) => unknown };

const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync, statSync } = require('node:fs');
const Database = require('better-sqlite3');
const db = new Database(workerData.path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 4000');
const up = db.prepare("INSERT INTO kfax_xref (key, system, entity, source_id, target_id, message_id, created_at, updated_at) VALUES (?, 'k', 'i', ?, ?, NULL, 1, 1) ON CONFLICT (key) DO UPDATE SET target_id = excluded.target_id");
const cpu = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1000;
let n = 0, commits = 0, maxWal = 0;
const tx = db.transaction(() => { for (let i = 0; i < 30; i++) { const id = String((n++ * 7919) % 200000); up.run('k/i/' + id, id, 'AX-' + n); } });
const end = Date.now() + workerData.ms;
const t0 = cpu();
while (Date.now() < end) {
  tx();
  commits++;
  if (commits % 50 === 0) try { maxWal = Math.max(maxWal, statSync(workerData.path + '-wal').size); } catch {}
}
parentPort.postMessage({ cpuPerCommit: (cpu() - t0) / commits, maxWal });
db.close();
`;

/** One run: a fresh database, the writer for `SECONDS`, look-up turns meanwhile. */
async function run(Reader: ReaderClass): Promise<{ cpuPerCommit: number; maxWal: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'kfax-snapshot-writer-'));
  const path = join(dir, 'kfax.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrateSqlite(db, Date.now());
  const insert = db.prepare(`INSERT INTO kfax_xref (key, system, entity, source_id, target_id, message_id, created_at, updated_at) VALUES (?, 'k', 'i', ?, ?, NULL, 1, 1)`);
  db.transaction(() => {
    for (let i = 0; i < 50_000; i++) insert.run(`k/i/${i}`, String(i), `AX-${i}`);
  })();
  db.close();
  const reader = new Reader(path);
  const writer = new Worker(WRITER, { eval: true, workerData: { path, ms: SECONDS * 1000 } });
  let stop = false;
  let turns = 0;
  const done = new Promise<{ cpuPerCommit: number; maxWal: number }>((r) =>
    writer.once('message', (m: { cpuPerCommit: number; maxWal: number }) => {
      stop = true;
      r(m);
    }),
  );
  const spin = (us: number): void => {
    const end = performance.now() + us / 1000;
    while (performance.now() < end);
  };
  const turn = (): void => {
    if (stop) return;
    turns++;
    for (let i = 0; i < 8; i++) reader.get('k', 'i', String((turns * 31 + i * 977) % 60_000));
    void Promise.resolve().then(() => spin(300));
    setImmediate(turn);
  };
  setImmediate(turn);
  const result = await done;
  reader.close();
  await writer.terminate();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const figures: Record<'base' | 'new', { cpuPerCommit: number; maxWal: number }[]> = { base: [], new: [] };
for (let p = 0; p < PAIRS; p++) {
  const order: readonly ('base' | 'new')[] = p % 2 === 0 ? ['base', 'new'] : ['new', 'base'];
  for (const name of order) figures[name].push(await run(readers[name]));
}
console.log(`Writer thread beside xref look-up turns (8 look-ups + 300 µs of work per turn): ${PAIRS} pairs of ${SECONDS} s; medians`);
for (const name of ['base', 'new'] as const) {
  const f = figures[name];
  console.log(name.padEnd(5), `writer CPU µs per commit ${median(f.map((x) => x.cpuPerCommit)).toFixed(0)}`, ` largest WAL ${(median(f.map((x) => x.maxWal)) / 1e6).toFixed(1)} MB`, ` (runs: ${f.map((x) => `${x.cpuPerCommit.toFixed(0)}/${(x.maxWal / 1e6).toFixed(1)}`).join(' ')})`);
}
