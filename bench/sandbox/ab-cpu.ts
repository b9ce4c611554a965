/**
 * Sandbox CPU per shop order, base build against this build, measured on the servers alone.
 *
 * Starts `kfax sandbox --json --profile fast --seed 1` of each build as its own child process
 * and drives both with the same requests, in rounds that alternate which build goes first.
 * Per round it reads each child's CPU time (user + system, `/proc/<pid>/stat`) before and after
 * and reports the medians per order. The client is this process, so its CPU is not counted.
 *
 * The mix per order follows what `kfax bench intake` sends the sandboxes: one KashFlow
 * `POST /v2/invoices` (the body kfax's shop-order step writes); per 9 orders one AX
 * `FreeTextInvoiceService/create` with those 9 invoices; per 12 orders one
 * `CustomerTransactionService/find` for 5 recent document numbers (the writer's batched
 * read-back of posted invoice ids); per 50 orders one `CustomerService/findKeys`.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/sandbox/ab-cpu.js <base-checkout> <new-checkout> [ordersPerRound=3000] [rounds=7] [concurrency=32]
 *
 * `KFAX_AB_MIX=kashflow` or `KFAX_AB_MIX=ax` sends only that sandbox's share of the mix (a
 * change to one sandbox then shows against less noise); the default is the whole mix.
 *
 * A checkout is a directory with `bin/kfax` and its `dist/` build (e.g. /tmp/sb-base and this
 * worktree). `KFAX_AB_NEW_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` passes Node flags to the
 * new build's child only (to profile it). The last stdout line is one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Agent, request } from 'undici';
import { buildAifRequest } from '../../src/connectors/ax/client/soap-envelope.js';
import { queryCriteriaNode } from '../../src/connectors/ax/client/entity-keys.js';
import { el } from '../../src/xml/build.js';
import type { RunningSandbox, SandboxEndpoints } from '../../src/sandbox/sandbox.js';
import { kashflowToken } from '../lib/kashflow-token.js';
import { axFreeTextInvoice, documentNum, kashflowInvoiceBody } from '../lib/sandbox-orders.js';

const [baseDir, newDir, ordersArg, roundsArg, concurrencyArg] = process.argv.slice(2);
if (!baseDir || !newDir) throw new Error('usage: ab-cpu.js <base-checkout> <new-checkout> [ordersPerRound] [rounds] [concurrency]');
const ORDERS = Number(ordersArg ?? 3000);
const ROUNDS = Number(roundsArg ?? 7);
const CONCURRENCY = Number(concurrencyArg ?? 32);
/** Which part of the mix to send. */
const MIX = process.env.KFAX_AB_MIX ?? 'intake';
if (!['intake', 'kashflow', 'ax'].includes(MIX)) throw new Error('KFAX_AB_MIX: intake, kashflow or ax');
const SEND_KASHFLOW = MIX !== 'ax';
const SEND_AX = MIX !== 'kashflow';

/** Orders sent to each build before the measured rounds (JIT, first growth of the stores). */
const WARM_UP = 3000;

const SERVICES_NS = 'http://schemas.microsoft.com/dynamics/2008/01/services';
const FTI_NS = 'http://schemas.microsoft.com/dynamics/2008/01/documents/FreeTextInvoice';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';


interface Target {
  readonly name: string;
  readonly child: ChildProcess;
  readonly endpoints: SandboxEndpoints;
  readonly token: string;
  readonly customers: readonly string[];
}

function cpuMicros(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1e6;
}

async function start(name: string, dir: string, flags: string[]): Promise<Target> {
  const child = spawn(process.execPath, [...flags, resolve(dir, 'bin/kfax'), 'sandbox', '--json', '--profile', 'fast', '--seed', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoints = await new Promise<SandboxEndpoints>((ok, fail) => {
    let buffer = '';
    child.stdout?.on('data', (c: Buffer) => {
      buffer += c.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (line) ok(JSON.parse(line) as SandboxEndpoints);
    });
    child.once('exit', (code) => fail(new Error(`${name} sandbox exited (${code})`)));
  });
  const token = await kashflowToken({ endpoints } as RunningSandbox);
  const list = (await (await fetch(`${endpoints.kashflow.restUrl}/customers?perpage=100`, { headers: { authorization: `KfToken ${token}` } })).json()) as { Data: { Code: string }[] };
  return { name, child, endpoints, token, customers: list.Data.map((c) => c.Code) };
}

const messageId = (): string => `{${randomUUID().toUpperCase()}}`;

function ftiCreate(first: number, count: number, company: string): string {
  const records = Array.from({ length: count }, (_, i) => axFreeTextInvoice(first + i, 'GRP-0001'));
  return buildAifRequest('FreeTextInvoiceService', 'create', { company, messageId: messageId() }, [el('FreeTextInvoice', { xmlns: FTI_NS, 'xmlns:xsi': XSI_NS }, records)]);
}

function custTransFind(nums: readonly string[], company: string): string {
  return buildAifRequest('CustomerTransactionService', 'find', { company }, [queryCriteriaNode(nums.map((value1) => ({ dataSource: 'CustTrans', field: 'DocumentNum', operator: 'Equal', value1 })))]);
}

function customerFindKeys(account: string, company: string): string {
  return buildAifRequest('CustomerService', 'findKeys', { company }, [queryCriteriaNode([{ dataSource: 'CustTable', field: 'AccountNum', operator: 'Equal', value1: account }])]);
}

/** Orders [from, from + count) against one sandbox; answers are checked for 2xx. */
async function drive(t: Target, dispatcher: Agent, from: number, count: number): Promise<void> {
  const kfUrl = `${t.endpoints.kashflow.restUrl}/invoices`;
  const ax = t.endpoints.ax;
  const axAuth = `Basic ${Buffer.from(`${ax.domain}\\${ax.username}:${ax.password}`).toString('base64')}`;
  const kfHeaders = { 'content-type': 'application/json', authorization: `KfToken ${t.token}` };
  const axHeaders = (service: string, op: string): Record<string, string> => ({ 'content-type': 'text/xml; charset=utf-8', soapaction: `"${SERVICES_NS}/${service}/${op}"`, authorization: axAuth });
  const post = async (url: string, headers: Record<string, string>, body: string): Promise<void> => {
    const res = await request(url, { method: 'POST', headers, body, dispatcher });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${t.name}: HTTP ${res.statusCode} from ${url}: ${text.slice(0, 500)}`);
  };
  let next = from;
  const end = from + count;
  const worker = async (): Promise<void> => {
    while (next < end) {
      const n = next++;
      if (SEND_KASHFLOW) await post(kfUrl, kfHeaders, kashflowInvoiceBody(n, t.customers[n % t.customers.length] as string));
      if (!SEND_AX) continue;
      if (n % 9 === 0) await post(ax.url, axHeaders('FreeTextInvoiceService', 'create'), ftiCreate(n, 9, ax.company));
      if (n % 12 === 0 && n >= 20) await post(ax.url, axHeaders('CustomerTransactionService', 'find'), custTransFind([0, 1, 2, 3, 4].map((i) => documentNum(n - 18 + i)), ax.company));
      if (n % 50 === 0) await post(ax.url, axHeaders('CustomerService', 'findKeys'), customerFindKeys('GRP-0001', ax.company));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function main(): Promise<void> {
  const base = await start('base', baseDir as string, []);
  const next = await start('new', newDir as string, (process.env.KFAX_AB_NEW_FLAGS ?? '').split(' ').filter(Boolean));
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const perOrder: Record<'base' | 'new', number[]> = { base: [], new: [] };
  try {
    // Warm-up (JIT) on both, not measured.
    await drive(base, dispatcher, 0, WARM_UP);
    await drive(next, dispatcher, 0, WARM_UP);
    let from = WARM_UP;
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [base, next] : [next, base];
      for (const t of order) {
        const c0 = cpuMicros(t.child);
        await drive(t, dispatcher, from, ORDERS);
        perOrder[t.name as 'base' | 'new'].push((cpuMicros(t.child) - c0) / ORDERS);
      }
      from += ORDERS;
      process.stderr.write(`round ${round + 1}: base ${perOrder.base.at(-1)?.toFixed(1)} µs, new ${perOrder.new.at(-1)?.toFixed(1)} µs per order\n`);
    }
  } finally {
    await dispatcher.close();
    for (const t of [base, next]) t.child.kill('SIGINT');
  }
  const b = median(perOrder.base);
  const n = median(perOrder.new);
  // The ratio of each round's pair (same load on the machine, give or take) is steadier than the ratio of medians.
  const pairRatio = median(perOrder.new.map((x, i) => x / (perOrder.base[i] as number)));
  process.stdout.write(`${JSON.stringify({ mix: MIX, ordersPerRound: ORDERS, rounds: ROUNDS, concurrency: CONCURRENCY, cpuUsPerOrder: { base: Math.round(b), new: Math.round(n) }, ratio: Number((n / b).toFixed(3)), medianPairRatio: Number(pairRatio.toFixed(3)), rounds_base: perOrder.base.map(Math.round), rounds_new: perOrder.new.map(Math.round) })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exitCode = 1;
});
