/**
 * A webhook source: how its signature is checked and how a verified body becomes inbox events.
 * The intake route (`intake.ts`) does the rest — body limit, JSON parsing, the durable ingest
 * and the reply — the same way for every source.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ShopEventError } from '../../connectors/shop/shop-events.js';
import type { InboundEvent } from '../../engine/inbox.js';
import { KfaxError } from '../../errors/kfax-error.js';
import { parseJsonExact } from './json-exact.js';
import type { SignatureResult } from './signatures.js';

/** One webhook request as the source sees it. */
export interface WebhookDelivery {
  readonly headers: IncomingHttpHeaders;
  /** The raw body, exactly as signed. */
  readonly body: Buffer;
  /** When it arrived (ms since the epoch): the reference for timestamp windows. */
  readonly receivedAt: number;
}

/** What a verified delivery means. */
export type WebhookInterpretation =
  | { readonly kind: 'ingest'; readonly events: readonly InboundEvent[] }
  /** A valid delivery kfax does not use (another topic or event type): acknowledged, nothing stored. */
  | { readonly kind: 'ignored'; readonly status: 200 | 202; readonly reason: string };

/** One webhook source (`shopify`, `stripe`, `kfax`). */
export interface WebhookSource {
  readonly name: string;
  /** Checks the signature over the raw body; never throws. */
  verify(delivery: WebhookDelivery): SignatureResult;
  /** Reads a verified delivery; throws `KFAX_INPUT_INVALID` / `KFAX_JSON_MALFORMED` naming the field. */
  interpret(delivery: WebhookDelivery): WebhookInterpretation;
}

/** The first value of a header, trimmed; undefined when absent or empty. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Parses the raw body as JSON without losing precision (64-bit ids and long decimals arrive as
 * exact text, like `parseJsonLossless`, at a fraction of its cost).
 */
export function parseBody(body: Buffer): unknown {
  if (body.length === 0) throw new KfaxError('KFAX_JSON_MALFORMED', ['the body is empty']);
  try {
    return parseJsonExact(body.toString('utf8'));
  } catch (err) {
    throw new KfaxError('KFAX_JSON_MALFORMED', [(err as Error).message]);
  }
}

/** Runs a connector parser, turning its {@link ShopEventError} into `KFAX_INPUT_INVALID` naming the field. */
export function readShopEvent<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof ShopEventError) throw new KfaxError('KFAX_INPUT_INVALID', [err.path, err.reason]);
    throw err;
  }
}

/** The UTC calendar date of a time. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
