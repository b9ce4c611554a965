import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyOrderJson } from '../../bench/intake/shopify-orders.js';
import { rootIdempotencyKey } from '../../src/engine/idempotency.js';
import { AGGREGATE, MESSAGE, MESSAGE_KEY } from '../../src/flows/contracts.js';
import { signKfax, signShopify, signStripe } from '../../src/server/webhooks/signatures.js';
import { openStore } from '../../src/store/open-store.js';
import { waitFor } from '../engine/helpers.js';
import { json, SECRETS, startHarness, type Harness } from './helpers.js';

type Accepted = { accepted: boolean; duplicate: boolean; ids: number[] };
type Refused = { error: { code: string; message: string } };

function sendShopify(h: Harness, body: string, options: { topic?: string; webhookId?: string; secret?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return h.fetch('/webhooks/shopify', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': options.topic ?? 'orders/create',
      'x-shopify-hmac-sha256': signShopify(body, options.secret ?? SECRETS.shopify),
      'x-shopify-webhook-id': options.webhookId ?? randomUUID(),
      'x-shopify-shop-domain': 'kfax-test.myshopify.com',
      ...options.headers,
    },
    body,
  });
}

function stripeEvent(eventId: string, pi: string, orderId: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: eventId,
    object: 'event',
    type: 'payment_intent.succeeded',
    created: 1_795_000_000,
    livemode: false,
    data: { object: { id: pi, object: 'payment_intent', amount: 6597, amount_received: 6597, currency: 'gbp', metadata: { order_id: orderId }, status: 'succeeded' } },
    ...overrides,
  });
}

function sendStripe(h: Harness, body: string, signedAt = Date.now(), secret: string = SECRETS.stripe): Promise<Response> {
  return h.fetch('/webhooks/stripe', { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signStripe(body, secret, signedAt) }, body });
}

function sendKfax(h: Harness, body: string, signedAt = Date.now()): Promise<Response> {
  const s = signKfax(body, SECRETS.kfax, signedAt);
  return h.fetch('/webhooks/kfax', { method: 'POST', headers: { 'content-type': 'application/json', 'x-kfax-timestamp': s.timestamp, 'x-kfax-signature': s.signature }, body });
}

const kfaxOrderData = {
  source: 'myshop',
  orderId: 'A-1001',
  orderName: '#A1001',
  email: 'Buyer@Example.com',
  customerName: 'Ada Buyer',
  currency: 'gbp',
  orderDate: '2026-11-26',
  pricesIncludeTax: true,
  lines: [{ description: 'Mug', sku: 'MUG-1', quantity: 2, unitPrice: 19.99, vatPercent: 20 }],
  total: '39.98',
};

describe('webhook intake', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  describe('Shopify', () => {
    it('accepts a signed orders/create, stores a shop.order with exact decimals and the 64-bit id, and answers after the commit', async () => {
      const { orderId, body } = shopifyOrderJson(1);
      expect(orderId).toBe('820982911946154509');
      const res = await sendShopify(h, body);
      expect(res.status).toBe(200);
      const out = await json<Accepted>(res);
      expect(out).toMatchObject({ accepted: true, duplicate: false });
      expect(out.ids).toHaveLength(1);
      // Durable before the answer: a second connection to the same file sees it at once.
      const other = await openStore(h.dbPath);
      try {
        const m = await other.getMessage(out.ids[0]!);
        expect(m).toMatchObject({ type: MESSAGE.shopOrder, endpoint: 'kashflow', aggregateKey: AGGREGATE.shopBuyer('jon.smith.1@example.com'), idempotencyKey: rootIdempotencyKey(MESSAGE.shopOrder, MESSAGE_KEY.shopOrder('shopify', orderId)) });
        const payload = JSON.parse(m!.payload) as Record<string, unknown>;
        expect(payload).toMatchObject({ source: 'shopify', orderId: '820982911946154509', orderName: '#1002', email: 'jon.smith.1@example.com', currency: 'GBP', pricesIncludeTax: true, total: '29.95', paid: false });
        expect(payload.lines).toEqual([
          { description: 'Linen Tea Towel', sku: 'LIN-220', quantity: '2', unitPrice: '12.5', vatPercent: '20', kind: 'item' },
          { description: 'Delivery: Standard', sku: '', quantity: '1', unitPrice: '4.95', vatPercent: '20', kind: 'shipping' },
        ]);
      } finally {
        await other.close();
      }
      await waitFor(() => h.deliveries.find((d) => (d.payload as { orderId: string }).orderId === orderId), 10_000, 'the handler to receive the order');
    });

    it('answers a repeated delivery (same webhook id) as a duplicate and processes it once', async () => {
      const { orderId, body } = shopifyOrderJson(2);
      const webhookId = randomUUID();
      const first = await json<Accepted>(await sendShopify(h, body, { webhookId }));
      const again = await sendShopify(h, body, { webhookId });
      expect(again.status).toBe(200);
      expect(await json<Accepted>(again)).toEqual({ accepted: true, duplicate: true, ids: first.ids });
      // Another webhook for the same order (orders/paid, or Shopify re-firing) is the same message.
      const paid = await json<Accepted>(await sendShopify(h, body, { topic: 'orders/paid' }));
      expect(paid).toMatchObject({ duplicate: true, ids: first.ids });
      await waitFor(() => h.deliveries.some((d) => (d.payload as { orderId: string }).orderId === orderId));
      await new Promise((r) => setTimeout(r, 200));
      expect(h.deliveries.filter((d) => (d.payload as { orderId?: string }).orderId === orderId)).toHaveLength(1);
    });

    it('does not record a payment for orders/paid while Stripe is enabled (it would count twice)', async () => {
      const { orderId, body } = shopifyOrderJson(3);
      const out = await json<Accepted>(await sendShopify(h, body, { topic: 'orders/paid' }));
      expect(out.ids).toHaveLength(1);
      const m = await h.store.getMessage(out.ids[0]!);
      expect(m?.type).toBe(MESSAGE.shopOrder);
      expect(JSON.parse(m!.payload)).toMatchObject({ orderId, paid: true });
    });

    it('refuses a wrong signature with 401 and stores nothing', async () => {
      const before = await h.messageCount();
      const { body } = shopifyOrderJson(4);
      const res = await sendShopify(h, body, { secret: 'shpss_some_other_secret_000000' });
      expect(res.status).toBe(401);
      expect(await json<Refused>(res)).toEqual({ error: { code: 'KFAX_WEBHOOK_SIGNATURE_INVALID', message: 'webhook from shopify refused: signature does not match' } });
      // A body changed after signing is refused the same way.
      const tampered = await h.fetch('/webhooks/shopify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify(body, SECRETS.shopify) }, body: body.replace('"total_price":"', '"total_price":"1') });
      expect(tampered.status).toBe(401);
      expect(await h.messageCount()).toBe(before);
    });

    it('refuses a missing signature header with 401 naming it', async () => {
      const before = await h.messageCount();
      const { body } = shopifyOrderJson(5);
      const res = await h.fetch('/webhooks/shopify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create' }, body });
      expect(res.status).toBe(401);
      expect((await json<Refused>(res)).error.message).toContain('missing X-Shopify-Hmac-Sha256 header');
      expect(await h.messageCount()).toBe(before);
    });

    it('acknowledges other topics with 202 and stores nothing; a missing topic is a 400 naming the header', async () => {
      const before = await h.messageCount();
      const { body } = shopifyOrderJson(6);
      const ignored = await sendShopify(h, body, { topic: 'orders/cancelled' });
      expect(ignored.status).toBe(202);
      expect(await json(ignored)).toEqual({ accepted: false, ignored: true, reason: 'topic orders/cancelled is not used by kfax' });
      const noTopic = await h.fetch('/webhooks/shopify', { method: 'POST', headers: { 'x-shopify-hmac-sha256': signShopify(body, SECRETS.shopify) }, body });
      expect(noTopic.status).toBe(400);
      expect(await json<Refused>(noTopic)).toEqual({ error: { code: 'KFAX_INPUT_INVALID', message: 'invalid input at X-Shopify-Topic: missing header' } });
      expect(await h.messageCount()).toBe(before);
    });

    it('refuses malformed JSON (correctly signed) with 400 and stores nothing', async () => {
      const before = await h.messageCount();
      for (const body of ['{"id": 1, "name": ', '', '{"id": 820982911946154508 "x": 1}', '[1, 2,]']) {
        const res = await sendShopify(h, body);
        expect(res.status, body).toBe(400);
        expect((await json<Refused>(res)).error.code).toBe('KFAX_JSON_MALFORMED');
      }
      expect(await h.messageCount()).toBe(before);
    });

    it('names the field that is missing or wrong, with 400, and stores nothing', async () => {
      const before = await h.messageCount();
      const cases: [Record<string, unknown>, string][] = [
        [{ line_items: [] }, 'line_items'],
        [{ email: null, contact_email: null, customer: null }, 'email'],
        [{ total_price: 'lots' }, 'total_price'],
        [{ currency: 'POUNDS' }, 'currency'],
        [{ line_items: [{ title: 'Mug', quantity: 1, price: 'abc', tax_lines: [] }] }, 'line_items.0.price'],
      ];
      for (const [overrides, field] of cases) {
        const res = await sendShopify(h, shopifyOrderJson(7, overrides).body);
        expect(res.status, field).toBe(400);
        const err = (await json<Refused>(res)).error;
        expect(err.code).toBe('KFAX_INPUT_INVALID');
        expect(err.message).toContain(`at ${field}:`);
      }
      expect(await h.messageCount()).toBe(before);
    });

    it('refuses a body over server.bodyLimitBytes with 413 and stores nothing', async () => {
      const before = await h.messageCount();
      const { body } = shopifyOrderJson(8, { note: 'x'.repeat(70 * 1024) });
      const res = await sendShopify(h, body);
      expect(res.status).toBe(413);
      expect(await json<Refused>(res)).toEqual({ error: { code: 'KFAX_INPUT_TOO_LARGE', message: 'request body exceeds 65536 bytes' } });
      // Streamed without a Content-Length: counted while it arrives.
      const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 8) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const chunked = await h.fetch('/webhooks/shopify', { method: 'POST', headers: { 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify(body, SECRETS.shopify) }, body: stream, duplex: 'half' } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(await h.messageCount()).toBe(before);
    });

    it('accepts 100 concurrent deliveries, each stored once', async () => {
      const before = await h.messageCount();
      const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => sendShopify(h, shopifyOrderJson(1_000 + i).body)));
      expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
      const ids = new Set((await Promise.all(responses.map((r) => json<Accepted>(r)))).flatMap((o) => o.ids));
      expect(ids.size).toBe(100);
      expect(await h.messageCount()).toBe(before + 100);
    });
  });

  describe('Stripe', () => {
    it('accepts payment_intent.succeeded as a shop.payment with the amount in major units', async () => {
      const res = await sendStripe(h, stripeEvent('evt_100', 'pi_100', '820982911946154509'));
      expect(res.status).toBe(200);
      const out = await json<Accepted>(res);
      expect(out).toMatchObject({ accepted: true, duplicate: false });
      const m = await h.store.getMessage(out.ids[0]!);
      expect(m).toMatchObject({ type: MESSAGE.shopPayment, aggregateKey: null, idempotencyKey: rootIdempotencyKey(MESSAGE.shopPayment, MESSAGE_KEY.shopPayment('stripe', 'pi_100')) });
      expect(JSON.parse(m!.payload)).toEqual({ source: 'stripe', paymentId: 'pi_100', orderId: '820982911946154509', amount: '65.97', currency: 'GBP', date: '2026-11-18' });
    });

    it('answers a re-sent event as a duplicate, and a second event for the same PaymentIntent too', async () => {
      const first = await json<Accepted>(await sendStripe(h, stripeEvent('evt_200', 'pi_200', '1')));
      expect(await json<Accepted>(await sendStripe(h, stripeEvent('evt_200', 'pi_200', '1')))).toEqual({ accepted: true, duplicate: true, ids: first.ids });
      expect(await json<Accepted>(await sendStripe(h, stripeEvent('evt_201', 'pi_200', '1')))).toMatchObject({ duplicate: true, ids: first.ids });
    });

    it('refuses a stale timestamp (outside the tolerance) with 401 even when the signature is right', async () => {
      const before = await h.messageCount();
      const res = await sendStripe(h, stripeEvent('evt_300', 'pi_300', '1'), Date.now() - 301_000);
      expect(res.status).toBe(401);
      expect((await json<Refused>(res)).error.message).toContain('outside the 300 s tolerance');
      const wrong = await sendStripe(h, stripeEvent('evt_301', 'pi_301', '1'), Date.now(), 'whsec_wrong_secret_0123456789');
      expect(wrong.status).toBe(401);
      const missing = await h.fetch('/webhooks/stripe', { method: 'POST', body: stripeEvent('evt_302', 'pi_302', '1') });
      expect((await json<Refused>(missing)).error.message).toContain('missing Stripe-Signature header');
      expect(await h.messageCount()).toBe(before);
    });

    it('acknowledges other event types with 200 (Stripe retries anything else) and stores nothing', async () => {
      const before = await h.messageCount();
      const res = await sendStripe(h, stripeEvent('evt_400', 'pi_400', '1', { type: 'charge.refunded' }));
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ accepted: false, ignored: true, reason: 'event type charge.refunded is not used by kfax' });
      expect(await h.messageCount()).toBe(before);
    });

    it('names the missing order link and the missing event type', async () => {
      const before = await h.messageCount();
      const noOrder = JSON.parse(stripeEvent('evt_500', 'pi_500', '1')) as { data: { object: { metadata: Record<string, string> } } };
      noOrder.data.object.metadata = {};
      const res = await sendStripe(h, JSON.stringify(noOrder));
      expect(res.status).toBe(400);
      expect((await json<Refused>(res)).error.message).toBe('invalid input at data.object.metadata.order_id: missing: the payment cannot be matched to a shop order');
      const noType = await sendStripe(h, JSON.stringify({ id: 'evt_501' }));
      expect((await json<Refused>(noType)).error.message).toContain('at type:');
      expect(await h.messageCount()).toBe(before);
    });
  });

  describe('kfax scheme', () => {
    it('accepts an order and a payment in kfax form, with decimals given as JSON numbers kept exact', async () => {
      const order = await sendKfax(h, JSON.stringify({ type: 'order', id: 'evt-k1', data: kfaxOrderData }));
      expect(order.status).toBe(200);
      const o = await h.store.getMessage((await json<Accepted>(order)).ids[0]!);
      expect(o).toMatchObject({ type: MESSAGE.shopOrder, aggregateKey: AGGREGATE.shopBuyer('buyer@example.com'), idempotencyKey: rootIdempotencyKey(MESSAGE.shopOrder, MESSAGE_KEY.shopOrder('myshop', 'A-1001')) });
      expect(JSON.parse(o!.payload)).toEqual({
        source: 'myshop',
        orderId: 'A-1001',
        orderName: '#A1001',
        email: 'buyer@example.com',
        customerName: 'Ada Buyer',
        companyName: '',
        currency: 'GBP',
        orderDate: '2026-11-26',
        pricesIncludeTax: true,
        address: { line1: '', line2: '', town: '', county: '', postCode: '', countryCode: '' },
        lines: [{ description: 'Mug', sku: 'MUG-1', quantity: '2', unitPrice: '19.99', vatPercent: '20', kind: 'item' }],
        total: '39.98',
        paid: false,
      });
      // A long decimal survives digit for digit.
      const precise = await sendKfax(h, `{"type":"payment","id":"evt-k2","data":{"source":"mygateway","paymentId":"p-1","orderId":"A-1001","amount":39.980000000000000001,"currency":"GBP","date":"2026-11-26"}}`);
      expect(precise.status).toBe(200);
      const p = await h.store.getMessage((await json<Accepted>(precise)).ids[0]!);
      expect(JSON.parse(p!.payload)).toEqual({ source: 'mygateway', paymentId: 'p-1', orderId: 'A-1001', amount: '39.980000000000000001', currency: 'GBP', date: '2026-11-26' });
    });

    it('answers a replay inside the window as a duplicate and refuses one outside it with 401', async () => {
      const body = JSON.stringify({ type: 'order', id: 'evt-k3', data: { ...kfaxOrderData, orderId: 'A-1003' } });
      const first = await json<Accepted>(await sendKfax(h, body));
      expect(await json<Accepted>(await sendKfax(h, body))).toEqual({ accepted: true, duplicate: true, ids: first.ids });
      const before = await h.messageCount();
      const stale = await sendKfax(h, JSON.stringify({ type: 'order', id: 'evt-k4', data: { ...kfaxOrderData, orderId: 'A-1004' } }), Date.now() - 301_000);
      expect(stale.status).toBe(401);
      expect((await json<Refused>(stale)).error.message).toContain('outside the 300 s replay window');
      const noTimestamp = await h.fetch('/webhooks/kfax', { method: 'POST', headers: { 'x-kfax-signature': `v1=${'0'.repeat(64)}` }, body });
      expect((await json<Refused>(noTimestamp)).error.message).toContain('X-Kfax-Timestamp');
      expect(await h.messageCount()).toBe(before);
    });

    it('refuses unknown fields, bad decimals and missing fields, naming them', async () => {
      const before = await h.messageCount();
      const cases: [unknown, string][] = [
        [{ type: 'order', id: 'e1', data: kfaxOrderData, extra: 1 }, 'invalid input at (body): unknown field "extra"'],
        [{ type: 'order', id: 'e2', data: { ...kfaxOrderData, colour: 'red' } }, 'invalid input at data: unknown field "colour"'],
        [{ type: 'order', id: 'e3', data: { ...kfaxOrderData, lines: [{ ...kfaxOrderData.lines[0], unitPrice: '19,99' }] } }, 'invalid input at data.lines[0].unitPrice: expected a decimal number'],
        [{ type: 'order', id: 'e4', data: { ...kfaxOrderData, email: undefined } }, 'invalid input at data.email: is required'],
        [{ type: 'refund', id: 'e5', data: {} }, 'invalid input at type:'],
        [{ type: 'payment', id: 'e6', data: { paymentId: 'p', orderId: 'o', amount: '0.00', currency: 'GBP', date: '2026-11-26' } }, 'invalid input at data.amount: must be more than zero'],
        [{ type: 'payment', id: 'e7' }, 'invalid input at data: is required'],
      ];
      for (const [body, message] of cases) {
        const res = await sendKfax(h, JSON.stringify(body));
        expect(res.status, message).toBe(400);
        expect((await json<Refused>(res)).error.message).toContain(message);
      }
      expect(await h.messageCount()).toBe(before);
    });
  });

  it('answers 404 for a source that is not enabled, before reading the body', async () => {
    const res = await h.fetch('/webhooks/woocommerce', { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(await json<Refused>(res)).toEqual({ error: { code: 'KFAX_WEBHOOK_SOURCE_UNKNOWN', message: 'no webhook source "woocommerce" is enabled' } });
  });
});

describe('webhook intake: configuration', () => {
  it('records a payment for orders/paid when Stripe is off, and serves only the enabled sources', async () => {
    const h = await startHarness({ config: { shop: { sources: { shopify: { secret: SECRETS.shopify } } } }, noWorker: true });
    try {
      const { orderId, body } = shopifyOrderJson(42);
      const res = await sendShopify(h, body, { topic: 'orders/paid', webhookId: 'wh-42' });
      const out = await json<Accepted>(res);
      expect(out).toMatchObject({ accepted: true, duplicate: false });
      expect(out.ids).toHaveLength(2);
      const payment = await h.store.getMessage(out.ids[1]!);
      expect(payment).toMatchObject({ type: MESSAGE.shopPayment, idempotencyKey: rootIdempotencyKey(MESSAGE.shopPayment, MESSAGE_KEY.shopPayment('shopify', `order-paid:${orderId}`)) });
      expect(JSON.parse(payment!.payload)).toEqual({ source: 'shopify', paymentId: `order-paid:${orderId}`, orderId, amount: '38.95', currency: 'GBP', date: new Date().toISOString().slice(0, 10) });
      expect(await json<Accepted>(await sendShopify(h, body, { topic: 'orders/paid', webhookId: 'wh-42' }))).toMatchObject({ duplicate: true, ids: out.ids });
      expect((await h.fetch('/webhooks/stripe', { method: 'POST', body: '{}' })).status).toBe(404);
      expect((await h.fetch('/webhooks/kfax', { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await h.close();
    }
  });

  it('answers 503 (retry later) without the store description when the event cannot be stored', async () => {
    const h = await startHarness({ noWorker: true });
    try {
      await h.store.close();
      const res = await sendShopify(h, shopifyOrderJson(43).body);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      const err = (await json<Refused>(res)).error;
      expect(err.code).toBe('KFAX_STORE_UNAVAILABLE');
      expect(err.message).not.toContain(h.dbPath);
    } finally {
      await h.app.close();
      await h.engine.stop();
    }
  });
});
