import { expect, it } from 'vitest';
import { z } from 'zod';
import { KfaxError } from '../../src/errors/kfax-error.js';
import { MessageTypeRegistry } from '../../src/engine/message-types.js';
import { describeEachBackend } from '../store/backends.js';
import { registry, testEngine, waitForState } from './helpers.js';

function rejecting(calls: unknown[] = []) {
  return registry().define({
    type: 'invoice.post',
    endpoint: 'ax',
    schema: z.object({ amount: z.string(), account: z.string(), lines: z.array(z.object({ sku: z.string() })).optional() }),
    handle: (d) => {
      calls.push(d.payload);
      throw new KfaxError('KFAX_REMOTE_REJECTED', ['ax', 'rejected']);
    },
  });
}

describeEachBackend('engine: dead-letter operations', (ctx) => {
  it('shows a dead letter with reason, payload, history and audit trail', async () => {
    const { store } = ctx();
    const engine = testEngine(store, rejecting());
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'invoice.post', payload: { amount: '1.00', account: '9' }, key: 'a' });
      await waitForState(store, r.id!, 'dead');
      const details = await engine.deadLetters.show(r.id!);
      expect(details).toMatchObject({ payload: { amount: '1.00', account: '9' }, payloadError: null, originalPayload: null, audit: [] });
      expect(details.message.lastError).toMatchObject({ code: 'KFAX_REMOTE_REJECTED' });
      expect(details.message.history.map((h) => h.to)).toEqual(['pending', 'in_flight', 'dead']);
      await expect(engine.deadLetters.show(424242)).rejects.toMatchObject({ code: 'KFAX_MESSAGE_NOT_FOUND' });
    } finally {
      await engine.stop();
    }
  });

  it('edits with a merge patch and --set assignments, refusing edits of live messages and edits that change nothing', async () => {
    const { store } = ctx();
    const engine = testEngine(store, rejecting());
    await engine.start();
    try {
      const r = await engine.enqueue({ type: 'invoice.post', payload: { amount: '1.00', account: '9', lines: [{ sku: 'A' }] }, key: 'a' });
      await waitForState(store, r.id!, 'dead');
      await expect(engine.deadLetters.edit(r.id!, { patch: { amount: '1.00' } }, 'bob')).rejects.toMatchObject({ code: 'KFAX_CLI_USAGE', message: 'the edit changes nothing' });
      const result = await engine.deadLetters.edit(r.id!, { patch: { account: '4000' }, set: [{ path: ['lines', 0, 'sku'], value: 'B' }] }, 'bob');
      expect(result.diff).toEqual([{ path: 'account', from: '9', to: '4000' }, { path: 'lines[0].sku', from: 'A', to: 'B' }]);
      await expect(engine.deadLetters.edit(r.id!, { patch: { account: '1' } }, 'bob')).rejects.toMatchObject({ code: 'KFAX_MESSAGE_STATE_CONFLICT' });
      await waitForState(store, r.id!, 'dead');
    } finally {
      await engine.stop();
    }
  });

  it('refuses to edit a type it cannot validate unless told to skip validation', async () => {
    const { store } = ctx();
    const engine = testEngine(store, rejecting());
    await engine.start();
    const r = await engine.enqueue({ type: 'invoice.post', payload: { amount: '1.00', account: '9' }, key: 'a' });
    await waitForState(store, r.id!, 'dead');
    await engine.stop();
    const bare = testEngine(store, new MessageTypeRegistry());
    await expect(bare.deadLetters.edit(r.id!, { patch: { account: '4' } }, 'ops')).rejects.toMatchObject({ code: 'KFAX_MESSAGE_TYPE_UNKNOWN' });
    const edit = await bare.deadLetters.edit(r.id!, { patch: { account: '4' }, skipValidation: true }, 'ops');
    expect(edit.validated).toBe(false);
    expect((await store.listAudit({ messageId: r.id!, limit: 1 }))[0]!.details).toMatchObject({ validated: false });
  });

  it('retries all dead letters of a type and discards with a reason', async () => {
    const { store } = ctx();
    const calls: unknown[] = [];
    const engine = testEngine(store, rejecting(calls));
    await engine.start();
    try {
      const ids = (await engine.enqueueMany([1, 2, 3].map((i) => ({ type: 'invoice.post', payload: { amount: `${i}.00`, account: '9' }, key: String(i) })))).map((r) => r.id!);
      for (const id of ids) await waitForState(store, id, 'dead');
      await expect(engine.deadLetters.discard([ids[0]!], 'ops', '  ')).rejects.toMatchObject({ code: 'KFAX_CLI_USAGE' });
      expect((await engine.deadLetters.discard([ids[0]!], 'ops', 'duplicate test data')).changed).toEqual([ids[0]]);
      const retried = await engine.deadLetters.retryAll('ops', { type: 'invoice.post' }, 'AX fixed');
      expect([...retried.changed].sort()).toEqual([ids[1], ids[2]]);
      for (const id of ids.slice(1)) await waitForState(store, id, 'dead');
      expect(calls).toHaveLength(5);
      expect((await engine.deadLetters.list()).map((m) => m.id)).toEqual(ids.slice(1));
      expect((await engine.deadLetters.list({ includeDiscarded: true })).map((m) => m.id)).toEqual(ids);
    } finally {
      await engine.stop();
    }
  });
});
