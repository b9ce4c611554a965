/**
 * The KashFlow sandbox's reading of a `POST /v2/invoices` body, base build against this build
 * in one process: JSON body → `JsonReader` → `readDocument` (validation, decimals, line
 * arithmetic) → `applyTotals` → the detail JSON answer (`writtenDocumentJson` where the build
 * has it, else `documentJson`), per body of the intake bench's shape (two lines), without HTTP
 * and without storing. Alternates the builds per round and reports process CPU time per body,
 * medians over the rounds and the median of the rounds' new/base ratios.
 *
 *   npx tsc -p tsconfig.build.json
 *   node --expose-gc dist/bench/sandbox/kf-read-document.js <base-checkout> <new-checkout> [bodiesPerRound=20000] [rounds=15]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { kashflowInvoiceBody } from '../lib/sandbox-orders.js';

const [baseDir, newDir, perRoundArg, roundsArg] = process.argv.slice(2);
if (!baseDir || !newDir) throw new Error('usage: kf-read-document.js <base-checkout> <new-checkout> [bodiesPerRound] [rounds]');
const PER_ROUND = Number(perRoundArg ?? 20_000);
const ROUNDS = Number(roundsArg ?? 15);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');



interface Build {
  readonly name: string;
  read(text: string): unknown;
  readonly customers: readonly string[];
}

async function load(name: string, dir: string): Promise<Build> {
  const from = async <T>(file: string): Promise<T> => (await import(pathToFileURL(resolve(dir, 'dist/src', file)).href)) as T;
  const { SandboxClock } = await from<{ SandboxClock: new () => { today(): string; nowMs(): number } }>('sandbox/clock.js');
  const { FaultInjector } = await from<{ FaultInjector: new (p: unknown, seed: number) => unknown }>('sandbox/faults/injector.js');
  const { builtInProfile } = await from<{ builtInProfile: (n: string) => unknown }>('sandbox/faults/profiles.js');
  const { buildWorld } = await from<{ buildWorld: (o: object) => { kashflow: { customers: { code: string }[] } } }>('sandbox/seed/world.js');
  const { KashflowState } = await from<{ KashflowState: new (ctx: unknown) => unknown }>('sandbox/kashflow/state.js');
  const { JsonReader, parseJsonBody } = await from<{ JsonReader: { root(v: unknown, strict: boolean): { finish(): void } }; parseJsonBody(b: unknown): unknown }>('sandbox/kashflow/wire/input.js');
  const { readDocument, blankDocument } = await from<{ readDocument: (s: unknown, k: string, r: unknown, base: unknown, mode: string) => { lines: unknown[] }; blankDocument: (k: string, now: number) => unknown }>('sandbox/kashflow/rest/document-input.js');
  const { applyTotals } = await from<{ applyTotals: (d: unknown) => void }>('sandbox/kashflow/store/documents.js');
  const json = await from<{ writtenDocumentJson?: (s: unknown, d: unknown) => string; documentJson: (s: unknown, d: unknown, shape: string) => string }>('sandbox/kashflow/rest/document-json.js');
  const answer = json.writtenDocumentJson ?? ((s: unknown, d: unknown): string => json.documentJson(s, d, 'detail'));
  const clock = new SandboxClock();
  const ctx = { world: buildWorld({ seed: 1, today: clock.today() }), faults: new FaultInjector(builtInProfile('fast'), 1), clock };
  const state = new KashflowState(ctx);
  return {
    name,
    customers: ctx.world.kashflow.customers.map((c) => c.code),
    read(text) {
      const r = JsonReader.root(parseJsonBody(text), true);
      const d = readDocument(state, 'invoice', r, blankDocument('invoice', clock.nowMs()), 'create');
      r.finish();
      applyTotals(d);
      return answer(state, d).length;
    },
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const builds = [await load('base', baseDir), await load('new', newDir)];
const texts = Array.from({ length: PER_ROUND }, (_, n) => kashflowInvoiceBody(n, (builds[0] as Build).customers[n % (builds[0] as Build).customers.length] as string));
const perBody: Record<string, number[]> = { base: [], new: [] };
let sink = 0;
for (const b of builds) for (const t of texts) sink += b.read(t) === undefined ? 0 : 1;
for (let round = 0; round < ROUNDS; round++) {
  for (const b of round % 2 === 0 ? builds : [...builds].reverse()) {
    gc();
    const t0 = process.cpuUsage();
    for (const t of texts) sink += b.read(t) === undefined ? 0 : 1;
    const t = process.cpuUsage(t0);
    (perBody[b.name] as number[]).push((t.user + t.system) / PER_ROUND);
  }
}
const [bm, nm] = [median(perBody.base as number[]), median(perBody.new as number[])];
const pair = median((perBody.new as number[]).map((x, i) => x / ((perBody.base as number[])[i] as number)));
process.stdout.write(`${JSON.stringify({ bodiesPerRound: PER_ROUND, rounds: ROUNDS, cpuUsPerBody: { base: Number(bm.toFixed(2)), new: Number(nm.toFixed(2)) }, ratio: Number((nm / bm).toFixed(3)), medianPairRatio: Number(pair.toFixed(3)), sink })}\n`);
