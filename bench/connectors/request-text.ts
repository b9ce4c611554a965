/**
 * Client CPU per request: undici's `request()` with its body read back through the stream's
 * async iterator (how both connectors read answers before) against {@link requestText}
 * (`dispatch` with a handler that collects the chunks), alternating in one process, against one
 * answering server in a child process (so only the client's CPU is counted). Each request posts
 * ~800 bytes and reads a ~2.7 KB JSON answer, like a KashFlow invoice create.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/connectors/request-text.js [requests=20000] [concurrency=64] [rounds=7]
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { requestText } from '../../src/connectors/shared/request-text.js';
import { median } from '../lib/gc-meter.js';

const ANSWER = Buffer.from(JSON.stringify({ Number: 1, Lines: Array.from({ length: 6 }, (_, i) => ({ Description: 'x'.repeat(40), Rate: '12.3400', Quantity: i })), Customer: 'C'.repeat(30) }).repeat(3));

if (process.argv[2] === '--serve') {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json', 'content-length': ANSWER.length }).end(ANSWER));
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as { port: number }).port));
} else {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const [requests, concurrency, rounds] = [Number(args[0] ?? 20_000), Number(args[1] ?? 64), Number(args[2] ?? 7)];
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: process.execArgv });
  const port = await new Promise<number>((r) => child.once('message', (m) => r(Number(m))));
  const origin = `http://127.0.0.1:${port}`;
  const pool = new Pool(origin, { connections: 16, pipelining: 1 });
  const request = { method: 'POST', path: '/v2/invoices', headers: { 'content-type': 'application/json', authorization: 'KfToken bench' }, body: JSON.stringify({ a: 'y'.repeat(800) }) };

  const viaStream = async (): Promise<number> => {
    const res = await pool.request({ ...request, method: 'POST' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      chunks.push(chunk);
    }
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
    return res.statusCode + text.length;
  };
  const viaDispatch = async (): Promise<number> => {
    const res = await requestText(pool, request, 1 << 20, origin);
    return res.status + res.text.length;
  };
  const expected = 201 + ANSWER.length;

  /** Process CPU µs per request over `n` requests with `concurrency` in flight. */
  const run = async (fn: () => Promise<number>, n: number): Promise<number> => {
    let started = 0;
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (started++ < n) if ((await fn()) !== expected) throw new Error('unexpected answer');
      }),
    );
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / n;
  };

  const samples = { stream: [] as number[], dispatch: [] as number[] };
  await run(viaStream, 5_000);
  await run(viaDispatch, 5_000);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['stream', 'dispatch'] as const) : (['dispatch', 'stream'] as const);
    for (const name of order) samples[name].push(await run(name === 'stream' ? viaStream : viaDispatch, requests));
  }
  const s = median(samples.stream);
  const d = median(samples.dispatch);
  console.log(JSON.stringify({ requests, concurrency, rounds, cpuMicrosPerRequest: { requestAndStream: +s.toFixed(1), requestText: +d.toFixed(1) }, ratio: +(d / s).toFixed(3) }));
  await pool.close();
  child.kill();
}
