/**
 * An idempotent test sink over real HTTP: it records one effect per idempotency key (like AX
 * with AIF MessageIds), counts every raw delivery, and lets a re-sending handler look an effect
 * up by key. A duplicated effect is the same message (its `seq`) applied under two keys — what
 * an engine that derived keys badly, or re-created instead of looking up, would cause.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the sink saw. */
export interface SinkStats {
  /** Distinct effects (one per idempotency key). */
  readonly effects: number;
  /** Every POST, including repeats of a key. */
  readonly rawDeliveries: number;
  /** Look-ups by key (re-sends resolving by look-up). */
  readonly lookups: number;
  /** Message sequence numbers applied under more than one key. */
  readonly duplicatedSeqs: number;
  /** Sequence numbers with an effect. */
  readonly seqs: readonly number[];
}

/** A running sink. */
export interface IdempotentSink {
  readonly url: string;
  stats(): SinkStats;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the sink on 127.0.0.1, port 0. `latencyMs` delays each answer. */
export async function startIdempotentSink(options: { latencyMs?: number } = {}): Promise<IdempotentSink> {
  const effects = new Map<string, number>();
  const keysBySeq = new Map<number, Set<string>>();
  let raw = 0;
  let lookups = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sink');
      if (req.method === 'GET' && url.pathname.startsWith('/effects/')) {
        lookups++;
        const key = decodeURIComponent(url.pathname.slice('/effects/'.length));
        const seq = effects.get(key);
        res.writeHead(seq === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(seq === undefined ? {} : { seq }));
        return;
      }
      if (req.method === 'POST' && url.pathname === '/deliver') {
        const key = req.headers['idempotency-key'];
        let seq: number;
        try {
          seq = (JSON.parse(await body(req)) as { seq: number }).seq;
        } catch {
          res.writeHead(400).end();
          return;
        }
        if (typeof key !== 'string' || !Number.isInteger(seq)) {
          res.writeHead(400).end();
          return;
        }
        raw++;
        // The effect is applied before the answer: a worker killed now leaves the sender in doubt.
        const duplicate = effects.has(key);
        if (!duplicate) {
          effects.set(key, seq);
          const keys = keysBySeq.get(seq) ?? new Set<string>();
          keys.add(key);
          keysBySeq.set(seq, keys);
        }
        if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
        res.writeHead(duplicate ? 200 : 201, { 'content-type': 'application/json' }).end(JSON.stringify({ duplicate }));
        return;
      }
      res.writeHead(404).end();
    })();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({
      effects: effects.size,
      rawDeliveries: raw,
      lookups,
      duplicatedSeqs: [...keysBySeq.values()].filter((k) => k.size > 1).length,
      seqs: [...keysBySeq.keys()].sort((a, b) => a - b),
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
