import { expect, it } from 'vitest';
import { z } from 'zod';
import { describeEachBackend } from '../store/backends.js';
import { registry, testEngine } from './helpers.js';

function types() {
  return registry().define({
    type: 'shop.order',
    endpoint: 'kashflow',
    schema: z.strictObject({ orderId: z.string(), lines: z.array(z.strictObject({ sku: z.string(), amount: z.string().regex(/^-?\d+\.\d{2}$/, 'expected a money amount like 12.50') })) }),
    handle: () => {},
  });
}

const good = { source: 'shop', dedupeKey: 'e1', type: 'shop.order', payload: { orderId: 'A1', lines: [{ sku: 'S', amount: '1.00' }] } };

describeEachBackend('engine: inbox validation', (ctx) => {
  it('rejects a malformed event naming the field, and stores nothing', async () => {
    const { store } = ctx();
    const engine = testEngine(store, types(), { settings: { maxPayloadBytes: 2_000 } });
    const cases: [unknown, string][] = [
      [{ ...good, payload: { orderId: 'A1', lines: [{ sku: 'S', amount: 1 }] } }, 'invalid input at payload.lines[0].amount: Invalid input: expected string, received number'],
      [{ ...good, payload: { orderId: 'A1', lines: [{ sku: 'S', amount: '1.5' }] } }, 'invalid input at payload.lines[0].amount: expected a money amount like 12.50'],
      [{ ...good, payload: { orderId: 'A1', lines: [], extra: true } }, 'invalid input at payload: Unrecognized key: "extra"'],
      [{ ...good, dedupeKey: '' }, 'invalid input at dedupeKey: must not be empty'],
      [{ ...good, source: undefined }, 'invalid input at source: Invalid input: expected string, received undefined'],
      [{ ...good, type: 'nope' }, 'invalid input at type: unknown message type "nope"'],
      [{ ...good, colour: 'red' }, 'invalid input at (root): unknown field "colour"'],
      [{ ...good, payload: { orderId: 'A1', lines: [{ sku: 'S', amount: '1.00', qty: Number.NaN }] } }, 'invalid input at payload.lines[0].qty: NaN is not a JSON number'],
      [{ ...good, payload: { orderId: 'A1', when: new Date(0), lines: [] } }, 'invalid input at payload.when: expected a plain object, array, string, number, boolean or null'],
      [{ ...good, payload: undefined }, 'invalid input at payload: is required'],
      ['not an object', 'invalid input at (root): Invalid input: expected object, received string'],
    ];
    for (const [event, message] of cases) {
      await expect(engine.ingest(event), message).rejects.toMatchObject({ code: 'KFAX_INPUT_INVALID', message });
    }
    await expect(engine.ingest({ ...good, payload: { orderId: 'x'.repeat(3_000), lines: [] } })).rejects.toMatchObject({ code: 'KFAX_INPUT_TOO_LARGE', details: { field: 'payload' } });
    expect((await store.stats(Date.now())).counts.pending).toBe(0);
  });

  it('is all or nothing for a batch: one bad event rejects the batch and names its index', async () => {
    const { store } = ctx();
    const engine = testEngine(store, types());
    const bad = { ...good, dedupeKey: 'e2', payload: { orderId: 7, lines: [] } };
    await expect(engine.ingestMany([good, bad], { cursors: [{ name: 'shop', value: 'x' }] })).rejects.toMatchObject({
      code: 'KFAX_INPUT_INVALID',
      message: 'invalid input at events[1].payload.orderId: Invalid input: expected string, received number',
    });
    expect((await store.stats(Date.now())).counts.pending).toBe(0);
    expect(await store.getCursor('shop')).toBeNull();
    const ok = await engine.ingestMany([good, { ...good, dedupeKey: 'e2' }], { cursors: [{ name: 'shop', value: 'x' }] });
    expect(ok.map((r) => r.duplicate)).toEqual([false, false]);
    expect(await store.getCursor('shop')).toBe('x');
  });

  it('rejects direct enqueues without an identity key', async () => {
    const { store } = ctx();
    const engine = testEngine(store, types());
    await expect(engine.enqueue({ type: 'shop.order', payload: good.payload })).rejects.toMatchObject({ code: 'KFAX_INPUT_INVALID', message: 'invalid input at key: Invalid input: expected string, received undefined' });
  });
});
