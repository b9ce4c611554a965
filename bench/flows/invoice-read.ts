/**
 * The invoice sync's read of KashFlow's create answer, base build against this build in one
 * process, alternating: the answer text parsed as the KashFlow client parses it
 * (`parseKashflowJson`) and read into the canonical invoice (`parseKashflowInvoice`: the record,
 * its content hash). The answers are the KashFlow sandbox's own to the intake bench's invoice
 * bodies (two lines each), made once in-process. Reports medians of µs per invoice and of paired
 * ratios new / base, and checks both builds give the same content hashes.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/flows/invoice-read.js <base-dist> <new-dist> [rounds=15] [invoices=20000]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { parseKashflowInvoice } from '../../src/connectors/kashflow/wire/index.js';
import { SandboxClock } from '../../src/sandbox/clock.js';
import { FaultInjector } from '../../src/sandbox/faults/injector.js';
import { builtInProfile } from '../../src/sandbox/faults/profiles.js';
import { applyTotals } from '../../src/sandbox/kashflow/store/documents.js';
import { blankDocument, readDocument } from '../../src/sandbox/kashflow/rest/document-input.js';
import { writtenDocumentJson } from '../../src/sandbox/kashflow/rest/document-json.js';
import { KashflowState } from '../../src/sandbox/kashflow/state.js';
import { JsonReader, parseJsonBody } from '../../src/sandbox/kashflow/wire/input.js';
import { buildWorld } from '../../src/sandbox/seed/world.js';
import { alternateBuilds } from '../lib/alternate-builds.js';
import { kashflowInvoiceBody } from '../lib/sandbox-orders.js';

interface Build {
  readonly parseJson: (text: string) => unknown;
  readonly read: typeof parseKashflowInvoice;
}

const [baseDist, newDist, roundsArg, countArg] = process.argv.slice(2);
if (!baseDist || !newDist) throw new Error('usage: invoice-read.js <base-dist> <new-dist> [rounds] [invoices]');
const ROUNDS = Number(roundsArg ?? 15);
const COUNT = Number(countArg ?? 20_000);
const DISTINCT = 1_000;

async function load(dist: string): Promise<Build> {
  const from = async <T>(file: string): Promise<T> => (await import(pathToFileURL(resolve(dist, file)).href)) as T;
  const { parseKashflowJson } = await from<{ parseKashflowJson: Build['parseJson'] }>('src/connectors/kashflow/client/json.js');
  const wire = await from<{ parseKashflowInvoice: Build['read'] }>('src/connectors/kashflow/wire/index.js');
  return { parseJson: parseKashflowJson, read: wire.parseKashflowInvoice };
}
const builds = { base: await load(baseDist), new: await load(newDist) };

/** The sandbox's answers to `n` invoice creates of the intake's shape. */
function sandboxAnswers(n: number): string[] {
  const clock = new SandboxClock();
  const ctx = { world: buildWorld({ seed: 1, today: clock.today() }), faults: new FaultInjector(builtInProfile('fast'), 1), clock };
  const state = new KashflowState(ctx);
  const customers = ctx.world.kashflow.customers.map((c) => c.code);
  return Array.from({ length: n }, (_, i) => {
    const r = JsonReader.root(parseJsonBody(kashflowInvoiceBody(i, customers[i % customers.length] as string)), true);
    const doc = readDocument(state, 'invoice', r, blankDocument('invoice', clock.nowMs()), 'create');
    r.finish();
    applyTotals(doc);
    return writtenDocumentJson(state, doc);
  });
}
const answers = sandboxAnswers(DISTINCT);

function run(b: Build): { us: number; hashes: string } {
  let hashes = '';
  const cpu = process.cpuUsage();
  for (let i = 0; i < COUNT; i++) {
    const invoice = b.read(b.parseJson(answers[i % DISTINCT] as string), { homeCurrency: 'GBP' });
    if (i < 3) hashes += invoice.hash;
  }
  const used = process.cpuUsage(cpu);
  return { us: (used.user + used.system) / COUNT, hashes };
}

run(builds.base);
run(builds.new);
const ab = await alternateBuilds(ROUNDS, (name) => {
  const { us, hashes } = run(builds[name]);
  return { us, output: hashes };
}, 'the builds read different invoices');
console.log(JSON.stringify({ rounds: ROUNDS, invoices: COUNT, cpuMicrosPerInvoice: { base: +ab.base.toFixed(2), new: +ab.new.toFixed(2) }, ratio: +ab.ratio.toFixed(3), pairedRatio: +ab.pairedRatio.toFixed(3) }));
