/**
 * Bad data from KashFlow, served by a tiny local server that speaks just enough of the REST API
 * (login, lists, details) to hand the sweeps rows the sandbox would never produce.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectKashflow, type KashflowConnection } from '../../../../src/connectors/kashflow/client/connector.js';
import { DocumentSweeper, PartySweeper } from '../../../../src/connectors/kashflow/change-detection/index.js';
import type { Engine } from '../../../../src/engine/engine.js';
import { MESSAGE } from '../../../../src/flows/contracts.js';
import type { Store } from '../../../../src/store/store.js';
import { createTarget, type StoreTarget } from '../../../store/backends.js';
import { messages, settings, testEngine } from './helpers.js';

type Route = (path: string) => { status: number; body: string } | undefined;
let route: Route = () => undefined;
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    req.resume();
    req.on('end', () => {
      if (url.pathname === '/v2/sessiontoken' && req.method === 'POST') return send(200, JSON.stringify({ TemporaryToken: 'tmp', MemorableWordList: [{ Position: 1, Value: '' }, { Position: 2, Value: '' }, { Position: 3, Value: '' }] }));
      if (url.pathname === '/v2/sessiontoken' && req.method === 'PUT') return send(200, JSON.stringify({ SessionToken: 'session' }));
      if (url.pathname.startsWith('/v2/sessiontoken/')) return send(204, '');
      const answer = route(`${url.pathname}${url.search}`);
      return answer ? send(answer.status, answer.body) : send(404, JSON.stringify({ Error: 'NotFound', Message: 'nothing here' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

let target: StoreTarget;
let store: Store;
let engine: Engine;
let kf: KashflowConnection;

beforeEach(async () => {
  target = await createTarget('sqlite');
  store = await target.open();
  engine = testEngine(store);
  kf = connectKashflow({ restUrl: `${base}/v2`, soapUrl: `${base}/api/service.asmx`, credentials: { username: 'u', password: 'p', memorableWord: 'word' }, retry: { sleep: async () => {}, maxRetries: 1 } });
});

afterEach(async () => {
  route = () => undefined;
  await kf.close();
  await target.dispose();
});

const row = (n: number, extra: Record<string, unknown> = {}) => ({ Number: n, CustomerCode: 'C1', IssuedDate: '2026-11-20 12:00:00', Status: 'Unpaid', GrossAmount: 10, TotalPaidAmount: 0, ...extra });
const page = (rows: unknown[]) => ({ status: 200, body: JSON.stringify({ Data: rows, MetaData: { NextPageUrl: null, TotalRecords: rows.length } }) });

function invoices(s = settings()): DocumentSweeper {
  return new DocumentSweeper({ connection: kf, engine, settings: s }, 'invoice');
}

describe('change detection with malformed KashFlow data', () => {
  it('skips unreadable list rows with an error naming the field, and processes the others', async () => {
    route = (p) => (p.startsWith('/v2/invoices?') ? page([row(1), { CustomerCode: 'C1', Status: 'Unpaid' }, row(3, { GrossAmount: 'lots' }), row(4, { IssuedDate: '31/12/2026' })]) : undefined);
    const r = await invoices().full();
    expect(r).toMatchObject({ listed: 1, changed: 1, ingested: 1, incomplete: false });
    expect(r.errors.map((e) => e.code)).toEqual(['KFAX_INPUT_INVALID', 'KFAX_INPUT_INVALID', 'KFAX_INPUT_INVALID']);
    expect(r.errors[0]!.message).toContain('/invoices[1].Number');
    expect(r.errors[1]!.message).toContain('/invoices[2].GrossAmount');
    expect(r.errors[2]!.message).toContain('/invoices[3].IssuedDate');
    expect((await messages(store, MESSAGE.invoiceSync)).map((m) => m.number)).toEqual([1]);
  });

  it('a list answer that is not JSON stops the sweep and writes nothing', async () => {
    route = (p) => (p.startsWith('/v2/invoices?') ? { status: 200, body: '{"Data": [ {"Number": 1,' } : undefined);
    const r = await invoices().full();
    expect(r).toMatchObject({ incomplete: true, ingested: 0 });
    expect(r.errors[0]).toMatchObject({ code: 'KFAX_JSON_MALFORMED' });
    expect((await store.getSnapshots('kashflow/invoice')).size).toBe(0);
    expect(await store.getCursor('kashflow-poller/invoice/full-sweep')).toBeNull();
  });

  it('an envelope without Data is refused by name', async () => {
    route = (p) => (p.startsWith('/v2/invoices?') ? { status: 200, body: '{"Items": []}' } : undefined);
    const r = await invoices().full();
    expect(r).toMatchObject({ incomplete: true });
    expect(r.errors[0]!.message).toMatch(/neither a list nor a \{Data, MetaData\} envelope/);
  });

  it('a full list that suddenly lost most of the account is distrusted: no miss is counted', async () => {
    const all = Array.from({ length: 30 }, (_, i) => row(i + 1));
    let rows = all;
    route = (p) => (p.startsWith('/v2/invoices?') ? page(rows) : undefined);
    expect(await invoices().full()).toMatchObject({ listed: 30, changed: 30, incomplete: false });
    rows = all.slice(0, 3);
    const r = await invoices().full();
    expect(r).toMatchObject({ listed: 3, incomplete: true, possiblyDeleted: [] });
    expect(r.errors[0]).toMatchObject({ code: 'KFAX_POLLER_ABORTED' });
    expect(r.errors[0]!.message).toMatch(/27 of 30 known ones were missing/);
    const snaps = await store.getSnapshots('kashflow/invoice');
    expect([...snaps.values()].every((t) => JSON.parse(t).m === 0)).toBe(true);
  });

  it('a detail with an unreadable payment line fails that invoice only (nothing half-sent); fixed, it goes whole', async () => {
    let detail: Record<string, unknown> = { ...row(5, { TotalPaidAmount: 4, LastPaymentDate: '2026-11-21 12:00:00' }), PaymentLines: [{ Amount: 4 }] };
    route = (p) => (p.startsWith('/v2/invoices?') ? page([row(4), row(5, { TotalPaidAmount: 4, LastPaymentDate: '2026-11-21 12:00:00' })]) : p === '/v2/invoices/5' ? { status: 200, body: JSON.stringify(detail) } : undefined);
    const first = await invoices().full();
    expect(first).toMatchObject({ changed: 1, ingested: 1, details: 1, incomplete: false });
    expect(first.errors).toHaveLength(1);
    expect(first.errors[0]).toMatchObject({ code: 'KFAX_INPUT_INVALID', ref: 'invoice 5' });
    expect(first.errors[0]!.message).toContain('PaymentLines[0].Id');
    expect((await messages(store, MESSAGE.invoiceSync)).map((m) => m.number)).toEqual([4]);
    expect((await store.getSnapshots('kashflow/invoice', ['5'])).size).toBe(0);

    detail = { ...detail, PaymentLines: [{ Id: 900, Amount: 4 }] };
    const second = await invoices().full();
    expect(second).toMatchObject({ changed: 1, ingested: 2, errors: [] });
    expect((await messages(store, MESSAGE.paymentSync)).map((m) => [m.invoiceNumber, m.paymentId])).toEqual([[5, 900]]);
  });

  it('customer rows without a code or with an unreadable LastUpdatedDate are named and skipped', async () => {
    const rows = [
      { Code: 'GOOD1', LastUpdatedDate: '2026-11-26 10:00:00' },
      { Code: 'BAD1', LastUpdatedDate: 'last Tuesday' },
      { Name: 'no code', LastUpdatedDate: '2026-11-26 10:00:00' },
      { Code: 'GOOD2', LastUpdatedDate: '2026-11-26 09:00:00 +01:00' },
    ];
    route = (p) => (p.startsWith('/v2/customers?') ? page(rows) : undefined);
    const r = await new PartySweeper({ connection: kf, engine, settings: settings() }).sweep();
    expect(r).toMatchObject({ listed: 2, changed: 2, ingested: 2, incomplete: false });
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/\/customers\[1\]\.LastUpdatedDate.*last Tuesday/);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/\/customers\[2\]\.Code: is required/);
    expect(JSON.parse((await store.getCursor('kashflow-poller/customers'))!)).toEqual({ at: '2026-11-26 10:00:00', recent: { GOOD1: '2026-11-26 10:00:00' } });
  });
});
