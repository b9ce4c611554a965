/**
 * The AX write path's document XML, base build against this build in one process: per 20-line
 * invoice of the mapping bench, the CPU time from the AX document tree to the AIF create's
 * document XML (as the writer makes it: split into records, joined into the envelope's document,
 * serialised), the heap bytes a queued document keeps alive until its batch is sent, and the
 * process CPU time and GC pauses per document when each waits while 400 later ones are made
 * (so that queued documents live through scavenges, as while a batch call is in flight).
 *
 *   npx tsc -p tsconfig.build.json
 *   node --expose-gc dist/bench/flows/ax-document-xml.js <base-dist> <new-dist> [rounds]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseKashflowInvoice } from '../../src/connectors/kashflow/wire/index.js';
import { buildAxDocument } from '../../src/connectors/ax/documents/build.js';
import { mapCanonical } from '../../src/mapping/engine.js';
import type { XmlNode } from '../../src/xml/build.js';
import { median, meter } from '../lib/gc-meter.js';
import { benchInvoiceJson, benchMapping, benchReference } from '../mapping/fixture.js';

interface Build {
  /** What the flow hands the writer as the request's document. */
  readonly requestDocument: (node: XmlNode) => XmlNode;
  readonly splitDocument: (service: string, document: XmlNode) => unknown;
  readonly joinDocuments: (parts: readonly unknown[]) => XmlNode;
  readonly buildXml: (node: XmlNode) => string;
}

const [baseDist, newDist, roundsArg] = process.argv.slice(2);
if (!baseDist || !newDist) throw new Error('usage: ax-document-xml.js <base-dist> <new-dist> [rounds]');
const ROUNDS = Number(roundsArg ?? 9);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const SERVICE = 'FreeTextInvoiceService';

async function load(dist: string, prebuilt: boolean): Promise<Build> {
  const from = async <T>(file: string): Promise<T> => (await import(pathToFileURL(resolve(dist, file)).href)) as T;
  const parts = await from<{ splitDocument: Build['splitDocument']; joinDocuments: Build['joinDocuments']; prebuiltRecords?: (n: XmlNode) => XmlNode }>('src/connectors/ax/writer/document-parts.js');
  const xml = await from<{ buildXml: Build['buildXml'] }>('src/xml/build.js');
  const requestDocument = prebuilt && parts.prebuiltRecords ? parts.prebuiltRecords : (n: XmlNode): XmlNode => n;
  return { requestDocument, splitDocument: parts.splitDocument, joinDocuments: parts.joinDocuments, buildXml: xml.buildXml };
}

const mapped = await mapCanonical(benchMapping(), { entity: 'sales-invoice', record: parseKashflowInvoice(benchInvoiceJson()) }, { reference: benchReference() });
const doc = mapped.documents[0]!.document;

function cpuUsPerDocument(b: Build, n: number): number {
  const t0 = process.cpuUsage();
  let chars = 0;
  for (let i = 0; i < n; i++) {
    const parts = b.splitDocument(SERVICE, b.requestDocument(buildAxDocument(doc).node));
    chars += b.buildXml(b.joinDocuments([parts])).length;
  }
  const t = process.cpuUsage(t0);
  if (chars === 0) throw new Error('no XML');
  return (t.user + t.system) / n;
}

function keptBytesPerDocument(b: Build, n: number): number {
  gc!();
  const before = process.memoryUsage().heapUsed;
  const queued: unknown[] = [];
  for (let i = 0; i < n; i++) queued.push(b.splitDocument(SERVICE, b.requestDocument(buildAxDocument(doc).node)));
  gc!();
  const kept = (process.memoryUsage().heapUsed - before) / n;
  if (queued.length !== n) throw new Error('unreachable');
  return kept;
}

/** Documents made one after another, each sent (serialised) when `WINDOW` later ones are queued. */
const WINDOW = 400;
async function queuedRun(b: Build, n: number): Promise<{ cpuUs: number; gcPauseUs: number; promotedB: number }> {
  const f = await meter(async () => {
    const queue: unknown[] = new Array<unknown>(WINDOW);
    let chars = 0;
    for (let i = 0; i < n; i++) {
      const slot = i % WINDOW;
      const waiting = queue[slot];
      if (waiting !== undefined) chars += b.buildXml(b.joinDocuments([waiting])).length;
      queue[slot] = b.splitDocument(SERVICE, b.requestDocument(buildAxDocument(doc).node));
    }
    if (chars === 0) throw new Error('no XML');
  });
  return { cpuUs: f.cpuUs / n, gcPauseUs: f.gcPauseUs / n, promotedB: f.promotedBytes / n };
}

const builds = { base: await load(baseDist, false), new: await load(newDist, true) };
if (builds.base.buildXml(builds.base.joinDocuments([builds.base.splitDocument(SERVICE, buildAxDocument(doc).node)])) !== builds.new.buildXml(builds.new.joinDocuments([builds.new.splitDocument(SERVICE, builds.new.requestDocument(buildAxDocument(doc).node))]))) {
  throw new Error('the two builds write different XML');
}
const cpu: Record<'base' | 'new', number[]> = { base: [], new: [] };
const kept: Record<'base' | 'new', number[]> = { base: [], new: [] };
const queued: Record<'base' | 'new', { cpuUs: number; gcPauseUs: number; promotedB: number }[]> = { base: [], new: [] };
for (const b of Object.values(builds)) cpuUsPerDocument(b, 500);
for (let r = 0; r < ROUNDS; r++) {
  const order: readonly ('base' | 'new')[] = r % 2 === 0 ? ['base', 'new'] : ['new', 'base'];
  for (const name of order) {
    cpu[name].push(cpuUsPerDocument(builds[name], 1_000));
    kept[name].push(keptBytesPerDocument(builds[name], 1_000));
    queued[name].push(await queuedRun(builds[name], 4_000));
  }
}
console.log(`AX free-text invoice (20 lines): tree -> AIF document XML, ${ROUNDS} rounds; medians per document`);
for (const name of ['base', 'new'] as const) {
  const q = queued[name];
  console.log(
    name.padEnd(5),
    `cpuUs=${median(cpu[name]).toFixed(1)}  keptWhileQueuedB=${median(kept[name]).toFixed(0)}  queued: cpuUs=${median(q.map((x) => x.cpuUs)).toFixed(1)} gcPauseUs=${median(q.map((x) => x.gcPauseUs)).toFixed(1)} promotedB=${median(q.map((x) => x.promotedB)).toFixed(0)}`,
  );
}
