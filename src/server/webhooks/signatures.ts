import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Why a webhook signature was refused (never includes the secret or the expected value). */
export type SignatureResult = { ok: true; timestamp?: number } | { ok: false; reason: string };

/** Schemes kfax verifies. */
export type SignatureScheme = 'kfax' | 'shopify' | 'stripe';

/** A webhook secret as a key object, made once per source (an HMAC then skips preparing the key). */
export function hmacKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** HMAC-SHA256 of `data` with `secret`. */
function hmac(secret: string | KeyObject, data: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Shopify: `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(raw body, app secret)).
 * Shopify sends no timestamp; replays are stopped by the inbox dedupe on the webhook id.
 */
export function verifyShopify(rawBody: Buffer, header: string | undefined, secret: string | KeyObject): SignatureResult {
  if (!header) return { ok: false, reason: 'missing X-Shopify-Hmac-Sha256 header' };
  const given = Buffer.from(header.trim(), 'base64');
  if (given.length !== 32) return { ok: false, reason: 'X-Shopify-Hmac-Sha256 is not a base64 SHA-256 HMAC' };
  return safeEqual(given, hmac(secret, rawBody)) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

/**
 * Stripe: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]` where v1 =
 * HMAC-SHA256(`${t}.${raw body}`, endpoint secret); the timestamp must be within the tolerance.
 */
export function verifyStripe(rawBody: Buffer, header: string | undefined, secret: string, toleranceSeconds: number, nowMs: number): SignatureResult {
  if (!header) return { ok: false, reason: 'missing Stripe-Signature header' };
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.split('=', 2).map((s) => s.trim());
    if (k === 't' && v && /^\d+$/.test(v)) t = Number(v);
    else if (k === 'v1' && v) v1.push(v);
  }
  if (t === undefined) return { ok: false, reason: 'Stripe-Signature has no timestamp (t=)' };
  if (v1.length === 0) return { ok: false, reason: 'Stripe-Signature has no v1 signature' };
  if (Math.abs(nowMs / 1000 - t) > toleranceSeconds) return { ok: false, reason: `timestamp outside the ${toleranceSeconds} s tolerance` };
  const expected = hmac(secret, Buffer.concat([Buffer.from(`${t}.`), rawBody]));
  const match = v1.some((sig) => /^[0-9a-f]{64}$/i.test(sig) && safeEqual(Buffer.from(sig, 'hex'), expected));
  return match ? { ok: true, timestamp: t } : { ok: false, reason: 'signature does not match' };
}

/**
 * kfax's own scheme for relays and other sources: `X-Kfax-Timestamp: <unix seconds>` and
 * `X-Kfax-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, within a replay window.
 */
export function verifyKfax(rawBody: Buffer, timestampHeader: string | undefined, signatureHeader: string | undefined, secret: string, windowSeconds: number, nowMs: number): SignatureResult {
  if (!timestampHeader || !/^\d+$/.test(timestampHeader.trim())) return { ok: false, reason: 'missing or invalid X-Kfax-Timestamp header' };
  if (!signatureHeader) return { ok: false, reason: 'missing X-Kfax-Signature header' };
  const t = Number(timestampHeader.trim());
  if (Math.abs(nowMs / 1000 - t) > windowSeconds) return { ok: false, reason: `timestamp outside the ${windowSeconds} s replay window` };
  const sig = signatureHeader.trim().replace(/^v1=/, '');
  if (!/^[0-9a-f]{64}$/i.test(sig)) return { ok: false, reason: 'X-Kfax-Signature is not v1=<64 hex digits>' };
  const expected = hmac(secret, Buffer.concat([Buffer.from(`${t}.`), rawBody]));
  return safeEqual(Buffer.from(sig, 'hex'), expected) ? { ok: true, timestamp: t } : { ok: false, reason: 'signature does not match' };
}

/** Signs a body the way {@link verifyKfax} checks it (used by relays, the demo shop and tests). */
export function signKfax(rawBody: Buffer | string, secret: string, nowMs: number): { timestamp: string; signature: string } {
  const t = Math.floor(nowMs / 1000);
  return { timestamp: String(t), signature: `v1=${hmac(secret, Buffer.concat([Buffer.from(`${t}.`), Buffer.from(rawBody)])).toString('hex')}` };
}

/** Signs like Shopify (base64 HMAC of the raw body). */
export function signShopify(rawBody: Buffer | string, secret: string): string {
  return hmac(secret, Buffer.from(rawBody)).toString('base64');
}

/** Signs like Stripe (`t=…,v1=…`). */
export function signStripe(rawBody: Buffer | string, secret: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hmac(secret, Buffer.concat([Buffer.from(`${t}.`), Buffer.from(rawBody)])).toString('hex')}`;
}
