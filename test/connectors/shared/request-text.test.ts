import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Pool, errors as undiciErrors } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestText } from '../../../src/connectors/shared/request-text.js';
import { classifyNetworkError } from '../../../src/connectors/shared/network-errors.js';

const TEXT = '{"Name":"Zoë £24.95 ✓ 𝄞"}';
const BYTES = Buffer.from(TEXT, 'utf8');

let server: Server;
let origin: string;
/** Sockets the server saw closed, by the path of the request on them. */
const closedAfter: string[] = [];

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  req.socket.once('close', () => closedAfter.push(url.pathname));
  switch (url.pathname) {
    case '/empty':
      res.writeHead(204).end();
      return;
    case '/echo': {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.writeHead(201, { 'content-type': 'application/json', 'x-method': req.method ?? '' });
        res.end(Buffer.concat(chunks));
      });
      return;
    }
    case '/split': {
      // The body in pieces cut at `cut` bytes, each flushed on its own (a character split across chunks).
      const cut = Number(url.searchParams.get('cut'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(BYTES.subarray(0, cut));
      setTimeout(() => res.end(BYTES.subarray(cut)), 5);
      return;
    }
    case '/bytewise': {
      res.writeHead(200);
      let i = 0;
      const next = (): void => {
        if (i === BYTES.length) return void res.end();
        res.write(BYTES.subarray(i, ++i));
        setImmediate(next);
      };
      next();
      return;
    }
    case '/hints':
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      setTimeout(() => res.writeHead(200).end(TEXT), 5);
      return;
    case '/big': {
      const size = Number(url.searchParams.get('size'));
      res.writeHead(200);
      // Sent slowly in 8 KB pieces: an aborted read stops long before the end.
      let sent = 0;
      const next = (): void => {
        if (res.destroyed) return;
        if (sent >= size) return void res.end();
        const n = Math.min(8192, size - sent);
        sent += n;
        res.write(Buffer.alloc(n, 0x61));
        setTimeout(next, 1);
      };
      next();
      return;
    }
    case '/silent':
      return; // never answers
    default:
      res.writeHead(404).end('no');
  }
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const get = (path: string) => ({ method: 'GET', path, headers: {}, body: null });

describe('requestText', () => {
  it('answers status, parsed headers and the body as text, on a Pool and a Client', async () => {
    for (const dispatcher of [new Pool(origin, { connections: 2 }), new Client(origin)]) {
      try {
        const answer = await requestText(dispatcher, { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: TEXT }, 1000, origin);
        expect(answer.status).toBe(201);
        expect(answer.text).toBe(TEXT);
        expect(answer.headers['content-type']).toBe('application/json');
        expect(answer.headers['x-method']).toBe('POST');
        expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
        const empty = await requestText(dispatcher, get('/empty'), 1000, origin);
        expect(empty).toMatchObject({ status: 204, text: '' });
        expect((await requestText(dispatcher, get('/nowhere'), 1000, origin)).status).toBe(404);
      } finally {
        await dispatcher.close();
      }
    }
  });

  it('decodes UTF-8 split across chunks at every byte, and a body sent byte by byte', async () => {
    const pool = new Pool(origin, { connections: 4 });
    try {
      const cuts = Array.from({ length: BYTES.length - 1 }, (_, i) => i + 1);
      const texts = await Promise.all(cuts.map((cut) => requestText(pool, get(`/split?cut=${cut}`), 1000, origin)));
      for (const t of texts) expect(t.text).toBe(TEXT);
      expect((await requestText(pool, get('/bytewise'), 1000, origin)).text).toBe(TEXT);
    } finally {
      await pool.close();
    }
  });

  it('keeps only the final answer after a 1xx informational one', async () => {
    const client = new Client(origin);
    try {
      expect(await requestText(client, get('/hints'), 1000, origin)).toMatchObject({ status: 200, text: TEXT });
    } finally {
      await client.close();
    }
  });

  it('takes a body of exactly the limit, refuses a larger one naming the origin, drops that connection and stays usable', async () => {
    const client = new Client(origin);
    try {
      expect((await requestText(client, get('/big?size=20000'), 20000, origin)).text).toHaveLength(20000);
      closedAfter.length = 0;
      const refused = requestText(client, get('/big?size=2000000'), 20000, origin);
      await expect(refused).rejects.toMatchObject({ code: 'KFAX_REMOTE_REJECTED', message: expect.stringContaining(origin) });
      await expect(refused).rejects.toThrow(/larger than 20000 bytes/);
      await expect.poll(() => closedAfter).toContain('/big');
      expect((await requestText(client, { method: 'POST', path: '/echo', headers: {}, body: 'again' }, 1000, origin)).text).toBe('again');
    } finally {
      await client.close();
    }
  });

  it("passes undici's own errors through, so they classify as before", async () => {
    const refusedOrigin = 'http://127.0.0.1:1';
    const down = new Client(refusedOrigin);
    try {
      const err = await requestText(down, get('/'), 1000, refusedOrigin).catch((e: unknown) => e);
      expect(classifyNetworkError(err, refusedOrigin, 100, true)).toMatchObject({ code: 'KFAX_REMOTE_UNAVAILABLE', kind: 'transient' });
    } finally {
      await down.close();
    }
    const slow = new Client(origin, { headersTimeout: 50 });
    try {
      const err = await requestText(slow, get('/silent'), 1000, origin).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(undiciErrors.HeadersTimeoutError);
      expect(classifyNetworkError(err, origin, 50, true)).toMatchObject({ code: 'KFAX_REMOTE_TIMEOUT', kind: 'in_doubt' });
    } finally {
      await slow.destroy();
    }
  });
});
