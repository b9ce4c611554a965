import { afterAll, describe, expect, it } from 'vitest';
import type { AxHttpTransport } from '../../../../src/connectors/ax/client/http-transport.js';
import { batchMessageId, naturalKeys } from '../../../../src/connectors/ax/writer/index.js';
import { AxDocumentWriter, type AxWriterEvent } from '../../../../src/connectors/ax/writer/writer.js';
import { useSandbox } from '../../../helpers/sandbox.js';
import { axControl, customerDocument, eventually, messageId, messagesWithKeys, rejection, sandboxClient } from './helpers.js';

const sb = useSandbox();
const transports: AxHttpTransport[] = [];
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
});

const SERVICE = 'CustomerService';

function createCustomer(writer: AxDocumentWriter, account: string, id: string, extra: { resend?: boolean } = {}) {
  return writer.create({ service: SERVICE, document: customerDocument(account), messageId: id, naturalKey: naturalKeys.customer(account), ...extra });
}

async function customerCount(account: string): Promise<number> {
  const res = await axControl(sb())('GET', `/ax/kfuk/customers/${account}`);
  return res.status === 200 ? 1 : 0;
}

describe('AxDocumentWriter batch mode against the AX sandbox', () => {
  it('sends one create per document under its own MessageId while the service is healthy', async () => {
    const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports) });
    const ids = [messageId(), messageId()];
    const results = await Promise.all([createCustomer(writer, 'KF-WS01', ids[0] as string), createCustomer(writer, 'KF-WS02', ids[1] as string)]);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created']);
    expect(results.map((r) => r.keys)).toEqual([[{ AccountNum: 'KF-WS01' }], [{ AccountNum: 'KF-WS02' }]]);
    expect(results.map((r) => r.sentAs)).toEqual(ids.map((id) => ({ messageId: id, documents: 1 })));
    const processed = await messagesWithKeys(sb(), ['KF-WS01', 'KF-WS02']);
    expect(processed.map((m) => m.messageId).sort()).toEqual([...ids].sort());
    expect(writer.modeOf(SERVICE)).toBe('single');
    expect(writer.stats()[0]).toMatchObject({ service: SERVICE, mode: 'single', calls: 2, batchCalls: 0, created: 2 });
  });

  it('switches to batch after consecutive timeouts, coalesces under a MessageId derived from the members, and switches back when healthy', async () => {
    const events: AxWriterEvent[] = [];
    const writer = new AxDocumentWriter({
      client: sandboxClient(sb(), transports, { timeoutMs: 300 }),
      batch: { enabled: true, maxDocuments: 10, timeoutsToSwitch: 2, healthyCallsToSwitchBack: 2, lingerMs: 50 },
      onEvent: (e) => events.push(e),
    });
    await axControl(sb())('POST', '/faults/rules', { system: 'ax', operation: `${SERVICE}/create`, fault: 'delay', delayMs: 2000, count: 2 });

    // Two calls that outlive the client timeout (undici's timers are coarse: the delay is generous): in doubt, and the service switches to batch mode.
    const slow = [
      ['KF-WSLOW1', messageId()],
      ['KF-WSLOW2', messageId()],
    ] as const;
    for (const [account, id] of slow) {
      const err = await rejection(createCustomer(writer, account, id));
      expect(err).toMatchObject({ code: 'KFAX_REMOTE_TIMEOUT', kind: 'in_doubt' });
    }
    expect(writer.modeOf(SERVICE)).toBe('batch');
    expect(events.filter((e) => e.type === 'mode')).toEqual([{ type: 'mode', service: SERVICE, mode: 'batch', reason: '2 consecutive timeouts' }]);

    // Concurrent documents now share one AIF create; keys come back per document.
    const batch = ['KF-WB01', 'KF-WB02', 'KF-WB03', 'KF-WB04', 'KF-WB05'].map((a) => [a, messageId()] as const);
    const results = await Promise.all(batch.map(([a, id]) => createCustomer(writer, a, id)));
    const expectedId = batchMessageId(batch.map(([, id]) => id));
    results.forEach((r, i) => {
      expect(r.outcome).toBe('created');
      expect(r.keys).toEqual([{ AccountNum: batch[i]?.[0] }]);
      expect(r.sentAs).toEqual({ messageId: expectedId, documents: 5 });
    });
    const processed = await messagesWithKeys(sb(), batch.map(([a]) => a));
    expect(processed).toHaveLength(1);
    expect(processed[0]?.messageId).toBe(expectedId);
    // Document order is the order of the sorted member ids, and the keys follow it.
    const byId = [...batch].sort((x, y) => (x[1] < y[1] ? -1 : 1)).map(([a]) => a);
    expect(processed[0]?.keys).toEqual(byId);

    // A second healthy batch call reaches healthyCallsToSwitchBack (2): back to single documents.
    const second = await Promise.all(['KF-WB06', 'KF-WB07'].map((a) => createCustomer(writer, a, messageId())));
    expect(second.every((r) => r.sentAs?.documents === 2)).toBe(true);
    expect(writer.modeOf(SERVICE)).toBe('single');
    const id8 = messageId();
    const alone = await createCustomer(writer, 'KF-WB08', id8);
    expect(alone.sentAs).toEqual({ messageId: id8, documents: 1 });
    expect(events.filter((e) => e.type === 'mode').map((e) => (e.type === 'mode' ? e.mode : ''))).toEqual(['batch', 'single']);

    // The timed-out documents were applied by AX later; the engine re-sends them (resend) and the
    // writer re-sends the same envelope: AX answers "duplicate", the look-up finds each once.
    await eventually(async () => (await messagesWithKeys(sb(), ['KF-WSLOW1', 'KF-WSLOW2'])).length === 2);
    for (const [account, id] of slow) {
      const r = await createCustomer(writer, account, id, { resend: true });
      expect(r).toMatchObject({ outcome: 'found', keys: [{ AccountNum: account }] });
      expect(await customerCount(account)).toBe(1);
    }
    expect(writer.stats()[0]).toMatchObject({ mode: 'single', switchesToBatch: 1, switchesToSingle: 1, batchCalls: 2, batchedDocuments: 7, inDoubtCalls: 2, resentCalls: 2, foundByLookup: 2 });
  });

  it('never switches when batch mode is disabled', async () => {
    const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports, { timeoutMs: 300 }), batch: { enabled: false, maxDocuments: 10, timeoutsToSwitch: 1, healthyCallsToSwitchBack: 1, lingerMs: 0 } });
    await axControl(sb())('POST', '/faults/rules', { system: 'ax', operation: `${SERVICE}/create`, fault: 'delay', delayMs: 2000, count: 2 });
    for (const a of ['KF-WOFF1', 'KF-WOFF2']) expect((await rejection(createCustomer(writer, a, messageId()))).kind).toBe('in_doubt');
    expect(writer.modeOf(SERVICE)).toBe('single');
    expect(writer.stats()[0]).toMatchObject({ consecutiveTimeouts: 2, switchesToBatch: 0 });
  });

  it('splits into several calls when more documents arrive than maxDocuments', async () => {
    const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports), batch: { enabled: true, maxDocuments: 3, timeoutsToSwitch: 3, healthyCallsToSwitchBack: 1000, lingerMs: 40 } });
    writer.forceMode(SERVICE, 'batch');
    const accounts = ['KF-WM1', 'KF-WM2', 'KF-WM3', 'KF-WM4', 'KF-WM5', 'KF-WM6', 'KF-WM7'];
    const results = await Promise.all(accounts.map((a) => createCustomer(writer, a, messageId())));
    expect(results.map((r) => r.keys[0]?.AccountNum)).toEqual(accounts);
    expect(results.map((r) => r.sentAs?.documents)).toEqual([3, 3, 3, 3, 3, 3, 1]);
    const processed = await messagesWithKeys(sb(), accounts);
    expect(processed.map((m) => m.keys.length).sort()).toEqual([1, 3, 3]);
  });

  it('batches a healthy service while its calls fill the connections (whenBusy), without switching mode, each document once', async () => {
    const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports, { connections: 2 }), batch: { enabled: true, maxDocuments: 5, timeoutsToSwitch: 3, healthyCallsToSwitchBack: 20, lingerMs: 20 }, batchWhenBusyCalls: 2 });
    // Slow creates keep the first two calls busy while the rest arrive.
    await axControl(sb())('POST', '/faults/rules', { system: 'ax', operation: `${SERVICE}/create`, fault: 'delay', delayMs: 150, count: 2 });
    const accounts = Array.from({ length: 12 }, (_, i) => `KF-WY${String(i + 1).padStart(2, '0')}`);
    const results = await Promise.all(accounts.map((a) => createCustomer(writer, a, messageId())));
    expect(results.map((r) => r.outcome)).toEqual(accounts.map(() => 'created'));
    expect(results.map((r) => r.keys[0]?.AccountNum)).toEqual(accounts);
    // Two alone (the connections were free), the other ten in batches of at most five.
    expect(results.slice(0, 2).map((r) => r.sentAs?.documents)).toEqual([1, 1]);
    expect(results.slice(2).every((r) => (r.sentAs?.documents ?? 0) > 1 && (r.sentAs?.documents ?? 0) <= 5)).toBe(true);
    for (const a of accounts) expect(await customerCount(a)).toBe(1);
    const processed = await messagesWithKeys(sb(), accounts);
    expect(processed.reduce((n, m) => n + m.keys.length, 0)).toBe(12);
    expect(writer.modeOf(SERVICE)).toBe('single');
    expect(writer.stats()[0]).toMatchObject({ mode: 'single', switchesToBatch: 0, created: 12 });
    expect(writer.stats()[0]!.batchCalls).toBeGreaterThanOrEqual(2);
  });

  it('does not batch a busy healthy service when whenBusy is off (batchWhenBusyCalls 0)', async () => {
    const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports, { connections: 2 }), batch: { enabled: true, maxDocuments: 5, timeoutsToSwitch: 3, healthyCallsToSwitchBack: 20, lingerMs: 20 } });
    await axControl(sb())('POST', '/faults/rules', { system: 'ax', operation: `${SERVICE}/create`, fault: 'delay', delayMs: 150, count: 2 });
    const accounts = Array.from({ length: 6 }, (_, i) => `KF-WN${i + 1}`);
    const results = await Promise.all(accounts.map((a) => createCustomer(writer, a, messageId())));
    expect(results.map((r) => r.sentAs?.documents)).toEqual(accounts.map(() => 1));
    expect(writer.stats()[0]).toMatchObject({ calls: 6, batchCalls: 0, created: 6 });
  });
});
