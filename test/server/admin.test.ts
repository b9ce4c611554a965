import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldFor } from '../../src/engine/handler.js';
import { KfaxError } from '../../src/errors/kfax-error.js';
import { MESSAGE, MESSAGE_KEY, type ShopOrderPayload } from '../../src/flows/contracts.js';
import type { MessageRecord } from '../../src/store/types.js';
import { waitFor, waitForState } from '../engine/helpers.js';
import { ADMIN_TOKEN, json, startHarness, type Harness } from './helpers.js';

type Refused = { error: { code: string; message: string } };

function order(name: string, orderId: string): ShopOrderPayload {
  return {
    source: 'shopify',
    orderId,
    orderName: name,
    email: 'ops-test@example.com',
    customerName: 'Ops Test',
    companyName: '',
    currency: 'GBP',
    orderDate: '2026-11-26',
    pricesIncludeTax: true,
    address: { line1: '', line2: '', town: '', county: '', postCode: '', countryCode: 'GB' },
    lines: [{ description: 'Mug', sku: 'MUG', quantity: '1', unitPrice: '19.99', vatPercent: '20', kind: 'item' }],
    total: '19.99',
    paid: false,
  };
}

describe('admin API', () => {
  let h: Harness;
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    h.fetch(path, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const get = (path: string) => h.fetch(path, { headers: auth });

  /** Ingests an order whose handler behaves as `name` says and waits for `state`. */
  async function orderIn(name: string, orderId: string, state: MessageRecord['state']): Promise<number> {
    const r = await h.engine.ingest({ source: 'test', dedupeKey: orderId, type: MESSAGE.shopOrder, payload: order(name, orderId), key: MESSAGE_KEY.shopOrder('shopify', orderId) });
    await waitForState(h.store, r.id!, state);
    return r.id!;
  }

  beforeAll(async () => {
    h = await startHarness({ config: { endpoints: { default: { retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3, inDoubtMaxAttempts: 2, unknownErrorMaxAttempts: 2 } } } } });
    h.behaviours.set('#FAIL', () => {
      throw new KfaxError('KFAX_REMOTE_REJECTED', ['KashFlow', 'nominal 9999 does not exist']);
    });
    h.behaviours.set('#TIMEOUT', () => {
      throw new KfaxError('KFAX_REMOTE_TIMEOUT', ['KashFlow', 5000]);
    });
  });
  afterAll(async () => {
    await h.close();
  });

  describe('authentication', () => {
    it('refuses a missing, wrong or non-Bearer token with 401 and WWW-Authenticate', async () => {
      for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong-token-0123456789abcd' }, { authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` }, { authorization: `Bearer ${ADMIN_TOKEN}x` }]) {
        const res = await h.fetch('/api/stats', { headers });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="kfax"');
        expect((await json<Refused>(res)).error.code).toBe('KFAX_UNAUTHORIZED');
      }
      const noAuthAction = await h.fetch('/api/messages/1/retry', { method: 'POST', body: '{}' });
      expect(noAuthAction.status).toBe(401);
    });

    it('is not served at all without server.adminToken', async () => {
      const other = await startHarness({ noWorker: true, config: { server: {} } });
      try {
        const res = await other.fetch('/api/stats', { headers: auth });
        expect(res.status).toBe(404);
        expect((await json<Refused>(res)).error.code).toBe('KFAX_ROUTE_NOT_FOUND');
      } finally {
        await other.close();
      }
    });
  });

  it('GET /api/stats returns counts per state and per-endpoint state', async () => {
    const res = await get('/api/stats');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await json<{ store: { counts: Record<string, number>; deadOpen: number }; endpoints: { endpoint: string; breaker: string }[] }>(res);
    expect(Object.keys(body.store.counts)).toContain('dead');
    expect(body.endpoints.map((e) => e.endpoint)).toContain('kashflow');
  });

  it('lists and shows a dead letter with its reason, payload and history', async () => {
    const id = await orderIn('#FAIL', 'list-1', 'dead');
    const list = await json<{ messages: { id: number; lastError: { code: string } }[]; next: number | null }>(await get('/api/messages?state=dead&type=shop.order&limit=100'));
    expect(list.messages.find((m) => m.id === id)?.lastError.code).toBe('KFAX_REMOTE_REJECTED');
    const res = await get(`/api/messages/${id}`);
    expect(res.status).toBe(200);
    const shown = await json<{ message: { state: string; history: { to: string }[]; lastError: { message: string } }; payload: ShopOrderPayload; audit: unknown[] }>(res);
    expect(shown.message.state).toBe('dead');
    expect(shown.message.lastError.message).toBe('KashFlow rejected the request: nominal 9999 does not exist');
    expect(shown.message.history.map((e) => e.to)).toEqual(['pending', 'in_flight', 'dead']);
    expect(shown.payload.orderName).toBe('#FAIL');
    expect(shown.message).not.toHaveProperty('payload');
  });

  it('retries a dead letter (audited with the X-Kfax-Actor actor)', async () => {
    const id = await orderIn('#FAIL', 'retry-1', 'dead');
    const res = await post(`/api/messages/${id}/retry`, { note: 'KashFlow nominal created' }, { 'x-kfax-actor': 'ops:jane' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id, discarded: false });
    const again = await waitFor(async () => {
      const m = await h.store.getMessage(id);
      return m && m.state === 'dead' && m.attempts === 2 ? m : undefined;
    });
    expect(again.history.some((e) => e.from === 'dead' && e.to === 'pending' && e.by === 'ops:jane' && e.note === 'KashFlow nominal created')).toBe(true);
    const audit = (await h.store.listAudit({ messageId: id, limit: 10 })).find((a) => a.action === 'message.retry');
    expect(audit).toMatchObject({ actor: 'ops:jane' });
    // Only dead letters can be retried; unknown ids are 404; malformed ids 400.
    expect((await json<Refused>(await post(`/api/messages/${await orderIn('#OK', 'retry-2', 'delivered')}/retry`, {}))).error.code).toBe('KFAX_MESSAGE_STATE_CONFLICT');
    expect((await post('/api/messages/999999/retry', {})).status).toBe(404);
    expect((await json<Refused>(await post('/api/messages/abc/retry', {}))).error.message).toBe('invalid input at id: expected a positive whole number');
  });

  it('edits a dead letter then retries it: validated, same idempotency key, delivered once, audited', async () => {
    const id = await orderIn('#FAIL', 'edit-1', 'dead');
    const before = (await h.store.getMessage(id))!;
    // Refusals first; none changes the message.
    const invalid = await post(`/api/messages/${id}/edit`, { patch: { total: 12 } });
    expect(invalid.status).toBe(422);
    const invalidError = (await json<Refused>(invalid)).error;
    expect(invalidError.code).toBe('KFAX_PAYLOAD_INVALID');
    expect(invalidError.message).toContain('payload of shop.order is invalid at total:');
    expect((await json<Refused>(await post(`/api/messages/${id}/edit`, { patches: {} }))).error.message).toBe('invalid input at (body): unknown field "patches"');
    expect((await json<Refused>(await post(`/api/messages/${id}/edit`, {}))).error.message).toContain('invalid input at patch: give a merge patch');
    expect((await json<Refused>(await post(`/api/messages/${id}/edit`, { set: [{ path: 'lines[x', value: 1 }] }))).error.message).toContain('invalid input at set[0].path');
    const stale = await post(`/api/messages/${id}/edit`, { patch: { orderName: '#FIXED' }, expectedPayload: { ...order('#FAIL', 'edit-1'), total: '1.00' } });
    expect(stale.status).toBe(409);
    expect((await json<Refused>(await post(`/api/messages/${id}/edit`, { patch: { orderName: '#FAIL' } }))).error.message).toContain('changes nothing');
    expect((await h.store.getMessage(id))!.payload).toBe(before.payload);

    const res = await post(`/api/messages/${id}/edit`, { patch: { orderName: '#FIXED' }, set: [{ path: 'lines[0].quantity', value: '2' }], expectedPayload: order('#FAIL', 'edit-1'), note: 'typo in the order name', actor: 'jane' });
    expect(res.status).toBe(200);
    const edited = await json<{ diff: unknown[] }>(res);
    expect(edited.diff).toHaveLength(2);
    expect(edited).toMatchObject({
      id,
      validated: true,
      diff: expect.arrayContaining([
        { path: 'orderName', from: '#FAIL', to: '#FIXED' },
        { path: 'lines[0].quantity', from: '1', to: '2' },
      ]),
    });
    const delivered = await waitForState(h.store, id, 'delivered');
    expect(delivered.idempotencyKey).toBe(before.idempotencyKey);
    const runs = h.deliveries.filter((d) => (d.payload as ShopOrderPayload).orderId === 'edit-1');
    expect(runs.map((d) => (d.payload as ShopOrderPayload).orderName)).toEqual(['#FAIL', '#FIXED']);
    expect(new Set(runs.map((d) => d.idempotencyKey)).size).toBe(1);
    expect((await h.store.listAudit({ messageId: id, limit: 10 })).find((a) => a.action === 'message.edit')).toMatchObject({ actor: 'jane' });
    // Delivered messages cannot be edited.
    expect((await post(`/api/messages/${id}/edit`, { patch: { orderName: '#AGAIN' } })).status).toBe(409);
  });

  it('discards a dead letter with a reason; it is hidden, kept, and can no longer be retried', async () => {
    const id = await orderIn('#FAIL', 'discard-1', 'dead');
    expect((await json<Refused>(await post(`/api/messages/${id}/discard`, {}))).error.message).toBe('invalid input at reason: is required');
    const res = await post(`/api/messages/${id}/discard`, { reason: 'test order, never needed' }, { 'x-kfax-actor': 'ops:sam' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id, state: 'dead', discarded: true });
    const open = await json<{ messages: { id: number }[] }>(await get('/api/messages?state=dead&limit=1000'));
    expect(open.messages.map((m) => m.id)).not.toContain(id);
    const all = await json<{ messages: { id: number }[] }>(await get('/api/messages?state=dead&all=true&limit=1000'));
    expect(all.messages.map((m) => m.id)).toContain(id);
    expect((await post(`/api/messages/${id}/retry`, {})).status).toBe(409);
    expect((await post(`/api/messages/${id}/discard`, { reason: 'again' })).status).toBe(409);
    expect((await h.store.listAudit({ messageId: id, limit: 10 })).find((a) => a.action === 'message.discard')).toMatchObject({ actor: 'ops:sam', details: { reason: 'test order, never needed' } });
  });

  it('releases held messages by hold key', async () => {
    let open = false;
    h.behaviours.set('#HOLD', () => {
      if (!open) throw heldFor('AX period 2026-11 is on hold', 'ax/period/kfuk/2026-11');
      return { output: { ok: true } };
    });
    const id = await orderIn('#HOLD', 'hold-1', 'held');
    expect((await json<Refused>(await post('/api/held/release', { holdKey: 'ax/period/kfuk/2026-11', ids: [id] }))).error.message).toContain('give exactly one of holdKey or ids');
    open = true;
    const res = await post('/api/held/release', { holdKey: 'ax/period/kfuk/2026-11', note: 'period reopened' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ released: 1, ids: [id], skipped: [] });
    await waitForState(h.store, id, 'delivered');
  });

  it('resolves an in-doubt message that waits for an operator, recording the xref', async () => {
    const r = await h.engine.ingest({ source: 'test', dedupeKey: 'doubt-1', type: MESSAGE.shopOrder, payload: order('#TIMEOUT', 'doubt-1') });
    const waiting = await waitFor(async () => {
      const m = await h.store.getMessage(r.id!);
      return m && m.state === 'in_doubt' && m.runAt === null ? m : undefined;
    });
    const res = await post(`/api/messages/${waiting.id}/resolve`, { outcome: 'delivered', xrefs: [{ system: 'shop', entity: 'order', sourceId: 'shopify:doubt-1', targetId: '1042' }], note: 'found invoice 1042 in KashFlow' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: waiting.id, state: 'delivered' });
    expect(await h.engine.lookupXref('shop', 'order', 'shopify:doubt-1')).toBe('1042');
    expect((await post(`/api/messages/${waiting.id}/resolve`, { outcome: 'resend' })).status).toBe(409);
  });

  it('validates list queries, bodies and actors, naming the field', async () => {
    expect((await json<Refused>(await get('/api/messages?colour=red'))).error.message).toBe('invalid input at query: unknown field "colour"');
    expect((await json<Refused>(await get('/api/messages?state=dead,bogus'))).error.message).toContain('invalid input at query.state[1]: expected one or more of pending');
    expect((await json<Refused>(await get('/api/messages?limit=0'))).error.message).toBe('invalid input at query.limit: must be at least 1');
    expect((await json<Refused>(await get('/api/messages?limit=10&limit=20'))).error.message).toContain('invalid input at query.limit:');
    const malformed = await post('/api/messages/1/retry', '{"note": ');
    expect(malformed.status).toBe(400);
    expect((await json<Refused>(malformed)).error.code).toBe('KFAX_JSON_MALFORMED');
    expect((await json<Refused>(await post('/api/messages/1/retry', '{"__proto__": {"x": 1}}'))).error.code).toBe('KFAX_JSON_MALFORMED');
    expect((await json<Refused>(await post('/api/messages/1/retry', {}, { 'x-kfax-actor': 'x'.repeat(101) }))).error.message).toContain('invalid input at X-Kfax-Actor');
  });

  it('pages through messages with next', async () => {
    for (let i = 0; i < 3; i++) await orderIn('#OK', `page-${i}`, 'delivered');
    const first = await json<{ messages: { id: number }[]; next: number | null }>(await get('/api/messages?state=delivered&limit=2'));
    expect(first.messages).toHaveLength(2);
    expect(first.next).toBe(first.messages[1]!.id);
    const second = await json<{ messages: { id: number }[] }>(await get(`/api/messages?state=delivered&limit=2&after=${first.next}`));
    expect(second.messages[0]!.id).toBeGreaterThan(first.next!);
  });
});
