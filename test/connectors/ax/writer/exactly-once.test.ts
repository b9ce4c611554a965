import { afterAll, describe, expect, it } from 'vitest';
import type { AxHttpTransport } from '../../../../src/connectors/ax/client/http-transport.js';
import { batchMessageId, naturalKeys, type AxWriteResult } from '../../../../src/connectors/ax/writer/index.js';
import { AxDocumentWriter, type AxWriterEvent } from '../../../../src/connectors/ax/writer/writer.js';
import { isKfaxError, type KfaxError } from '../../../../src/errors/kfax-error.js';
import { useSandbox } from '../../../helpers/sandbox.js';
import { axControl, customerDocument, invoiceDocument, invoicesWithDocumentNum, messageId, rejection, sandboxClient } from './helpers.js';
import { PlainStopSignal } from '../../../../src/util/stop-signal.js';

const sb = useSandbox();
const transports: AxHttpTransport[] = [];
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
});

const FTI = 'FreeTextInvoiceService';
const BATCH = { enabled: true, maxDocuments: 20, timeoutsToSwitch: 3, healthyCallsToSwitchBack: 1000, lingerMs: 40 };

/** A writer whose free-text invoices go in batches from the start. */
function batchWriter(options: { timeoutMs?: number; onEvent?: (e: AxWriterEvent) => void } = {}): AxDocumentWriter {
  const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports, { timeoutMs: options.timeoutMs ?? 5000 }), batch: BATCH, ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
  writer.forceMode(FTI, 'batch');
  writer.forceMode('CustomerService', 'batch');
  return writer;
}

interface Doc {
  documentNum: string;
  id: string;
  options?: Parameters<typeof invoiceDocument>[1];
}

function docs(prefix: string, n: number): Doc[] {
  return Array.from({ length: n }, (_, i) => ({ documentNum: `${prefix}-${i + 1}`, id: messageId() }));
}

function createInvoice(writer: AxDocumentWriter, d: Doc, resend = false): Promise<AxWriteResult> {
  return writer.create({ service: FTI, document: invoiceDocument(d.documentNum, d.options), messageId: d.id, naturalKey: naturalKeys.freeTextInvoice(d.documentNum, 'GRP-0001'), resend });
}

async function expectOnceEach(list: readonly Doc[]): Promise<void> {
  for (const d of list) expect(await invoicesWithDocumentNum(sb(), d.documentNum), d.documentNum).toHaveLength(1);
}

describe('exactly once with batches', () => {
  it('splits a batch that fails validation: the valid invoices land once, each bad one gets its own error', async () => {
    const events: AxWriterEvent[] = [];
    const writer = batchWriter({ onEvent: (e) => events.push(e) });
    const list = docs('SPLIT', 6);
    (list[2] as Doc).options = { mainAccount: '999000' };
    (list[4] as Doc).options = { date: '2026-06-15' }; // June is closed (periods older than three months)
    const settled = await Promise.allSettled(list.map((d) => createInvoice(writer, d)));

    const bad = settled[2];
    expect(bad?.status).toBe('rejected');
    const badErr = (bad as PromiseRejectedResult).reason as KfaxError;
    expect(isKfaxError(badErr)).toBe(true);
    expect(badErr).toMatchObject({ code: 'KFAX_AX_FAULT', kind: 'permanent' });
    expect(badErr.message).toMatch(/Main account 999000 does not exist/);
    expect(JSON.stringify(badErr.details.infolog)).toMatch(/999000/);
    expect(badErr.message).not.toMatch(/2026-06/); // isolated: only its own problem

    const held = (settled[4] as PromiseRejectedResult).reason as KfaxError;
    expect(held).toMatchObject({ code: 'KFAX_AX_PERIOD_NOT_OPEN', kind: 'held' });

    const good = [0, 1, 3, 5].map((i) => settled[i]);
    for (const r of good) {
      expect(r?.status).toBe('fulfilled');
      expect((r as PromiseFulfilledResult<AxWriteResult>).value.outcome).toBe('created');
      expect((r as PromiseFulfilledResult<AxWriteResult>).value.keys).toEqual([{ RecId: expect.stringMatching(/^\d+$/) }]);
    }
    await expectOnceEach([0, 1, 3, 5].map((i) => list[i] as Doc));
    expect(await invoicesWithDocumentNum(sb(), 'SPLIT-3')).toHaveLength(0);
    expect(await invoicesWithDocumentNum(sb(), 'SPLIT-5')).toHaveLength(0);

    const splits = events.filter((e) => e.type === 'split');
    expect(splits[0]).toMatchObject({ type: 'split', service: FTI, messageId: batchMessageId(list.map((d) => d.id)), documents: 6 });
    expect(writer.stats().find((s) => s.service === FTI)).toMatchObject({ splits: splits.length, created: 4 });
    // The bad documents were finally sent alone, under their own MessageIds.
    const calls = events.filter((e): e is Extract<AxWriterEvent, { type: 'call' }> => e.type === 'call');
    expect(calls.filter((c) => c.result === 'rejected').map((c) => c.messageId).sort()).toEqual([list[2]?.id, list[4]?.id].sort());
  });

  it('commit-then-drop on a batch: every member in doubt, the re-send is answered "duplicate" and each is found by natural key', async () => {
    const writer = batchWriter();
    const list = docs('CTD', 4);
    await axControl(sb())('POST', '/faults/rules', { system: 'ax', operation: `${FTI}/create`, fault: 'commitThenDrop', count: 1 });
    const errors = await Promise.all(list.map((d) => rejection(createInvoice(writer, d))));
    for (const e of errors) {
      expect(e).toMatchObject({ code: 'KFAX_REMOTE_CONNECTION_LOST', kind: 'in_doubt' });
      expect(e.details).toMatchObject({ batchMessageId: batchMessageId(list.map((d) => d.id)), batchSize: 4 });
    }
    await expectOnceEach(list); // AX committed the batch

    // The engine re-sends each member (resend: true). The first re-send repeats the batch under its
    // MessageId; AX answers "duplicate"; every member is then found by its DocumentNum.
    for (const d of list) {
      const r = await createInvoice(writer, d, true);
      expect(r.outcome).toBe('found');
      expect(r.keys).toEqual([{ InvoiceId: expect.stringMatching(/^FTI-\d{6}$/), CustTransRecId: expect.stringMatching(/^\d+$/) }]);
    }
    await expectOnceEach(list);
    expect(writer.stats().find((s) => s.service === FTI)).toMatchObject({ inDoubtCalls: 1, resentCalls: 1, foundByLookup: 4 });
  });

  it('after a restart (no memory) an in-doubt member is looked up first and never sent again when found', async () => {
    const before = batchWriter();
    const list = docs('RST', 3);
    await axControl(sb())('POST', '/faults/rules', { system: 'ax', operation: `${FTI}/create`, fault: 'commitThenDrop', count: 1 });
    await Promise.all(list.map((d) => rejection(createInvoice(before, d))));
    const after = batchWriter();
    const results = await Promise.all(list.map((d) => createInvoice(after, d, true)));
    expect(results.map((r) => r.outcome)).toEqual(['found', 'found', 'found']);
    expect(after.stats().find((s) => s.service === FTI)?.calls ?? 0).toBe(0);
    await expectOnceEach(list);
  });

  it('forgets an in-doubt batch for all its members at once after memoryTtlMs; they are then looked up, not re-sent', async () => {
    let now = 1_000_000;
    const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports), batch: BATCH, memoryTtlMs: 1000, now: () => now });
    writer.forceMode(FTI, 'batch');
    const list = docs('TTL', 2);
    await axControl(sb())('POST', '/faults/rules', { system: 'ax', operation: `${FTI}/create`, fault: 'commitThenDrop', count: 1 });
    await Promise.all(list.map((d) => rejection(createInvoice(writer, d))));
    expect(writer.backlog().remembered).toBe(2);
    now += 5000;
    const results = await Promise.all(list.map((d) => createInvoice(writer, d, true)));
    expect(results.map((r) => r.outcome)).toEqual(['found', 'found']);
    expect(writer.stats().find((s) => s.service === FTI)).toMatchObject({ calls: 1, resentCalls: 0, foundByLookup: 2 });
    expect(writer.backlog().remembered).toBe(0);
    await expectOnceEach(list);
  });

  it('a dropped batch (nothing applied) is re-sent as the same batch, and lands once', async () => {
    const writer = batchWriter();
    const list = docs('DROP', 3);
    await axControl(sb())('POST', '/faults/rules', { system: 'ax', operation: `${FTI}/create`, fault: 'drop', count: 1 });
    await Promise.all(list.map((d) => rejection(createInvoice(writer, d))));
    for (const d of list) expect(await invoicesWithDocumentNum(sb(), d.documentNum)).toHaveLength(0);
    const results = await Promise.all(list.map((d) => createInvoice(writer, d, true)));
    const id = batchMessageId(list.map((d) => d.id));
    expect(results.map((r) => [r.outcome, r.sentAs?.messageId])).toEqual(list.map(() => ['created', id]));
    await expectOnceEach(list);
  });

  it('a WCF internal error on a batch is no validation fault: members in doubt, the same batch re-sent lands once', async () => {
    const writer = batchWriter();
    const list = docs('WCF', 3);
    await axControl(sb())('POST', '/faults/rules', { system: 'ax', operation: `${FTI}/create`, fault: 'serverError', status: 500, count: 1 });
    const errors = await Promise.all(list.map((d) => rejection(createInvoice(writer, d))));
    expect(errors.map((e) => [e.code, e.kind])).toEqual(list.map(() => ['KFAX_AX_INTERNAL_ERROR', 'in_doubt']));
    expect(writer.stats().find((s) => s.service === FTI)?.splits).toBe(0);
    const results = await Promise.all(list.map((d) => createInvoice(writer, d, true)));
    expect(results.map((r) => [r.outcome, r.sentAs?.messageId])).toEqual(list.map(() => ['created', batchMessageId(list.map((d) => d.id))]));
    await expectOnceEach(list);
  });

  it('a member re-sent while its timed-out batch is still being processed cannot land twice', async () => {
    const writer = batchWriter({ timeoutMs: 300 });
    const list = docs('RACE', 3);
    await axControl(sb())('POST', '/faults/rules', { system: 'ax', operation: `${FTI}/create`, fault: 'delay', delayMs: 2500, count: 1 });
    const errors = await Promise.all(list.map((d) => rejection(createInvoice(writer, d))));
    expect(errors.every((e) => e.kind === 'in_doubt')).toBe(true);
    // Re-sent at once, while AX still works on the first call: only the same batch goes out again.
    const results = await Promise.all(list.map((d) => createInvoice(writer, d, true)));
    expect(results.every((r) => r.outcome === 'created' || r.outcome === 'found')).toBe(true);
    // Let the delayed original finish: AX refuses it as a duplicate of the re-send.
    await new Promise((r) => setTimeout(r, 2600));
    await expectOnceEach(list);
  });

  it('a batch answered "duplicate" on its first send was applied before: each member is found', async () => {
    const first = batchWriter();
    const accounts = ['KF-WDUP1', 'KF-WDUP2'].map((a) => ({ a, id: messageId() }));
    await Promise.all(accounts.map(({ a, id }) => first.create({ service: 'CustomerService', document: customerDocument(a), messageId: id, naturalKey: naturalKeys.customer(a) })));
    const second = batchWriter();
    const results = await Promise.all(accounts.map(({ a, id }) => second.create({ service: 'CustomerService', document: customerDocument(a), messageId: id, naturalKey: naturalKeys.customer(a) })));
    expect(results).toEqual(accounts.map(({ a }) => ({ outcome: 'found', keys: [{ AccountNum: a }], sentAs: { messageId: batchMessageId(accounts.map((x) => x.id)), documents: 2 } })));
  });

  it('a resend the writer knows nothing about, and that AX does not have, goes alone under its own MessageId', async () => {
    const writer = batchWriter();
    const d = docs('ALONE', 1)[0] as Doc;
    const r = await createInvoice(writer, d, true);
    expect(r).toMatchObject({ outcome: 'created', sentAs: { messageId: d.id, documents: 1 } });
    await expectOnceEach([d]);
  });
});

describe('bad input and cancellation', () => {
  it('refuses a request without a GUID MessageId, an unknown record type or an empty document, sending nothing', async () => {
    const writer = batchWriter();
    const base = { service: 'CustomerService', document: customerDocument('KF-WBAD1'), naturalKey: naturalKeys.customer('KF-WBAD1') };
    const noGuid = await rejection(writer.create({ ...base, messageId: 'invoice-1' }));
    expect(noGuid).toMatchObject({ code: 'KFAX_INPUT_INVALID' });
    expect(noGuid.message).toMatch(/messageId/);
    const record = await rejection(writer.create({ ...base, service: 'SomeCustomService', document: { name: 'SomeTable', attrs: { class: 'entity' }, children: [] }, messageId: messageId() }));
    expect(record.message).toMatch(/documentName/);
    const empty = await rejection(writer.create({ ...base, document: { name: 'Customer', attrs: { xmlns: 'http://schemas.microsoft.com/dynamics/2008/01/documents/Customer' }, children: [] }, messageId: messageId() }));
    expect(empty.message).toMatch(/no record/);
    const noKey = await rejection(writer.create({ ...base, messageId: messageId(), naturalKey: undefined as never }));
    expect(noKey.message).toMatch(/naturalKey/);
    expect(writer.stats().find((s) => s.service === 'CustomerService')?.calls).toBe(0);
    expect((await axControl(sb())('GET', '/ax/kfuk/customers/KF-WBAD1')).status).toBe(404);
    writer.close();
    expect((await rejection(writer.create({ ...base, messageId: messageId() }))).message).toMatch(/closed/);
  });

  it('a value XML cannot carry fails only its own document', async () => {
    const writer = batchWriter();
    const results = await Promise.allSettled(['KF-WXML1', 'KF-WXML\u0001', 'KF-WXML3'].map((a) => writer.create({ service: 'CustomerService', document: customerDocument(a), messageId: messageId(), naturalKey: naturalKeys.customer(a) })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as KfaxError).code).toBe('KFAX_INPUT_INVALID');
  });

  it('a queued document whose caller gives up is withdrawn from its batch and never sent', async () => {
    const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports), batch: { ...BATCH, lingerMs: 300 } });
    writer.forceMode('CustomerService', 'batch');
    const abort = new AbortController();
    const p = writer.create({ service: 'CustomerService', document: customerDocument('KF-WABORT'), messageId: messageId(), naturalKey: naturalKeys.customer('KF-WABORT'), signal: abort.signal });
    setTimeout(() => abort.abort(new Error('handler timeout')), 20);
    await expect(p).rejects.toThrow('handler timeout');
    await new Promise((r) => setTimeout(r, 400));
    expect(writer.backlog().queued).toBe(0);
    expect(writer.stats().find((s) => s.service === 'CustomerService')?.calls).toBe(0);
    expect((await axControl(sb())('GET', '/ax/kfuk/customers/KF-WABORT')).status).toBe(404);
  });

  it('the engine\'s plain stop signal withdraws a queued document as an AbortSignal does', async () => {
    const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports), batch: { ...BATCH, lingerMs: 300 } });
    writer.forceMode('CustomerService', 'batch');
    const stop = new PlainStopSignal();
    const p = writer.create({ service: 'CustomerService', document: customerDocument('KF-WSTOP'), messageId: messageId(), naturalKey: naturalKeys.customer('KF-WSTOP'), signal: stop });
    setTimeout(() => stop.fire(new Error('handler timeout')), 20);
    await expect(p).rejects.toThrow('handler timeout');
    await new Promise((r) => setTimeout(r, 400));
    expect(writer.backlog().queued).toBe(0);
    expect(writer.stats().find((s) => s.service === 'CustomerService')?.calls).toBe(0);
    expect((await axControl(sb())('GET', '/ax/kfuk/customers/KF-WSTOP')).status).toBe(404);
  });
});
