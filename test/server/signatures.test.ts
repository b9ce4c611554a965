import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacKey, signKfax, signShopify, signStripe, verifyKfax, verifyShopify, verifyStripe } from '../../src/server/webhooks/signatures.js';

const body = Buffer.from('{"id":820982911946154508,"email":"jon@example.com","total_price":"199.65"}');
const now = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('verifyShopify', () => {
  it('accepts the base64 HMAC of the raw body computed independently', () => {
    const header = createHmac('sha256', 'shpss_secret').update(body).digest('base64');
    expect(verifyShopify(body, header, 'shpss_secret')).toEqual({ ok: true });
    expect(signShopify(body, 'shpss_secret')).toBe(header);
  });
  it('refuses a wrong secret, a changed body and a missing header', () => {
    const header = signShopify(body, 'shpss_secret');
    expect(verifyShopify(body, header, 'other')).toEqual({ ok: false, reason: 'signature does not match' });
    expect(verifyShopify(Buffer.from(`${body.toString()} `), header, 'shpss_secret').ok).toBe(false);
    expect(verifyShopify(body, undefined, 'shpss_secret')).toMatchObject({ ok: false, reason: expect.stringContaining('missing') });
    expect(verifyShopify(body, 'not-base64-hmac', 'shpss_secret').ok).toBe(false);
  });
  it('gives the same answers with the secret as a key object made once (non-ASCII secrets too)', () => {
    for (const secret of ['shpss_secret', 'sécret ✓', '']) {
      const key = hmacKey(secret);
      const header = createHmac('sha256', secret).update(body).digest('base64');
      for (const [b, h] of [[body, header], [Buffer.from(`${body.toString()} `), header], [body, undefined], [body, 'not-base64-hmac'], [body, signShopify(body, 'other')]] as const) {
        expect(verifyShopify(b, h, key)).toEqual(verifyShopify(b, h, secret));
      }
      expect(verifyShopify(body, header, key)).toEqual({ ok: true });
    }
  });
});

describe('verifyStripe', () => {
  it('accepts a v1 signature over "t.body" within the tolerance, among several v1 values', () => {
    const t = Math.floor(now / 1000);
    const v1 = createHmac('sha256', 'whsec_x').update(`${t}.${body.toString()}`).digest('hex');
    expect(verifyStripe(body, `t=${t},v1=${'0'.repeat(64)},v1=${v1}`, 'whsec_x', 300, now)).toEqual({ ok: true, timestamp: t });
    expect(signStripe(body, 'whsec_x', now)).toBe(`t=${t},v1=${v1}`);
  });
  it('refuses an old timestamp (replay) even with a correct signature', () => {
    const header = signStripe(body, 'whsec_x', now - 301_000);
    expect(verifyStripe(body, header, 'whsec_x', 300, now)).toMatchObject({ ok: false, reason: expect.stringContaining('tolerance') });
  });
  it('refuses a header without t= or v1=', () => {
    expect(verifyStripe(body, 'v1=abc', 'whsec_x', 300, now).ok).toBe(false);
    expect(verifyStripe(body, `t=${now / 1000}`, 'whsec_x', 300, now).ok).toBe(false);
  });
});

describe('verifyKfax', () => {
  it('round-trips and refuses tampering and replays', () => {
    const { timestamp, signature } = signKfax(body, 's3cret', now);
    expect(verifyKfax(body, timestamp, signature, 's3cret', 300, now)).toMatchObject({ ok: true });
    expect(verifyKfax(Buffer.from('{}'), timestamp, signature, 's3cret', 300, now).ok).toBe(false);
    expect(verifyKfax(body, timestamp, signature, 's3cret', 300, now + 301_000)).toMatchObject({ ok: false, reason: expect.stringContaining('replay window') });
    expect(verifyKfax(body, undefined, signature, 's3cret', 300, now).ok).toBe(false);
  });
});
