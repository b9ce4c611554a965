/**
 * Admin API authentication: one bearer token from `server.adminToken`, compared in constant
 * time (both sides are hashed first, so neither the content nor the length leaks through
 * timing). The actor recorded in the audit log comes from `X-Kfax-Actor` (or a body's `actor`),
 * else "admin".
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { KfaxError } from '../../errors/kfax-error.js';

const ACTOR = /^[\p{L}\p{N} ._@+:/-]{1,100}$/u;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Returns a checker for `Authorization: Bearer <token>` that throws `KFAX_UNAUTHORIZED`. */
export function bearerChecker(token: string): (headers: IncomingHttpHeaders) => void {
  const expected = digest(token);
  return (headers) => {
    const auth = headers.authorization;
    if (!auth) throw new KfaxError('KFAX_UNAUTHORIZED', ['missing Authorization: Bearer <token> header']);
    const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(auth);
    if (!m) throw new KfaxError('KFAX_UNAUTHORIZED', ['the Authorization header is not a Bearer token']);
    if (!timingSafeEqual(digest(m[1]!), expected)) throw new KfaxError('KFAX_UNAUTHORIZED', ['wrong admin token']);
  };
}

/** Validates an actor name (letters, digits, space and `._@+:/-`, at most 100). */
export function checkActor(value: string, field: string): string {
  const actor = value.trim();
  if (!ACTOR.test(actor)) throw new KfaxError('KFAX_INPUT_INVALID', [field, 'expected 1–100 letters, digits, spaces or ._@+:/-']);
  return actor;
}

/** The actor of a request: the body's `actor`, else `X-Kfax-Actor`, else "admin". */
export function actorOf(headers: IncomingHttpHeaders, bodyActor?: string): string {
  if (bodyActor !== undefined) return checkActor(bodyActor, 'actor');
  const given = headers['x-kfax-actor'];
  if (given === undefined) return 'admin';
  return checkActor(Array.isArray(given) ? (given[0] ?? '') : given, 'X-Kfax-Actor');
}
