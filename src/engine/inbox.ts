/**
 * Validation at the door. An event or message is checked completely — envelope fields, known
 * type, payload against the type's schema, JSON-ness and size — before anything is written, and
 * a failure names the field (`events[2].payload.lines[0].amount: expected string`). A batch is
 * all or nothing.
 */
import { z } from 'zod';
import { KfaxError } from '../errors/kfax-error.js';
import type { NewMessage } from '../store/types.js';
import { rootIdempotencyKey } from './idempotency.js';
import { formatIssuePath, joinPath, toJsonText } from './json-value.js';
import type { MessageTypeRegistry } from './message-types.js';

const text = (max: number) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** An event arriving at the inbox (webhook, poller). */
export const inboundEventSchema = z.strictObject({
  /** Who sent it, e.g. `shopify`, `kashflow-poller`. */
  source: text(200),
  /** The sender's unique id of this event; a repeat is acknowledged, not processed again. */
  dedupeKey: text(500),
  type: text(100),
  payload: z.unknown(),
  aggregateKey: text(500).optional(),
  /** Identity for the idempotency key (default: `source/dedupeKey`). */
  key: text(500).optional(),
});

/** An event arriving at the inbox. */
export type InboundEvent = z.input<typeof inboundEventSchema>;

/** A message enqueued directly by code (not through the inbox). */
export const enqueueRequestSchema = z.strictObject({
  type: text(100),
  payload: z.unknown(),
  /** The message's stable identity: the idempotency key is derived from type + key. */
  key: text(500),
  aggregateKey: text(500).optional(),
  /** Not before this many ms from now. */
  delayMs: z.number().int().min(0).optional(),
});

/** A message enqueued directly. */
export type EnqueueRequest = z.input<typeof enqueueRequestSchema>;

function envelopeError(field: string, error: z.ZodError): KfaxError {
  const issue = error.issues[0]!;
  const where = joinPath(field, formatIssuePath(issue.path)) || '(root)';
  if (issue.code === 'unrecognized_keys') return new KfaxError('KFAX_INPUT_INVALID', [where, `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`]);
  return new KfaxError('KFAX_INPUT_INVALID', [where, issue.message]);
}

function payloadOf(registry: MessageTypeRegistry, type: string, payload: unknown, field: string, maxBytes: number): { endpoint: string; payload: string } {
  const def = registry.get(type);
  if (!def) throw new KfaxError('KFAX_INPUT_INVALID', [joinPath(field, 'type'), `unknown message type "${type}"`]);
  const text = toJsonText(payload, joinPath(field, 'payload'), maxBytes);
  registry.assertValid(type, payload, joinPath(field, 'payload'));
  return { endpoint: def.endpoint, payload: text };
}

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(Object.keys(inboundEventSchema.shape));

function isText(v: unknown, max: number): boolean {
  return typeof v === 'string' && v.length >= 1 && v.length <= max;
}

/**
 * The event itself when {@link inboundEventSchema} certainly accepts it, checked without zod
 * (its result would hold the same values); undefined when not sure, and the schema decides,
 * naming the field. Keys are walked as the schema walks them (`for…in`).
 */
export function plainInboundEvent(input: unknown): InboundEvent | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const e = input as Record<string, unknown>;
  for (const k in e) if (!ENVELOPE_KEYS.has(k)) return undefined;
  if (!isText(e.source, 200) || !isText(e.dedupeKey, 500) || !isText(e.type, 100) || e.payload === undefined) return undefined;
  if ((e.aggregateKey !== undefined && !isText(e.aggregateKey, 500)) || (e.key !== undefined && !isText(e.key, 500))) return undefined;
  return e as InboundEvent;
}

/** The envelope of an inbound event as the schema reads it (throws `KFAX_INPUT_INVALID`). */
function envelopeOf(input: unknown, field: string): InboundEvent {
  const plain = plainInboundEvent(input);
  if (plain) return plain;
  const parsed = inboundEventSchema.safeParse(input);
  if (!parsed.success) throw envelopeError(field, parsed.error);
  return parsed.data;
}

/** Validates an inbound event and builds its message (throws `KFAX_INPUT_INVALID`). */
export function prepareEvent(registry: MessageTypeRegistry, input: unknown, field: string, maxBytes: number, now: number): NewMessage {
  const e = envelopeOf(input, field);
  const { endpoint, payload } = payloadOf(registry, e.type, e.payload, field, maxBytes);
  return {
    type: e.type,
    endpoint,
    payload,
    idempotencyKey: rootIdempotencyKey(e.type, e.key ?? `${e.source}/${e.dedupeKey}`),
    aggregateKey: e.aggregateKey ?? null,
    runAt: now,
    inbox: { source: e.source, dedupeKey: e.dedupeKey },
  };
}

/** Validates a direct enqueue request and builds its message (throws `KFAX_INPUT_INVALID`). */
export function prepareMessage(registry: MessageTypeRegistry, input: unknown, field: string, maxBytes: number, now: number): NewMessage {
  const parsed = enqueueRequestSchema.safeParse(input);
  if (!parsed.success) throw envelopeError(field, parsed.error);
  const r = parsed.data;
  const { endpoint, payload } = payloadOf(registry, r.type, r.payload, field, maxBytes);
  return {
    type: r.type,
    endpoint,
    payload,
    idempotencyKey: rootIdempotencyKey(r.type, r.key),
    aggregateKey: r.aggregateKey ?? null,
    runAt: now + (r.delayMs ?? 0),
  };
}
