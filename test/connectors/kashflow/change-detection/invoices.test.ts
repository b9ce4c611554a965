import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KashflowConnection } from '../../../../src/connectors/kashflow/client/connector.js';
import { DocumentSweeper, type PollerSettings } from '../../../../src/connectors/kashflow/change-detection/index.js';
import { decodeSnapshot } from '../../../../src/connectors/kashflow/change-detection/snapshot.js';
import type { Engine } from '../../../../src/engine/engine.js';
import { MESSAGE } from '../../../../src/flows/contracts.js';
import type { Store } from '../../../../src/store/store.js';
import { createTarget, type StoreTarget } from '../../../store/backends.js';
import { controlRequest, useSandbox } from '../../../helpers/sandbox.js';
import { connect, KashflowAdmin, messages, resetSandboxRequests, sandboxClock, sandboxRequests, settings, testEngine } from './helpers.js';

const sandbox = useSandbox({ historicalInvoices: 120 });

let target: StoreTarget;
let store: Store;
let engine: Engine;
let poller: KashflowConnection;
let admin: KashflowAdmin;

beforeEach(async () => {
  sandbox().reset();
  target = await createTarget('sqlite');
  store = await target.open();
  engine = testEngine(store);
  poller = connect(sandbox());
  admin = new KashflowAdmin(connect(sandbox()));
});

afterEach(async () => {
  const control = sandbox().endpoints.control.kashflowUrl;
  await controlRequest(control, 'PUT', '/faults/profile', { name: 'fast' });
  await controlRequest(control, 'DELETE', '/faults/rules');
  await poller.close();
  await admin.kf.close();
  await target.dispose();
});

function sweeper(s: PollerSettings = settings(), kind: 'invoice' | 'purchase' = 'invoice', e: Engine = engine): DocumentSweeper {
  return new DocumentSweeper({ connection: poller, engine: e, settings: s, clock: sandboxClock(sandbox()) }, kind);
}

/** Every invoice number and payment id in the sandbox (read over the admin connection). */
async function truth(): Promise<{ invoices: number[]; payments: Map<number, number> }> {
  const invoices = (await admin.allInvoices()).map((i) => i.Number).sort((a, b) => a - b);
  const payments = new Map<number, number>();
  for (const n of invoices) for (const p of (await admin.invoice(n)).PaymentLines) payments.set(p.Id, n);
  return { invoices, payments };
}

async function invoiceMessages(): Promise<number[]> {
  return (await messages(store, MESSAGE.invoiceSync)).map((m) => m.number as number).sort((a, b) => a - b);
}

async function paymentMessages(): Promise<Map<number, number>> {
  return new Map((await messages(store, MESSAGE.paymentSync)).map((m) => [m.paymentId as number, m.invoiceNumber as number]));
}

describe('invoice change detection against the KashFlow sandbox', () => {
  it('first full sweep carries every invoice and payment once, in invoice order; an unchanged account yields nothing', async () => {
    const expected = await truth();
    const first = await sweeper().full();
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ kind: 'full', entity: 'invoice', listed: 120, changed: 120, ingested: 120 + expected.payments.size, duplicates: 0, incomplete: false });
    expect(await invoiceMessages()).toEqual(expected.invoices);
    expect(await paymentMessages()).toEqual(expected.payments);
    // Each payment is in its invoice's aggregate, queued after the invoice.
    const invoiceIds = new Map((await messages(store, MESSAGE.invoiceSync)).map((m) => [m.number as number, m.id as number]));
    for (const m of await messages(store, MESSAGE.paymentSync)) {
      expect(m.aggregateKey).toBe(`kashflow/invoice/${m.invoiceNumber as number}`);
      expect(m.id as number).toBeGreaterThan(invoiceIds.get(m.invoiceNumber as number)!);
      expect(m.detectedBy).toBe('poller');
    }
    // Details were read only for invoices with payments.
    expect(first.details).toBe(new Set(expected.payments.values()).size);

    const again = await sweeper().full();
    expect(again).toMatchObject({ listed: 120, changed: 0, ingested: 0, duplicates: 0, details: 0, errors: [] });
    const hot = await sweeper().hot();
    expect(hot).toMatchObject({ kind: 'hot', changed: 0, ingested: 0, details: 0, errors: [] });
  });

  it('reports the requests each sweep used, exactly, and the hot sweep of an unchanged account uses fewer than the full one', async () => {
    const sw = sweeper();
    await sw.full();
    await resetSandboxRequests(sandbox());
    const full = await sw.full();
    expect(full.requests).toBe(await sandboxRequests(sandbox()));
    expect(full.requests).toBe(Math.ceil(120 / 20));
    // The first hot sweep reads both ends of the status list and learns which end holds no open documents.
    await resetSandboxRequests(sandbox());
    const firstHot = await sw.hot();
    expect(firstHot.requests).toBe(await sandboxRequests(sandbox()));
    await resetSandboxRequests(sandbox());
    const hot = await sw.hot();
    expect(hot.requests).toBe(await sandboxRequests(sandbox()));
    expect(hot.requests).toBe(firstHot.requests - 1);
    expect(hot.requests).toBeGreaterThan(0);
    expect(hot.requests).toBeLessThan(full.requests);
    expect(hot).toMatchObject({ changed: 0, ingested: 0, details: 0 });
    expect(hot.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(hot.started)).not.toBeNaN();
  });

  it('a new invoice is one event (no detail read); a payment on it is one payment event', async () => {
    await sweeper().full();
    const before = (await messages(store, MESSAGE.invoiceSync)).length;
    const n = await admin.createInvoice('ALDE01');
    const found = await sweeper().hot();
    expect(found).toMatchObject({ changed: 1, ingested: 1, details: 0, errors: [] });
    expect((await messages(store, MESSAGE.invoiceSync)).length).toBe(before + 1);
    expect(await messages(store, MESSAGE.invoiceSync)).toContainEqual(expect.objectContaining({ number: n, detectedBy: 'poller', aggregateKey: `kashflow/invoice/${n}` }));

    const paymentId = await admin.pay(n, '30.00');
    const paid = await sweeper().hot();
    expect(paid).toMatchObject({ changed: 1, ingested: 1, details: 1 });
    expect((await paymentMessages()).get(paymentId)).toBe(n);
    expect(await sweeper().hot()).toMatchObject({ changed: 0, ingested: 0 });
  });

  it('a payment that settles an old invoice outside the hot window is found by the hot sweep (open, no longer listed as open)', async () => {
    await sweeper().full();
    const old = (await admin.allInvoices()).find((i) => i.Status !== 'Paid' && i.IssuedDate < '2026-10-01' && Number(i.TotalPaidAmount) === 0);
    expect(old, 'the seed has an old unpaid invoice').toBeDefined();
    const detail = await admin.invoice(old!.Number);
    const viaSoap = await admin.paySoap(old!.Number, detail.DueAmount);
    expect((await admin.invoice(old!.Number)).Status).toBe('Paid');
    const hot = await sweeper().hot();
    expect(hot.errors).toEqual([]);
    expect(hot).toMatchObject({ changed: 1, ingested: 1 });
    expect((await paymentMessages()).get(viaSoap)).toBe(old!.Number);
  });

  it("with invoiceTrigger 'paid' an invoice goes only once paid, with all its payments after it", async () => {
    const paidOnly = settings({}, {}, 'paid');
    await sweeper(paidOnly).full();
    const baseline = await invoiceMessages();
    const unpaid = (await admin.allInvoices()).filter((i) => i.Status !== 'Paid' && i.Status !== 'Overpaid').map((i) => i.Number);
    for (const n of unpaid) expect(baseline).not.toContain(n);

    const n = await admin.createInvoice('ALDE01', '50.00');
    expect(await sweeper(paidOnly).hot()).toMatchObject({ changed: 1, ingested: 0 });
    const p1 = await admin.pay(n, '10.00');
    expect(await sweeper(paidOnly).hot()).toMatchObject({ changed: 1, ingested: 0, details: 0 });
    const p2 = await admin.pay(n, '50.00'); // 60.00 gross: now paid
    const done = await sweeper(paidOnly).hot();
    expect(done).toMatchObject({ changed: 1, ingested: 3, details: 1 });
    const inv = (await messages(store, MESSAGE.invoiceSync)).find((m) => m.number === n)!;
    const pays = (await messages(store, MESSAGE.paymentSync)).filter((m) => m.invoiceNumber === n);
    expect(pays.map((m) => m.paymentId).sort()).toEqual([p1, p2].sort());
    for (const p of pays) expect(p.id as number).toBeGreaterThan(inv.id as number);
  });

  it('syncFrom records history without sending it, then sends what is issued from that date', async () => {
    const fromToday = settings({}, { syncFrom: '2026-11-26' });
    const first = await sweeper(fromToday).full();
    expect(first).toMatchObject({ changed: 120, ingested: 0 });
    expect(await store.getSnapshots('kashflow/invoice')).toHaveProperty('size', 120);
    const n = await admin.createInvoice('ALDE01');
    await admin.pay(n, '5.00');
    // A payment on a history invoice is not sent either (its invoice never went).
    const old = (await admin.allInvoices()).find((i) => i.Status !== 'Paid' && i.Number !== n)!;
    await admin.pay(old.Number, '1.00');
    const hot = await sweeper(fromToday).hot();
    expect(hot.ingested).toBe(2);
    expect(await invoiceMessages()).toEqual([n]);
    expect([...(await paymentMessages()).values()]).toEqual([n]);
  });

  it('a document missing from one full sweep is not reported; after N full sweeps and a 404 it is reported once, never deleted', async () => {
    const s = settings({}, { missingSweepsBeforeReport: 3 });
    const n = await admin.createInvoice('ALDE01');
    await sweeper(s).full();
    await admin.deleteInvoice(n);
    const r1 = await sweeper(s).full();
    const r2 = await sweeper(s).full();
    expect(r1.possiblyDeleted).toEqual([]);
    expect(r2.possiblyDeleted).toEqual([]);
    expect(r1.details + r2.details).toBe(0);
    const r3 = await sweeper(s).full();
    expect(r3.possiblyDeleted).toEqual([n]);
    expect(r3.details).toBe(1);
    const r4 = await sweeper(s).full();
    expect(r4.possiblyDeleted).toEqual([]);
    // Still remembered (reported, not deleted); the invoice message is untouched.
    const snap = decodeSnapshot((await store.getSnapshots('kashflow/invoice', [String(n)])).get(String(n)));
    expect(snap).toMatchObject({ m: 4, r: true });
    expect(await invoiceMessages()).toContain(n);
  });

  it('a document that comes back after being missed has its miss counter reset', async () => {
    const s = settings({}, { missingSweepsBeforeReport: 2 });
    await sweeper(s).full();
    // As if invoice 1001 had been missing from the last full sweep (unstable paging).
    const key = '1001';
    const before = decodeSnapshot((await store.getSnapshots('kashflow/invoice', [key])).get(key))!;
    await store.putSnapshots([{ scope: 'kashflow/invoice', key, hash: JSON.stringify({ ...before, m: 1 }) }], Date.now());
    const r = await sweeper(s).full();
    expect(r.possiblyDeleted).toEqual([]);
    expect(r.changed).toBe(0);
    expect(decodeSnapshot((await store.getSnapshots('kashflow/invoice', [key])).get(key))!.m).toBe(0);
  });

  it('unstable list ordering: no lost and no duplicate events over several sweeps, nothing reported deleted', async () => {
    const s = settings({ perPage: 10 });
    await sweeper(s).full();
    const control = sandbox().endpoints.control.kashflowUrl;
    await controlRequest(control, 'PUT', '/faults/profile', { name: 'fast', kashflow: { unstableListOrder: true } });
    await controlRequest(control, 'PUT', '/kashflow/settings', { unstablePageShiftRate: 1 });
    const open = (await admin.allInvoices()).filter((i) => i.Status !== 'Paid' && i.Status !== 'Overpaid');
    const fresh = [await admin.createInvoice('ALDE01'), await admin.createInvoice('EAST01'), await admin.createInvoice('JUNI01')];
    await admin.pay(fresh[0]!, '7.00');
    for (const [i, inv] of open.slice(0, 8).entries()) {
      const d = await admin.invoice(inv.Number);
      await admin.pay(inv.Number, i % 2 === 0 ? d.DueAmount : '1.00');
    }
    const reports = [];
    for (const kind of ['hot', 'hot', 'full', 'hot', 'full'] as const) reports.push(await sweeper(s)[kind]());
    for (const r of reports) {
      expect(r.errors).toEqual([]);
      expect(r.possiblyDeleted).toEqual([]);
    }
    const expected = await truth();
    // The disorder was real: some full sweep did not list every invoice.
    expect(reports.filter((r) => r.kind === 'full').some((r) => r.listed < expected.invoices.length)).toBe(true);
    expect(await invoiceMessages()).toEqual(expected.invoices);
    expect(await paymentMessages()).toEqual(expected.payments);
    // Each new message was counted once: what the sweeps ingested is what the store got.
    const newMessages = fresh.length + 1 + 8;
    expect(reports.reduce((t, r) => t + r.ingested, 0)).toBe(newMessages);
  });

  it('a failed store write leaves snapshots untouched, so the next sweep finds the change again (atomic)', async () => {
    await sweeper().full();
    const n = await admin.createInvoice('ALDE01');
    const p = await admin.pay(n, '2.00');
    // An engine that cannot take payment events: the chunk holding the invoice and its payment fails.
    const { MessageTypeRegistry } = await import('../../../../src/engine/message-types.js');
    const { Engine } = await import('../../../../src/engine/engine.js');
    const { invoiceSyncPayload } = await import('../../../../src/flows/contracts.js');
    const partial = new Engine({ store, registry: new MessageTypeRegistry().define({ type: MESSAGE.invoiceSync, endpoint: 'ax', schema: invoiceSyncPayload, handle: async () => ({}) }) });
    const failed = await sweeper(settings(), 'invoice', partial).hot();
    expect(failed.incomplete).toBe(true);
    expect(failed.errors[0]).toMatchObject({ code: 'KFAX_INPUT_INVALID' });
    expect(await invoiceMessages()).not.toContain(n);
    expect((await store.getSnapshots('kashflow/invoice', [String(n)])).size).toBe(0);
    const retried = await sweeper().hot();
    expect(retried).toMatchObject({ changed: 1, ingested: 2, errors: [] });
    expect((await paymentMessages()).get(p)).toBe(n);
  });

  it('a throttled list stops the sweep with a report (nothing half-written); the next sweep completes', async () => {
    await sweeper().full();
    const n = await admin.createInvoice('ALDE01');
    await controlRequest(sandbox().endpoints.control.kashflowUrl, 'POST', '/faults/rules', { system: 'kashflow', operation: 'GET /v2/invoices', fault: 'throttle', retryAfterSeconds: 120, count: 1 });
    const throttled = await sweeper().hot();
    expect(throttled).toMatchObject({ incomplete: true, ingested: 0 });
    expect(throttled.errors[0]).toMatchObject({ code: 'KFAX_REMOTE_THROTTLED', retryAfterMs: 120_000 });
    expect(throttled.alert).toBeUndefined();
    expect(await sweeper().hot()).toMatchObject({ changed: 1, ingested: 1, incomplete: false });
    expect(await invoiceMessages()).toContain(n);
  });

  it('purchases are tracked with the same machinery and reported, but nothing is ingested for them', async () => {
    const s = settings({}, { purchases: true });
    const first = await sweeper(s, 'purchase').full();
    expect(first).toMatchObject({ entity: 'purchase', ingested: 0, errors: [] });
    expect(first.changed).toBe(first.listed);
    const supplier = (await admin.kf.rest.all<{ Code: string }>('/suppliers', 100))[0]!.Code;
    const n = await admin.createPurchase(supplier);
    const hot = await sweeper(s, 'purchase').hot();
    expect(hot).toMatchObject({ changed: 1, ingested: 0, errors: [] });
    expect((await store.getSnapshots('kashflow/purchase', [String(n)])).size).toBe(1);
    expect(await store.listMessages({ states: ['pending'], limit: 10 })).toEqual([]);
  });
});

describe('invoice change detection on PostgreSQL', () => {
  it('ingests events and snapshots together and finds nothing new on the next sweep', async () => {
    const pgTarget = await createTarget('postgres');
    try {
      const pgStore = await pgTarget.open();
      const pgEngine = testEngine(pgStore);
      const first = await sweeper(settings(), 'invoice', pgEngine).full();
      expect(first).toMatchObject({ listed: 120, changed: 120, errors: [] });
      expect((await pgStore.getSnapshots('kashflow/invoice')).size).toBe(120);
      const n = await admin.createInvoice('ALDE01');
      const p = await admin.pay(n, '3.00');
      expect(await sweeper(settings(), 'invoice', pgEngine).hot()).toMatchObject({ changed: 1, ingested: 2 });
      expect(await sweeper(settings(), 'invoice', pgEngine).hot()).toMatchObject({ changed: 0, ingested: 0 });
      const pays = (await messages(pgStore, MESSAGE.paymentSync)).map((m) => m.paymentId);
      expect(pays).toContain(p);
      expect(new Set(pays).size).toBe(pays.length);
    } finally {
      await pgTarget.dispose();
    }
  });
});
