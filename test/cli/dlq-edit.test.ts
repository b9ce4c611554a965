// `kfax dlq edit` validates edits of the flows' message types against their payload schemas:
// an invalid edit is refused naming the field and the reason and changes nothing; a valid one is
// applied, audited, and keeps the message's idempotency key. Through the real CLI, on SQLite.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowMessageTypes } from '../../src/cli/commands/dlq-registry.js';
import { KfaxError } from '../../src/errors/kfax-error.js';
import { FLOW_MESSAGE_TYPES } from '../../src/flows/order-to-cash/register.js';
import { invoiceSyncPayload, MESSAGE, shopPaymentPayload } from '../../src/flows/contracts.js';
import { MessageTypeRegistry } from '../../src/engine/message-types.js';
import type { Store } from '../../src/store/store.js';
import { testEngine, waitForState } from '../engine/helpers.js';
import { createTarget, type StoreTarget } from '../store/backends.js';
import { kfax } from './helpers.js';

/** The flows' types with the real schemas and handlers that always fail permanently (AX refuses). */
function failingFlowTypes(): MessageTypeRegistry {
  const refuse = (): never => {
    throw new KfaxError('KFAX_AX_FAULT', ['test', 'refused']);
  };
  return new MessageTypeRegistry()
    .define({ type: MESSAGE.invoiceSync, endpoint: 'ax', schema: invoiceSyncPayload, handle: refuse })
    .define({ type: MESSAGE.shopPayment, endpoint: 'kashflow', schema: shopPaymentPayload, handle: refuse });
}

/** Enqueues messages and runs them until each is a dead letter. */
async function deadLetters(store: Store, messages: { type: string; payload: unknown }[]): Promise<number[]> {
  const engine = testEngine(store, failingFlowTypes());
  const ids = (await engine.enqueueMany(messages.map((m, i) => ({ ...m, key: `k${i}` })))).map((r) => r.id!);
  await engine.start();
  try {
    for (const id of ids) await waitForState(store, id, 'dead');
  } finally {
    await engine.stop();
  }
  return ids;
}

describe('kfax dlq edit validates the flows\' message types', () => {
  let target: StoreTarget;
  let store: Store;
  let cfg: string;

  beforeEach(async () => {
    target = await createTarget('sqlite');
    store = await target.open();
    cfg = join(mkdtempSync(join(tmpdir(), 'kfax-dlq-')), 'kfax.yaml');
    writeFileSync(cfg, `store:\n  url: ${JSON.stringify(target.url)}\n`);
  });
  afterEach(async () => {
    await target.dispose();
    rmSync(dirname(cfg), { recursive: true, force: true });
  });

  it('knows every flow message type, with its schema', () => {
    const types = flowMessageTypes();
    expect(types.types().sort()).toEqual(Object.values(FLOW_MESSAGE_TYPES).flat().sort());
    for (const t of types.types()) expect(types.get(t)?.schema, t).toBeDefined();
    expect(types.validate(MESSAGE.invoiceSync, { number: 7, detectedBy: 'poller' })).toMatchObject({ ok: true });
  });

  it('refuses an invalid edit naming the field and the reason, and changes nothing', async () => {
    const [invoice, payment] = await deadLetters(store, [
      { type: MESSAGE.invoiceSync, payload: { number: 1042, detectedBy: 'poller' } },
      { type: MESSAGE.shopPayment, payload: { source: 'stripe', paymentId: 'pi_1', orderId: '1001', amount: '39.98', currency: 'GBP', date: '2026-11-26' } },
    ]);
    const before = await store.getMessage(invoice!);

    const wrongType = await kfax('dlq', 'edit', String(invoice), '--set', 'number=1043', '--config', cfg, '--json');
    expect(wrongType.code).toBe(2);
    expect(wrongType.json).toEqual({ error: { code: 'KFAX_PAYLOAD_INVALID', message: 'payload of kashflow.invoice.sync is invalid at number: Invalid input: expected number, received string' } });

    const wrongEnum = await kfax('dlq', 'edit', String(invoice), '--set', 'detectedBy=someone', '--config', cfg);
    expect(wrongEnum.code).toBe(2);
    expect(wrongEnum.stderr).toMatch(/KFAX_PAYLOAD_INVALID: payload of kashflow\.invoice\.sync is invalid at detectedBy: Invalid option: expected one of "shop"\|"poller"\|"operator"/);

    const unknownField = await kfax('dlq', 'edit', String(invoice), '--set', 'numbr:=1043', '--config', cfg, '--json');
    expect(unknownField.code).toBe(2);
    expect((unknownField.json as { error: { message: string } }).error.message).toMatch(/invalid at \(root\): Unrecognized key: "numbr"/);

    const badDecimal = await kfax('dlq', 'edit', String(payment), '--set', 'amount=39,98', '--config', cfg, '--json');
    expect(badDecimal.code).toBe(2);
    expect(badDecimal.json).toEqual({ error: { code: 'KFAX_PAYLOAD_INVALID', message: 'payload of shop.payment is invalid at amount: expected a decimal number as text' } });

    // --skip-validation does not bypass a schema this build has.
    const skipped = await kfax('dlq', 'edit', String(invoice), '--set', 'number=1043', '--skip-validation', '--config', cfg);
    expect(skipped.code).toBe(2);
    expect(skipped.stderr).toContain('KFAX_PAYLOAD_INVALID');

    expect(await store.getMessage(invoice!)).toEqual(before);
    expect(await store.listAudit({ messageId: invoice!, limit: 10 })).toEqual([]);
    expect(await store.listAudit({ messageId: payment!, limit: 10 })).toEqual([]);
  });

  it('applies a valid edit: validated, audited, queued again with the same idempotency key', async () => {
    const [invoice] = await deadLetters(store, [{ type: MESSAGE.invoiceSync, payload: { number: 1042, detectedBy: 'poller' } }]);
    const before = (await store.getMessage(invoice!))!;

    const ok = await kfax('dlq', 'edit', String(invoice), '--set', 'number:=1043', '--set', 'detectedBy=operator', '--actor', 'alice', '--note', 'wrong invoice number', '--config', cfg, '--json');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.json).toEqual({ id: invoice, validated: true, diff: [{ path: 'detectedBy', from: 'poller', to: 'operator' }, { path: 'number', from: 1042, to: 1043 }] });

    const after = (await store.getMessage(invoice!))!;
    expect(after).toMatchObject({ state: 'pending', type: MESSAGE.invoiceSync, idempotencyKey: before.idempotencyKey, originalPayload: before.payload });
    expect(JSON.parse(after.payload)).toEqual({ number: 1043, detectedBy: 'operator' });
    const audit = await store.listAudit({ messageId: invoice!, limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'alice', action: 'message.edit', details: { note: 'wrong invoice number', validated: true, diff: [{ path: 'detectedBy' }, { path: 'number' }] } });

    const human = await kfax('dlq', 'show', String(invoice), '--config', cfg);
    expect(human.stdout).toContain(`idempotency key ${before.idempotencyKey}`);
  });
});
