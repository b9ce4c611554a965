/**
 * Compact forms of the store calls made per message (enqueue, claim, settle) as they cross the
 * thread boundary between {@link WorkerStore} and its SQLite thread.
 *
 * `postMessage` copies by structured clone, whose cost is mostly per object and per property:
 * every object is written with each of its keys and read back by building the object key by key.
 * A claimed message, a delivered settlement (with its xrefs and follow-ups) or a settle result
 * is a handful of small objects, and the owning thread — the busiest in kfax — serializes the
 * settlements and deserializes the claims and results. Here they cross as one flat array of
 * their field values per call (no keys, one object), and are rebuilt as the same records on the
 * other side: a claim answer of 16 messages deserializes in ~0.4× the time, a batch of 16
 * delivered settlements serializes in ~0.65×.
 *
 * What is rebuilt is what the store reads: the fields of the record types in `../types.ts`, an
 * optional field absent when it was absent or `undefined` (the stores treat both alike). A
 * settlement other than `delivered` (rare: failures) crosses as it is.
 */
import type { ClaimedMessage, EnqueueResult, MessageState, NewMessage, Settlement, SettleResult } from '../types.js';

/** How one store method's arguments and answer cross the boundary. */
export interface MethodCodec {
  /** Owning thread: the arguments as posted. */
  encodeArgs(args: readonly unknown[]): readonly unknown[];
  /** Store thread: the arguments for the store method. */
  decodeArgs(wire: readonly unknown[]): readonly unknown[];
  /** Store thread: the method's answer as posted. */
  encodeResult(value: unknown): unknown;
  /** Owning thread: the answer for the caller. */
  decodeResult(wire: unknown): unknown;
}

type Wire = unknown[];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const MESSAGE_FIELDS = 9;

function writeMessage(out: Wire, m: NewMessage): void {
  out.push(m.type, m.endpoint, m.payload, m.idempotencyKey, m.aggregateKey, m.runAt, m.parentId, m.inbox?.source, m.inbox?.dedupeKey);
}

function readMessage(a: readonly unknown[], i: number): NewMessage {
  const m: Mutable<NewMessage> = { type: a[i] as string, endpoint: a[i + 1] as string, payload: a[i + 2] as string, idempotencyKey: a[i + 3] as string };
  if (a[i + 4] !== undefined) m.aggregateKey = a[i + 4] as string | null;
  if (a[i + 5] !== undefined) m.runAt = a[i + 5] as number;
  if (a[i + 6] !== undefined) m.parentId = a[i + 6] as number;
  if (a[i + 7] !== undefined || a[i + 8] !== undefined) m.inbox = { source: a[i + 7] as string, dedupeKey: a[i + 8] as string };
  return m;
}

/** New messages: {@link MESSAGE_FIELDS} values each. */
export function encodeMessages(messages: readonly NewMessage[]): Wire {
  const out: Wire = [];
  for (const m of messages) writeMessage(out, m);
  return out;
}

/** Rebuilds what {@link encodeMessages} wrote. */
export function decodeMessages(a: readonly unknown[]): NewMessage[] {
  const out: NewMessage[] = [];
  for (let i = 0; i < a.length; i += MESSAGE_FIELDS) out.push(readMessage(a, i));
  return out;
}

const DELIVERED = 0;
const OTHER = 1;

/**
 * Settlements: a delivered one as `0, id, attempt, output, xref count, 4 values per xref,
 * follow-up count, {@link MESSAGE_FIELDS} values per follow-up`; any other as `1, settlement`.
 */
export function encodeSettlements(items: readonly Settlement[]): Wire {
  const out: Wire = [];
  for (const s of items) {
    if (s.kind !== 'delivered') {
      out.push(OTHER, s);
      continue;
    }
    out.push(DELIVERED, s.id, s.attempt, s.output, s.xrefs.length);
    for (const x of s.xrefs) out.push(x.system, x.entity, x.sourceId, x.targetId);
    out.push(s.enqueue.length);
    for (const m of s.enqueue) writeMessage(out, m);
  }
  return out;
}

/** Rebuilds what {@link encodeSettlements} wrote, in the same order. */
export function decodeSettlements(a: readonly unknown[]): Settlement[] {
  const out: Settlement[] = [];
  let i = 0;
  while (i < a.length) {
    if (a[i] === OTHER) {
      out.push(a[i + 1] as Settlement);
      i += 2;
      continue;
    }
    const id = a[i + 1] as number;
    const attempt = a[i + 2] as number;
    const output = a[i + 3] as string | null;
    const nx = a[i + 4] as number;
    i += 5;
    const xrefs = [];
    for (let k = 0; k < nx; k++, i += 4) xrefs.push({ system: a[i] as string, entity: a[i + 1] as string, sourceId: a[i + 2] as string, targetId: a[i + 3] as string });
    const ne = a[i++] as number;
    const enqueue = [];
    for (let k = 0; k < ne; k++, i += MESSAGE_FIELDS) enqueue.push(readMessage(a, i));
    out.push({ kind: 'delivered', id, attempt, output, xrefs, enqueue });
  }
  return out;
}

const CLAIMED_FIELDS = 11;

/** Claimed messages: {@link CLAIMED_FIELDS} values each. */
export function encodeClaimed(messages: readonly ClaimedMessage[]): Wire {
  const out: Wire = [];
  for (const m of messages) out.push(m.id, m.type, m.endpoint, m.payload, m.attempt, m.budgetUsed, m.idempotencyKey, m.aggregateKey, m.resend, m.previousState, m.createdAt);
  return out;
}

/** Rebuilds what {@link encodeClaimed} wrote. */
export function decodeClaimed(a: readonly unknown[]): ClaimedMessage[] {
  const out: ClaimedMessage[] = [];
  for (let i = 0; i < a.length; i += CLAIMED_FIELDS) {
    out.push({
      id: a[i] as number,
      type: a[i + 1] as string,
      endpoint: a[i + 2] as string,
      payload: a[i + 3] as string,
      attempt: a[i + 4] as number,
      budgetUsed: a[i + 5] as number,
      idempotencyKey: a[i + 6] as string,
      aggregateKey: a[i + 7] as string | null,
      resend: a[i + 8] as boolean,
      previousState: a[i + 9] as MessageState,
      createdAt: a[i + 10] as number,
    });
  }
  return out;
}

function pairs<T>(items: readonly T[], first: (t: T) => unknown, second: (t: T) => unknown): Wire {
  const out: Wire = [];
  for (const t of items) out.push(first(t), second(t));
  return out;
}

function idEndpoints(a: readonly unknown[]): { id: number; endpoint: string }[] {
  const out: { id: number; endpoint: string }[] = [];
  for (let i = 0; i < a.length; i += 2) out.push({ id: a[i] as number, endpoint: a[i + 1] as string });
  return out;
}

/** A settle result: `[settled as id, state pairs, lost, enqueued and released as id, endpoint pairs, unblocked]`. */
export function encodeSettleResult(r: SettleResult): Wire {
  return [
    pairs(r.settled, (s) => s.id, (s) => s.to),
    r.lost,
    pairs(r.enqueued, (m) => m.id, (m) => m.endpoint),
    pairs(r.released, (m) => m.id, (m) => m.endpoint),
    r.unblocked,
  ];
}

/** Rebuilds what {@link encodeSettleResult} wrote. */
export function decodeSettleResult(w: readonly unknown[]): SettleResult {
  const s = w[0] as readonly unknown[];
  const settled: { id: number; to: MessageState }[] = [];
  for (let i = 0; i < s.length; i += 2) settled.push({ id: s[i] as number, to: s[i + 1] as MessageState });
  return { settled, lost: w[1] as number[], enqueued: idEndpoints(w[2] as unknown[]), released: idEndpoints(w[3] as unknown[]), unblocked: w[4] as string[] };
}

/** Enqueue results: `id, duplicate` pairs. */
export function encodeEnqueueResults(r: readonly EnqueueResult[]): Wire {
  return pairs(r, (x) => x.id, (x) => x.duplicate);
}

/** Rebuilds what {@link encodeEnqueueResults} wrote. */
export function decodeEnqueueResults(a: readonly unknown[]): EnqueueResult[] {
  const out: EnqueueResult[] = [];
  for (let i = 0; i < a.length; i += 2) out.push({ id: a[i] as number | null, duplicate: a[i + 1] as boolean });
  return out;
}

/** The calls that cross in compact form; any other crosses as it is. */
export const WIRE_CODECS: ReadonlyMap<string, MethodCodec> = new Map<string, MethodCodec>([
  [
    'enqueue',
    {
      encodeArgs: ([messages, options]) => [encodeMessages(messages as NewMessage[]), options],
      decodeArgs: ([messages, options]) => [decodeMessages(messages as unknown[]), options],
      encodeResult: (value) => encodeEnqueueResults(value as EnqueueResult[]),
      decodeResult: (wire) => decodeEnqueueResults(wire as unknown[]),
    },
  ],
  [
    'claim',
    {
      encodeArgs: (args) => args, // a small request
      decodeArgs: (args) => args,
      encodeResult: (value) => encodeClaimed(value as ClaimedMessage[]),
      decodeResult: (wire) => decodeClaimed(wire as unknown[]),
    },
  ],
  [
    'settle',
    {
      encodeArgs: ([workerId, items, now]) => [workerId, encodeSettlements(items as Settlement[]), now],
      decodeArgs: ([workerId, items, now]) => [workerId, decodeSettlements(items as unknown[]), now],
      encodeResult: (value) => encodeSettleResult(value as SettleResult),
      decodeResult: (wire) => decodeSettleResult(wire as unknown[]),
    },
  ],
]);
