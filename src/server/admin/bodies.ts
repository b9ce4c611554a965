/**
 * Admin API request shapes. Every body and query is strict: an unknown field is refused with
 * `KFAX_INPUT_INVALID` naming it, so a typo never silently does something else.
 */
import { z } from 'zod';
import { KfaxError } from '../../errors/kfax-error.js';
import { MESSAGE_STATES } from '../../store/types.js';

const note = z.string().max(1_000, 'must be at most 1000 characters');
const actor = z.string();
const short = (what: string) => z.string().min(1, 'must not be empty').max(500, `${what} must be at most 500 characters`);
const intText = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** `GET /api/messages` query. `state` is a comma-separated list (default `dead`). */
export const listQuery = z.strictObject({
  state: z
    .string()
    .default('dead')
    .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''))
    .pipe(z.array(z.enum(MESSAGE_STATES, `expected one or more of ${MESSAGE_STATES.join(', ')}`)).min(1, 'name at least one state')),
  type: short('type').optional(),
  endpoint: short('endpoint').optional(),
  holdKey: short('holdKey').optional(),
  after: intText(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: intText(1, 1_000).default(100),
  all: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional(),
});

/** `POST /api/messages/:id/retry`. */
export const retryBody = z.strictObject({ note: note.optional(), actor: actor.optional() });

/** `POST /api/messages/:id/discard`. */
export const discardBody = z.strictObject({ reason: z.string().trim().min(1, 'a reason is required').max(1_000, 'must be at most 1000 characters'), actor: actor.optional() });

/** `POST /api/messages/:id/edit`: a JSON merge patch and/or path assignments, applied patch first. */
export const editBody = z
  .strictObject({
    patch: z.unknown().optional(),
    set: z.array(z.strictObject({ path: z.string().min(1, 'must not be empty'), value: z.unknown() })).optional(),
    /** The payload the operator looked at; the edit is refused (409) if the message's payload differs. */
    expectedPayload: z.unknown().optional(),
    skipValidation: z.boolean().optional(),
    note: note.optional(),
    actor: actor.optional(),
  })
  .refine((b) => b.patch !== undefined || (b.set !== undefined && b.set.length > 0), { message: 'give a merge patch ("patch") or assignments ("set")', path: ['patch'] });

/** `POST /api/messages/:id/resolve` (an in-doubt message). */
export const resolveBody = z.strictObject({
  outcome: z.enum(['delivered', 'resend']),
  xrefs: z.array(z.strictObject({ system: short('system'), entity: short('entity'), sourceId: short('sourceId'), targetId: short('targetId') })).optional(),
  note: note.optional(),
  actor: actor.optional(),
});

/** `POST /api/held/release`: by hold key (or by ids). */
export const releaseBody = z
  .strictObject({ holdKey: short('holdKey').optional(), ids: z.array(z.number().int().positive()).min(1).max(10_000).optional(), note: note.optional(), actor: actor.optional() })
  .refine((b) => (b.holdKey === undefined) !== (b.ids === undefined), { message: 'give exactly one of holdKey or ids', path: ['holdKey'] });

/** A message id from the URL. */
export function messageId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) throw new KfaxError('KFAX_INPUT_INVALID', ['id', 'expected a positive whole number']);
  return Number(raw);
}

/** Parses an admin JSON body (empty = `{}`); refuses `__proto__` keys. */
export function parseAdminJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'), (key, value: unknown) => {
      if (key === '__proto__') throw new SyntaxError('"__proto__" is not allowed as a key');
      return value;
    }) as unknown;
  } catch (err) {
    throw new KfaxError('KFAX_JSON_MALFORMED', [(err as Error).message]);
  }
}
