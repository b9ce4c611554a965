import { describe, expect, it } from 'vitest';
import { driveShopifyWebhooks, shopifyWebhookLua } from '../../bench/intake/drive-webhooks.js';
import { signedShopifyDeliveries } from '../../bench/intake/shopify-orders.js';
import { verifyShopify } from '../../src/server/webhooks/signatures.js';
import { hasWrk } from '../../bench/lib/wrk.js';
import { MESSAGE } from '../../src/flows/contracts.js';
import { SECRETS, startHarness } from './helpers.js';

describe('intake benchmark helper', () => {
  it('prepares unique, correctly signed deliveries', () => {
    const deliveries = signedShopifyDeliveries(50, SECRETS.shopify, 10);
    expect(new Set(deliveries.map((d) => d.orderId)).size).toBe(50);
    expect(new Set(deliveries.map((d) => d.webhookId)).size).toBe(50);
    for (const d of deliveries) {
      expect(verifyShopify(Buffer.from(d.body), d.hmac, SECRETS.shopify)).toEqual({ ok: true });
      expect(d.body).toContain(`"id":${d.orderId},`);
      expect(d.body).not.toContain('\n');
    }
    const lua = shopifyWebhookLua('/tmp/x.tsv', '/webhooks/shopify', 2);
    expect(lua).toContain('lineNo % 2 == tid');
    expect(lua).toContain('"X-Shopify-Hmac-Sha256"');
  });

  it('drives signed orders with wrk; every acknowledged delivery is a stored, distinct order', async (ctx) => {
    if (!(await hasWrk())) ctx.skip();
    const h = await startHarness({ noWorker: true });
    try {
      const result = await driveShopifyWebhooks({ baseUrl: h.url, secret: SECRETS.shopify, durationSeconds: 1, connections: 4, deliveries: 20_000 });
      expect(result.wrapped).toBe(false);
      expect(result.non2xx).toBe(0);
      expect(result.requests).toBeGreaterThan(0);
      const stats = await h.store.stats(Date.now());
      const stored = await h.store.listMessages({ states: ['pending'], type: MESSAGE.shopOrder, limit: 10_000 });
      // wrk counts responses inside the run; the few requests still in flight at its end are stored too.
      expect(stats.counts.pending).toBeGreaterThanOrEqual(result.requests);
      expect(stats.counts.pending).toBeLessThanOrEqual(result.requests + 4);
      expect(new Set(stored.map((m) => m.idempotencyKey)).size).toBe(stored.length);
    } finally {
      await h.close();
    }
  });
});
