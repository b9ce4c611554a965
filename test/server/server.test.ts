import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyOrderJson } from '../../bench/intake/shopify-orders.js';
import { signShopify } from '../../src/server/webhooks/signatures.js';
import { waitFor } from '../engine/helpers.js';
import { ADMIN_TOKEN, capturingLogger, json, SECRETS, startHarness, type Harness } from './helpers.js';

/** The value of one sample line of the exposition text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return undefined;
}

describe('server: health, readiness, metrics, errors', () => {
  let h: Harness;
  const logLines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    h = await startHarness({ server: { logger: capturingLogger('debug', logLines), readinessChecks: { kashflow: async () => {} } } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('GET /healthz answers while the process is up', async () => {
    const res = await h.fetch('/healthz');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: 'ok' });
  });

  it('GET /readyz reports each dependency', async () => {
    const res = await h.fetch('/readyz');
    expect(res.status).toBe(200);
    const body = await json<{ ready: boolean; dependencies: Record<string, { ok: boolean; ms: number }> }>(res);
    expect(body.ready).toBe(true);
    expect(body.dependencies.store).toMatchObject({ ok: true });
    expect(body.dependencies.kashflow).toMatchObject({ ok: true });
  });

  it('GET /readyz answers 503 naming the dependency that fails or hangs, and the store when it is gone', async () => {
    const other = await startHarness({ noWorker: true, server: { readinessTimeoutMs: 200, readinessChecks: { ax: async () => Promise.reject(new Error('AX answered 503')), kashflow: () => new Promise<void>(() => {}) } } });
    try {
      const res = await other.fetch('/readyz');
      expect(res.status).toBe(503);
      const body = await json<{ ready: boolean; dependencies: Record<string, { ok: boolean; error?: string }> }>(res);
      expect(body.ready).toBe(false);
      expect(body.dependencies.store).toMatchObject({ ok: true });
      expect(body.dependencies.ax).toMatchObject({ ok: false, error: 'AX answered 503' });
      expect(body.dependencies.kashflow).toMatchObject({ ok: false, error: 'no answer within 200 ms' });
      await other.store.close();
      const gone = await json<{ dependencies: Record<string, { ok: boolean }> }>(await other.fetch('/readyz'));
      expect(gone.dependencies.store!.ok).toBe(false);
    } finally {
      await other.app.close();
      await other.engine.stop();
    }
  });

  it('GET /metrics exposes HTTP, webhook, engine, endpoint, poller and process families', async () => {
    const { body } = shopifyOrderJson(77);
    const headers = { 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': 'metrics-1' };
    expect((await h.fetch('/webhooks/shopify', { method: 'POST', headers: { ...headers, 'x-shopify-hmac-sha256': signShopify(body, SECRETS.shopify) }, body })).status).toBe(200);
    expect((await h.fetch('/webhooks/shopify', { method: 'POST', headers: { ...headers, 'x-shopify-hmac-sha256': signShopify(body, SECRETS.shopify) }, body })).status).toBe(200);
    expect((await h.fetch('/webhooks/shopify', { method: 'POST', headers: { ...headers, 'x-shopify-hmac-sha256': signShopify(body, 'wrong_secret_0123456789') }, body })).status).toBe(401);
    expect((await h.fetch('/webhooks/shopify', { method: 'POST', headers: { ...headers, 'x-shopify-hmac-sha256': signShopify('x'.repeat(70_000), SECRETS.shopify) }, body: 'x'.repeat(70_000) })).status).toBe(413);
    expect((await h.fetch('/webhooks/nosuch', { method: 'POST', body: '{}' })).status).toBe(404);
    h.app.kfaxMetrics.recordSweep({ poller: 'kashflow-invoices', kind: 'hot', durationMs: 1500, requests: 7, changed: 2, listed: 50 });
    h.app.kfaxMetrics.recordSweep({ poller: 'kashflow-invoices', kind: 'hot', durationMs: 500, requests: 3, changed: 0, ok: false });
    await waitFor(async () => (await h.store.stats(Date.now())).counts.delivered >= 1);

    const res = await h.fetch('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'kfax_http_requests_total', { route: '/webhooks/:source', method: 'POST', status: '200' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'kfax_http_requests_total', { route: '/webhooks/:source', method: 'POST', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'kfax_http_request_duration_seconds_count', { route: '/webhooks/:source', status: '200' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'kfax_webhook_events_total', { source: 'shopify', outcome: 'accepted' })).toBe(1);
    expect(sample(text, 'kfax_webhook_events_total', { source: 'shopify', outcome: 'duplicate' })).toBe(1);
    expect(sample(text, 'kfax_webhook_events_total', { source: 'shopify', outcome: 'rejected', reason: 'signature' })).toBe(1);
    expect(sample(text, 'kfax_webhook_events_total', { source: 'shopify', outcome: 'rejected', reason: 'too_large' })).toBe(1);
    expect(sample(text, 'kfax_webhook_events_total', { source: 'unknown', outcome: 'rejected', reason: 'unknown_source' })).toBe(1);
    expect(sample(text, 'kfax_messages', { state: 'delivered' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'kfax_messages', { state: 'dead' })).toBe(0);
    expect(sample(text, 'kfax_messages_oldest_ready_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'kfax_dead_letters_open')).toBe(0);
    expect(sample(text, 'kfax_store_up')).toBe(1);
    expect(sample(text, 'kfax_endpoint_breaker_state', { endpoint: 'kashflow', state: 'closed' })).toBe(1);
    expect(sample(text, 'kfax_endpoint_breaker_state', { endpoint: 'kashflow', state: 'open' })).toBe(0);
    expect(sample(text, 'kfax_endpoint_concurrency', { endpoint: 'kashflow' })).toBeGreaterThan(0);
    expect(sample(text, 'kfax_endpoint_in_flight', { endpoint: 'kashflow' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'kfax_endpoint_prefetched', { endpoint: 'kashflow' })).toBe(0);
    expect(sample(text, 'kfax_poller_sweeps_total', { poller: 'kashflow-invoices', kind: 'hot', result: 'ok' })).toBe(1);
    expect(sample(text, 'kfax_poller_sweeps_total', { poller: 'kashflow-invoices', kind: 'hot', result: 'failed' })).toBe(1);
    expect(sample(text, 'kfax_poller_requests_total', { poller: 'kashflow-invoices', kind: 'hot' })).toBe(10);
    expect(sample(text, 'kfax_poller_changes_total', { poller: 'kashflow-invoices', kind: 'hot' })).toBe(2);
    expect(sample(text, 'kfax_poller_sweep_duration_seconds_sum', { poller: 'kashflow-invoices', kind: 'hot' })).toBe(2);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('answers unknown routes with 404 in the error shape, and echoes a sane X-Request-Id', async () => {
    const res = await h.fetch('/nope?token=secret', { headers: { 'x-request-id': 'trace-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    expect(await json(res)).toEqual({ error: { code: 'KFAX_ROUTE_NOT_FOUND', message: 'no route GET /nope' } });
    const generated = await h.fetch('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
  });

  it('logs one line per request with the request id, never bodies, secrets or query strings', async () => {
    const { body } = shopifyOrderJson(78);
    await h.fetch('/webhooks/shopify', { method: 'POST', headers: { 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify(body, SECRETS.shopify), 'x-request-id': 'log-test-1' }, body });
    await h.fetch('/api/stats?x=hidden-query', { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'log-test-2' } });
    await h.fetch('/api/stats', { headers: { authorization: 'Bearer wrong-token-0000000000', 'x-request-id': 'log-test-3' } });
    const all = JSON.stringify(logLines);
    expect(logLines.find((l) => l.reqId === 'log-test-1' && l.msg === 'request completed')).toMatchObject({ method: 'POST', path: '/webhooks/shopify', route: '/webhooks/:source', status: 200 });
    expect(logLines.find((l) => l.reqId === 'log-test-3')).toMatchObject({ status: 401, msg: 'request refused' });
    for (const secret of [SECRETS.shopify, ADMIN_TOKEN, 'wrong-token-0000000000', 'hidden-query', 'ada.patel', signShopify(body, SECRETS.shopify), '"line_items"']) expect(all).not.toContain(secret);
  });
});

describe('server: graceful close', () => {
  it('finishes an in-flight webhook (acknowledged after its commit) and then refuses connections', async () => {
    let arrived!: () => void;
    const inHandler = new Promise<void>((resolve) => (arrived = resolve));
    // The handler reads the clock once it has the body: the signal that the request is in flight.
    const h = await startHarness({ noWorker: true, server: { now: () => (arrived(), Date.now()) } });
    const { body } = shopifyOrderJson(90);
    const inFlight = h.fetch('/webhooks/shopify', { method: 'POST', headers: { 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify(body, SECRETS.shopify) }, body });
    await inHandler;
    const closing = h.app.close();
    const res = await inFlight;
    await closing;
    expect(res.status).toBe(200);
    const out = await json<{ ids: number[] }>(res);
    expect(await h.store.getMessage(out.ids[0]!)).not.toBeNull();
    await expect(fetch(`${h.url}/healthz`)).rejects.toThrow();
    await h.engine.stop();
    await h.store.close();
  });
});
