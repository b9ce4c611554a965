/**
 * CPU per invoice sync of the engine's run and the AX writer's batch wait, base build against
 * this build in one process, alternating: each build's `executeMessage` runs a handler that hands
 * a mapped two-line free-text invoice to that build's `writeOnce` (flows/order-to-cash/ax-write) and
 * `AxDocumentWriter` in batch mode (10 documents per call, as `ax.batch.whenBusy` makes them in
 * the intake bench), whose AIF client is a stand-in answering each create after 2 ms; 100
 * messages in flight. Measures what a document costs while it waits for its batch: the run's
 * stop signal and the writer's listener on it, the batch queue, the envelope and the outcome.
 * Reports medians of µs per message and of paired ratios new / base.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/flows/ax-write-stop.js <base-dist> <new-dist> [rounds=11] [messages=10000]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { alternateBuilds } from '../lib/alternate-builds.js';

interface Build {
  run(count: number): Promise<void>;
}

const [baseDist, newDist, roundsArg, messagesArg] = process.argv.slice(2);
if (!baseDist || !newDist) throw new Error('usage: ax-write-stop.js <base-dist> <new-dist> [rounds] [messages]');
const ROUNDS = Number(roundsArg ?? 11);
const MESSAGES = Number(messagesArg ?? 10_000);
const IN_FLIGHT = 100;

async function load(dist: string): Promise<Build> {
  const from = async <T>(file: string): Promise<T> => (await import(pathToFileURL(resolve(dist, file)).href)) as T;
  const exec = await from<{ executeMessage(m: unknown, s: unknown, c: unknown, i: unknown): Promise<{ settlement: { kind: string } }>; Interrupter: new () => unknown }>('src/engine/executor.js');
  const { writeOnce } = await from<{ writeOnce(deps: unknown, d: unknown, doc: unknown, key: unknown, date: string): Promise<{ outcome: string }> }>('src/flows/order-to-cash/ax-write.js');
  const { AxDocumentWriter } = await from<{ AxDocumentWriter: new (o: unknown) => { create(r: unknown): Promise<unknown>; forceMode(s: string, m: string): void } }>('src/connectors/ax/writer/writer.js');
  const { naturalKeys } = await from<{ naturalKeys: { freeTextInvoice(n: string): unknown } }>('src/connectors/ax/writer/natural-key.js');
  const { parseKashflowInvoice } = await from<{ parseKashflowInvoice(j: unknown, o: unknown): unknown }>('src/connectors/kashflow/wire/index.js');
  const { mapCanonical } = await from<{ mapCanonical(m: unknown, d: unknown, o: unknown): Promise<{ documents: unknown[] }> }>('src/mapping/engine.js');
  const fixture = await from<{ benchMapping(): unknown; benchReference(): unknown; benchInvoiceJson(): unknown }>('bench/mapping/fixture.js');
  // The mapping bench's invoice cut to the intake's two lines (totals then come from the lines),
  // mapped with this build's own classes.
  const json = fixture.benchInvoiceJson() as Record<string, unknown>;
  const twoLines: Record<string, unknown> = { ...json, LineItems: (json.LineItems as unknown[]).slice(0, 2) };
  for (const total of ['NetAmount', 'VATAmount', 'GrossAmount']) delete twoLines[total];
  const mapped = await mapCanonical(fixture.benchMapping(), { entity: 'sales-invoice', record: parseKashflowInvoice(twoLines, { homeCurrency: 'GBP' }) }, { reference: fixture.benchReference() });
  const doc = mapped.documents[0];
  const client = {
    create: async (_service: string, document: { children: unknown[] }): Promise<unknown[]> => {
      await sleep(2);
      return document.children.map((_, i) => ({ field: 'RecId', value: String(i) }));
    },
  };
  const writer = new AxDocumentWriter({ client, batch: { enabled: true, maxDocuments: 10, timeoutsToSwitch: 3, healthyCallsToSwitchBack: 1e9, lingerMs: 5 } });
  writer.forceMode('FreeTextInvoiceService', 'batch');
  const deps = { ax: { write: (r: unknown) => writer.create(r) }, company: 'kfuk' };
  const def = {
    type: 'kashflow.invoice.sync',
    endpoint: 'ax',
    handle: async (d: { id: number }) => {
      const result = await writeOnce(deps, d, doc, naturalKeys.freeTextInvoice(String(d.id)), '2026-11-20');
      if (result.outcome !== 'created') throw new Error(`unexpected ${result.outcome}`);
      return { output: { id: d.id } };
    },
  };
  const ctx = { registry: { get: () => def, validate: (_t: string, value: unknown) => ({ ok: true, value }) }, clock: { now: () => Date.now() }, maxPayloadBytes: 1_000_000, workerId: 'bench', lookupXref: () => Promise.resolve(null) };
  const settings = { handlerTimeoutMs: 120_000, retry: { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 5, budgetMs: 3_600_000 } };
  let id = 0;
  const message = (n: number): unknown => ({ id: n, type: 'kashflow.invoice.sync', endpoint: 'ax', payload: `{"number":${n},"detectedBy":"shop"}`, attempt: 1, budgetUsed: 0, idempotencyKey: `00000000-0000-5000-8000-${String(n).padStart(12, '0')}`, resend: false, aggregateKey: null, previousState: 'pending' });
  return {
    async run(count) {
      const interrupt = new exec.Interrupter();
      let left = count;
      const lane = async (): Promise<void> => {
        while (left-- > 0) {
          const outcome = await exec.executeMessage(message(++id), settings, ctx, interrupt);
          if (outcome.settlement.kind !== 'delivered') throw new Error(`unexpected ${outcome.settlement.kind}: ${JSON.stringify(outcome.settlement)}`);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    },
  };
}

const builds = { base: await load(baseDist), new: await load(newDist) };
async function measure(b: Build): Promise<number> {
  const cpu = process.cpuUsage();
  await b.run(MESSAGES);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / MESSAGES;
}
await measure(builds.base);
await measure(builds.new);
const ab = await alternateBuilds(ROUNDS, (name) => measure(builds[name]));
console.log(JSON.stringify({ rounds: ROUNDS, messages: MESSAGES, cpuMicrosPerMessage: { base: +ab.base.toFixed(2), new: +ab.new.toFixed(2) }, ratio: +ab.ratio.toFixed(3), pairedRatio: +ab.pairedRatio.toFixed(3) }));
