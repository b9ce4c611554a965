import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_STATES, type ClaimedMessage, type DeliveredSettlement, type EnqueueResult, type InboxRef, type NewMessage, type Settlement, type SettleResult, type XrefWrite } from '../../src/store/types.js';
import { WIRE_CODECS } from '../../src/store/sqlite-worker/wire-codec.js';

/**
 * A call's arguments and answer as they cross: encoded, structured-cloned (postMessage), decoded.
 * Compared with what crossed before, as they are: `structuredClone(value)`.
 */
function crossArgs(method: string, args: readonly unknown[]): unknown {
  const codec = WIRE_CODECS.get(method)!;
  return codec.decodeArgs(structuredClone(codec.encodeArgs(args)));
}
function crossResult(method: string, value: unknown): unknown {
  const codec = WIRE_CODECS.get(method)!;
  return codec.decodeResult(structuredClone(codec.encodeResult(value)));
}

/**
 * An arbitrary for every field of `T`, optional ones included: a field added to a record type the
 * codec flattens fails to compile here until the codec and this test carry it too (the codec
 * would otherwise drop it without a word).
 */
type EveryField<T> = { [K in keyof Required<T>]: fc.Arbitrary<Required<T>[K]> };

const text = fc.string({ maxLength: 40 });
const id = fc.integer({ min: 1, max: 2 ** 52 });
const time = fc.integer({ min: 0, max: 2 ** 50 });
const errorRecord = fc.record({ code: text, kind: fc.constantFrom('transient', 'permanent', 'in_doubt'), message: text, details: fc.option(fc.dictionary(text, fc.jsonValue()), { nil: undefined }) }, { requiredKeys: ['code', 'kind', 'message'] });

const newMessage: fc.Arbitrary<NewMessage> = fc.record(
  {
    type: text,
    endpoint: text,
    payload: fc.json(),
    idempotencyKey: fc.uuid(),
    aggregateKey: fc.option(text, { nil: null }),
    runAt: time,
    inbox: fc.record({ source: text, dedupeKey: text } satisfies EveryField<InboxRef>),
    parentId: id,
  } satisfies EveryField<NewMessage>,
  { requiredKeys: ['type', 'endpoint', 'payload', 'idempotencyKey'] },
);

const xref = fc.record({ system: text, entity: text, sourceId: text, targetId: text } satisfies EveryField<XrefWrite>);

const delivered = { kind: fc.constant('delivered' as const), id, attempt: fc.nat(), output: fc.option(fc.json(), { nil: null }), xrefs: fc.array(xref, { maxLength: 3 }), enqueue: fc.array(newMessage, { maxLength: 3 }) } satisfies EveryField<DeliveredSettlement>;

const settlement: fc.Arbitrary<Settlement> = fc.oneof(
  fc.record(delivered),
  fc.record({ kind: fc.constant('retry_wait' as const), id, attempt: fc.nat(), runAt: time, error: errorRecord, throttled: fc.boolean() }),
  fc.record({ kind: fc.constant('in_doubt' as const), id, attempt: fc.nat(), runAt: fc.option(time, { nil: null }), error: errorRecord }),
  fc.record({ kind: fc.constant('parked' as const), id, attempt: fc.nat(), parkedOn: text, fallbackRunAt: fc.option(time, { nil: null }), error: errorRecord }),
  fc.record({ kind: fc.constant('held' as const), id, attempt: fc.nat(), holdKey: fc.option(text, { nil: null }), error: errorRecord }),
  fc.record({ kind: fc.constant('dead' as const), id, attempt: fc.nat(), error: errorRecord }),
  fc.record({ kind: fc.constant('returned' as const), id, attempt: fc.nat() }),
);

const claimed: fc.Arbitrary<ClaimedMessage> = fc.record({
  id,
  type: text,
  endpoint: text,
  payload: text,
  attempt: fc.nat(),
  budgetUsed: fc.nat(),
  idempotencyKey: fc.uuid(),
  aggregateKey: fc.option(text, { nil: null }),
  resend: fc.boolean(),
  previousState: fc.constantFrom(...MESSAGE_STATES),
  createdAt: time,
} satisfies EveryField<ClaimedMessage>);

const idEndpoint = fc.record({ id, endpoint: text });
const settleResult: fc.Arbitrary<SettleResult> = fc.record({
  settled: fc.array(fc.record({ id, to: fc.constantFrom(...MESSAGE_STATES) }), { maxLength: 20 }),
  lost: fc.array(id, { maxLength: 5 }),
  enqueued: fc.array(idEndpoint, { maxLength: 20 }),
  released: fc.array(idEndpoint, { maxLength: 5 }),
  unblocked: fc.array(text, { maxLength: 5 }),
} satisfies EveryField<SettleResult>);
const enqueueResult: fc.Arbitrary<EnqueueResult> = fc.record({ id: fc.option(id, { nil: null }), duplicate: fc.boolean() } satisfies EveryField<EnqueueResult>);

describe('store thread wire codec: the hot calls cross in compact form and arrive as they were sent', () => {
  it('enqueue: messages (every optional field absent or present, null aggregate keys) and options; results', () => {
    const options = fc.record({ now: time, cursors: fc.array(fc.record({ name: text, value: text }), { maxLength: 2 }) }, { requiredKeys: ['now'] });
    fc.assert(
      fc.property(fc.array(newMessage, { maxLength: 10 }), options, (messages, opts) => {
        expect(crossArgs('enqueue', [messages, opts])).toStrictEqual(structuredClone([messages, opts]));
      }),
    );
    fc.assert(fc.property(fc.array(enqueueResult, { maxLength: 10 }), (results) => {
      expect(crossResult('enqueue', results)).toStrictEqual(structuredClone(results));
    }));
  });

  it('settle: settlements of every kind, in their order; results', () => {
    fc.assert(
      fc.property(text, fc.array(settlement, { maxLength: 10 }), time, (worker, items, now) => {
        expect(crossArgs('settle', [worker, items, now])).toStrictEqual(structuredClone([worker, items, now]));
      }),
    );
    fc.assert(fc.property(settleResult, (r) => {
      expect(crossResult('settle', r)).toStrictEqual(structuredClone(r));
    }));
  });

  it('claim: the request as it is; claimed messages', () => {
    const request = { workerId: 'w', endpoint: 'kashflow', types: ['shop.order'], limit: 16, now: 1, leaseMs: 60_000 };
    expect(crossArgs('claim', [request])).toStrictEqual([request]);
    fc.assert(fc.property(fc.array(claimed, { maxLength: 10 }), (messages) => {
      expect(crossResult('claim', messages)).toStrictEqual(structuredClone(messages));
    }));
  });

  it('an optional field given as undefined arrives absent, as the stores read both alike', () => {
    const m = { type: 't', endpoint: 'e', payload: '{}', idempotencyKey: 'k', aggregateKey: undefined, runAt: undefined, parentId: undefined, inbox: undefined };
    expect(crossArgs('enqueue', [[m], { now: 1 }])).toStrictEqual([[{ type: 't', endpoint: 'e', payload: '{}', idempotencyKey: 'k' }], { now: 1 }]);
  });
});
