/**
 * Fastify's per-request body parsing set-up in the sandbox servers (`createSandboxApp`), base
 * build against this build in one process: one POST route per build that answers the body's
 * length, driven with `inject` (JSON and SOAP content types alternating), rounds alternating
 * the builds; process CPU time per request, medians and the median of the rounds' new/base ratios.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/sandbox/content-type.js <base-checkout> <new-checkout> [requestsPerRound=20000] [rounds=11]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';

const [baseDir, newDir, perRoundArg, roundsArg] = process.argv.slice(2);
if (!baseDir || !newDir) throw new Error('usage: content-type.js <base-checkout> <new-checkout> [requestsPerRound] [rounds]');
const N = Number(perRoundArg ?? 20_000);
const ROUNDS = Number(roundsArg ?? 11);

async function app(dir: string): Promise<FastifyInstance> {
  const { createSandboxApp } = (await import(pathToFileURL(resolve(dir, 'dist/src/sandbox/http.js')).href)) as { createSandboxApp: (o: { bodyLimit: number }) => FastifyInstance };
  const a = createSandboxApp({ bodyLimit: 1 << 20 });
  a.post('/x', (req, reply) => reply.send(String((req.body as string).length)));
  await a.ready();
  return a;
}

async function drive(a: FastifyInstance): Promise<void> {
  for (let i = 0; i < N; i++) {
    const res = await a.inject({ method: 'POST', url: '/x', headers: { 'content-type': i % 2 ? 'text/xml; charset=utf-8' : 'application/json' }, payload: '{"a":1}' });
    if (res.body !== '7') throw new Error(`unexpected answer ${res.statusCode} ${res.body}`);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const builds = [{ name: 'base', app: await app(baseDir) }, { name: 'new', app: await app(newDir) }];
const us: Record<string, number[]> = { base: [], new: [] };
for (const b of builds) await drive(b.app);
for (let r = 0; r < ROUNDS; r++) {
  for (const b of r % 2 === 0 ? builds : [...builds].reverse()) {
    const t0 = process.cpuUsage();
    await drive(b.app);
    const t = process.cpuUsage(t0);
    (us[b.name] as number[]).push((t.user + t.system) / N);
  }
}
const [bm, nm] = [median(us.base as number[]), median(us.new as number[])];
process.stdout.write(`${JSON.stringify({ requestsPerRound: N, rounds: ROUNDS, cpuUsPerRequest: { base: Number(bm.toFixed(2)), new: Number(nm.toFixed(2)) }, medianPairRatio: Number(median((us.new as number[]).map((x, i) => x / ((us.base as number[])[i] as number))).toFixed(3)) })}\n`);
