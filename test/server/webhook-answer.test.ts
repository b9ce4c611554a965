import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyOrderJson } from '../../bench/intake/shopify-orders.js';
import { acceptedAnswer, JSON_CONTENT_TYPE } from '../../src/server/webhooks/answer.js';
import { signShopify } from '../../src/server/webhooks/signatures.js';
import type { EnqueueResult } from '../../src/store/types.js';
import { capturingLogger, SECRETS, startHarness, type Harness } from './helpers.js';

describe('webhook acceptance answer', () => {
  it('is the text Fastify would serialize from the answer object', () => {
    const id = fc.oneof(fc.maxSafeNat(), fc.integer(), fc.constant(null), fc.double());
    const result = fc.record({ id, duplicate: fc.boolean() });
    fc.assert(
      fc.property(fc.array(result, { maxLength: 6 }), (results: EnqueueResult[]) => {
        const duplicate = results.every((r) => r.duplicate);
        expect(acceptedAnswer(results)).toEqual({ duplicate, text: JSON.stringify({ accepted: true, duplicate, ids: results.map((r) => r.id) }) });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('webhook route: content types and request logging', () => {
  let h: Harness;
  const logLines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    h = await startHarness({ server: { logger: capturingLogger('info', logLines) }, noWorker: true });
  });
  afterAll(async () => {
    await h.close();
  });

  const send = (n: number, contentType: string | undefined, requestId: string): Promise<Response> => {
    const { body } = shopifyOrderJson(n);
    const headers: Record<string, string> = { 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify(body, SECRETS.shopify), 'x-shopify-webhook-id': `answer-test-${n}`, 'x-request-id': requestId };
    if (contentType !== undefined) headers['content-type'] = contentType;
    return h.fetch('/webhooks/shopify', { method: 'POST', headers, body });
  };

  it('reads the body the same way whatever the Content-Type (the parser named for JSON and the catch-all are one)', async () => {
    const types = ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'text/plain', 'application/x-www-form-urlencoded', undefined, 'application/json', 'text/plain'];
    for (const [i, type] of types.entries()) {
      const res = await send(900 + i, type, `ct-${i}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(JSON_CONTENT_TYPE);
      expect(res.headers.get('x-request-id')).toBe(`ct-${i}`);
      const answer = (await res.json()) as { accepted: boolean; duplicate: boolean; ids: number[] };
      expect(answer).toMatchObject({ accepted: true, duplicate: false });
      expect(answer.ids).toHaveLength(1);
    }
    const again = await send(900, 'application/json', 'ct-again');
    expect(await again.text()).toMatch(/^\{"accepted":true,"duplicate":true,"ids":\[\d+\]\}$/);
  });

  it('logs no line for a success at info level, and still logs refusals', async () => {
    await send(950, 'application/json', 'info-ok');
    const refused = await h.fetch('/webhooks/shopify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify('{}', 'wrong'), 'x-request-id': 'info-refused' }, body: '{}' });
    expect(refused.status).toBe(401);
    expect(logLines.find((l) => l.reqId === 'info-ok')).toBeUndefined();
    expect(logLines.find((l) => l.reqId === 'info-refused')).toMatchObject({ status: 401, msg: 'request refused', route: '/webhooks/:source' });
  });
});
