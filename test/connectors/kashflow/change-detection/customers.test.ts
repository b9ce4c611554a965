import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KashflowConnection } from '../../../../src/connectors/kashflow/client/connector.js';
import { decodePartyCursor, PartySweeper, type PollerSettings } from '../../../../src/connectors/kashflow/change-detection/index.js';
import type { Engine } from '../../../../src/engine/engine.js';
import { MESSAGE } from '../../../../src/flows/contracts.js';
import type { Store } from '../../../../src/store/store.js';
import { createTarget, type StoreTarget } from '../../../store/backends.js';
import { controlRequest, useSandbox } from '../../../helpers/sandbox.js';
import { connect, KashflowAdmin, messages, resetSandboxRequests, sandboxClock, sandboxRequests, settings, testEngine } from './helpers.js';

const sandbox = useSandbox();

let target: StoreTarget;
let store: Store;
let engine: Engine;
let poller: KashflowConnection;
let admin: KashflowAdmin;

beforeEach(async () => {
  sandbox().reset();
  await setClock('2026-11-26T12:00:00Z');
  target = await createTarget('sqlite');
  store = await target.open();
  engine = testEngine(store);
  poller = connect(sandbox());
  admin = new KashflowAdmin(connect(sandbox()));
});

afterEach(async () => {
  const control = sandbox().endpoints.control.kashflowUrl;
  await controlRequest(control, 'PUT', '/faults/profile', { name: 'fast' });
  await setClock('2026-11-26T12:00:00Z');
  await poller.close();
  await admin.kf.close();
  await target.dispose();
});

async function setClock(at: string): Promise<void> {
  const r = await controlRequest(sandbox().endpoints.control.kashflowUrl, 'PUT', '/clock', { at });
  expect(r.status).toBe(200);
}

function sweeper(s: PollerSettings = settings(), e: Engine = engine): PartySweeper {
  return new PartySweeper({ connection: poller, engine: e, settings: s, clock: sandboxClock(sandbox()) });
}

/** Settings that ignore the seeded history (everything updated before today). */
const fromToday = (extras: Parameters<typeof settings>[1] = {}): PollerSettings => settings({}, { syncFrom: '2026-11-26', ...extras });

async function customerCodes(): Promise<string[]> {
  return (await messages(store, MESSAGE.customerSync)).map((m) => m.code as string).sort();
}

async function inboxKeys(): Promise<string[]> {
  const rows = await target.raw("SELECT dedupe_key FROM kfax_inbox WHERE source = 'kashflow-poller' ORDER BY dedupe_key");
  return rows.map((r) => String(r.dedupe_key));
}

describe('customer change detection by LastUpdatedDate', () => {
  it('first sweep carries every customer; the next reads one page and finds nothing', async () => {
    const first = await sweeper().sweep();
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ kind: 'customers', entity: 'customer', listed: 40, changed: 40, ingested: 40 });
    expect((await customerCodes()).length).toBe(40);
    const cursor = decodePartyCursor(await store.getCursor('kashflow-poller/customers'));
    expect(cursor?.at).toBe('2026-08-19 12:00:00');
    await resetSandboxRequests(sandbox());
    const second = await sweeper().sweep();
    expect(second).toMatchObject({ changed: 0, ingested: 0, duplicates: 0, requests: 1 });
    expect(await sandboxRequests(sandbox())).toBe(1);
  });

  it('a changed customer is one event, keyed by its code; its dedupe key holds the LastUpdatedDate', async () => {
    expect(await sweeper(fromToday()).sweep()).toMatchObject({ listed: 0, changed: 0, ingested: 0 });
    const updated = await admin.touchCustomer('ALDE01', 'new phone number');
    const r = await sweeper(fromToday()).sweep();
    expect(r).toMatchObject({ listed: 1, changed: 1, ingested: 1, errors: [] });
    expect(await messages(store, MESSAGE.customerSync)).toEqual([expect.objectContaining({ code: 'ALDE01', detectedBy: 'poller' })]);
    expect(await inboxKeys()).toEqual([`customer:ALDE01:${updated}`]);
    // A second change is a new inbox event, but the same message (the contract's key is the customer).
    await admin.touchCustomer('ALDE01', 'another change');
    const again = await sweeper(fromToday()).sweep();
    expect(again).toMatchObject({ changed: 1, ingested: 0, duplicates: 1 });
    expect((await inboxKeys()).length).toBe(2);
    expect(await customerCodes()).toEqual(['ALDE01']);
    expect(await sweeper(fromToday()).sweep()).toMatchObject({ changed: 0, ingested: 0, duplicates: 0 });
  });

  it('reads the boundary inclusively: a customer updated in the same second as the cursor is found, the one already seen is not reported again', async () => {
    const s = fromToday({ customerOverlapSeconds: 0 });
    const x = await admin.touchCustomer('ALDE01', 'x');
    await sweeper(s).sweep();
    const y = await admin.touchCustomer('EAST01', 'y');
    expect(y).toBe(x); // same second as the cursor
    const r = await sweeper(s).sweep();
    expect(r).toMatchObject({ listed: 2, changed: 1, ingested: 1, duplicates: 0 });
    expect(await customerCodes()).toEqual(['ALDE01', 'EAST01']);
    expect(await sweeper(s).sweep()).toMatchObject({ changed: 0 });
  });

  it('the overlap catches a change that shows up with a timestamp older than the cursor', async () => {
    // The same sweeps with and without overlap, each on its own store.
    const other = await createTarget('sqlite');
    try {
      const withOverlap = sweeper(fromToday({ customerOverlapSeconds: 120 }));
      const withoutOverlap = sweeper(fromToday({ customerOverlapSeconds: 0 }), testEngine(await other.open()));
      await admin.touchCustomer('ALDE01', 'a'); // 12:00:00
      await setClock('2026-11-26T12:00:30Z');
      await admin.touchCustomer('EAST01', 'b'); // 12:00:30: the cursor moves here
      expect(await withOverlap.sweep()).toMatchObject({ changed: 2 });
      expect(await withoutOverlap.sweep()).toMatchObject({ changed: 2 });
      // A change committed late, stamped 12:00:10 (before the cursor): the sandbox clock goes back to make one.
      await setClock('2026-11-26T12:00:10Z');
      await admin.touchCustomer('JUNI01', 'late');
      expect(await withoutOverlap.sweep()).toMatchObject({ changed: 0 });
      expect(await withOverlap.sweep()).toMatchObject({ listed: 3, changed: 1, ingested: 1, duplicates: 0 });
      expect(await customerCodes()).toEqual(['ALDE01', 'EAST01', 'JUNI01']);
      expect(await withOverlap.sweep()).toMatchObject({ changed: 0 });
    } finally {
      await other.dispose();
    }
  });

  it('the cursor survives a restart: a new sweeper on the same store file finds nothing old', async () => {
    await sweeper().sweep();
    const before = await store.getCursor('kashflow-poller/customers');
    await store.close();
    const reopened = await target.open();
    const restarted = new PartySweeper({ connection: poller, engine: testEngine(reopened), settings: settings(), clock: sandboxClock(sandbox()) });
    expect(await restarted.sweep()).toMatchObject({ changed: 0, ingested: 0 });
    await admin.touchCustomer('KING02', 'after restart');
    expect(await restarted.sweep()).toMatchObject({ changed: 1, ingested: 0, duplicates: 1 });
    expect(await reopened.getCursor('kashflow-poller/customers')).not.toBe(before);
  });

  it('soap source: GetCustomersModifiedSince, one request per sweep', async () => {
    const s = fromToday({ customerSource: 'soap' });
    await sweeper(s).sweep();
    await admin.touchCustomer('ALDE01', 'soap');
    await resetSandboxRequests(sandbox());
    const r = await sweeper(s).sweep();
    expect(r).toMatchObject({ changed: 1, ingested: 1, requests: 1, errors: [] });
    expect(await sandboxRequests(sandbox())).toBe(1);
    expect(await customerCodes()).toEqual(['ALDE01']);
    expect(await sweeper(s).sweep()).toMatchObject({ changed: 0 });
  });

  it('rest-scan source: reads every page by code and filters', async () => {
    const s = fromToday({ customerSource: 'rest-scan' });
    await sweeper(s).sweep();
    await admin.touchCustomer('EAST01', 'scan');
    await resetSandboxRequests(sandbox());
    const r = await sweeper(s).sweep();
    expect(r).toMatchObject({ changed: 1, ingested: 1, requests: 2 });
    expect(await customerCodes()).toEqual(['EAST01']);
  });

  it('suppliers: same machinery, reported but not ingested (REST even when customers come from SOAP)', async () => {
    const supplierSweeper = new PartySweeper({ connection: poller, engine, settings: fromToday({ customerSource: 'soap' }) }, 'supplier');
    expect(supplierSweeper.source).toBe('rest');
    expect(await supplierSweeper.sweep()).toMatchObject({ kind: 'suppliers', entity: 'supplier', changed: 0 });
    const code = (await admin.kf.rest.all<{ Code: string }>('/suppliers', 100))[0]!.Code;
    await admin.kf.rest.put(`/suppliers/${encodeURIComponent(code)}`, { Note: 'changed' });
    const r = await supplierSweeper.sweep();
    expect(r).toMatchObject({ listed: 1, changed: 1, ingested: 0, errors: [] });
    expect(decodePartyCursor(await store.getCursor('kashflow-poller/suppliers'))?.recent).toHaveProperty(code.toUpperCase());
    expect(await store.listMessages({ states: ['pending'], limit: 10 })).toEqual([]);
    expect(await supplierSweeper.sweep()).toMatchObject({ changed: 0 });
  });

  it('unstable ordering of equal timestamps: every changed customer found exactly once over several sweeps', async () => {
    const s = settings({ perPage: 5 }, { syncFrom: '2026-11-26' });
    const control = sandbox().endpoints.control.kashflowUrl;
    await controlRequest(control, 'PUT', '/faults/profile', { name: 'fast', kashflow: { unstableListOrder: true } });
    await controlRequest(control, 'PUT', '/kashflow/settings', { unstablePageShiftRate: 1 });
    const all = (await admin.kf.rest.all<{ Code: string }>('/customers', 100)).map((c) => c.Code);
    const touched = all.slice(0, 15);
    for (const code of touched) await admin.touchCustomer(code, 'bulk edit'); // all within a second or two of each other
    const reports = [];
    for (let i = 0; i < 10; i++) reports.push(await sweeper(s).sweep());
    for (const r of reports) expect(r.errors).toEqual([]);
    expect(await customerCodes()).toEqual([...touched].map((c) => c.toUpperCase()).sort());
    expect(reports.reduce((t, r) => t + r.ingested, 0)).toBe(15);
    expect(reports.reduce((t, r) => t + r.duplicates, 0)).toBe(0);
  });
});
