/**
 * Request validation shared by the webhook intake and the admin API: a zod failure becomes one
 * `KFAX_INPUT_INVALID` naming the field (`data.lines[0].unitPrice: …`, `(body): unknown field "x"`).
 */
import type { z } from 'zod';
import { formatIssuePath, joinPath } from '../engine/json-value.js';
import { KfaxError } from '../errors/kfax-error.js';

/** Zod parse options that say "is required" for a missing field. */
export const REQUIRED_MESSAGE = { error: (issue: { code?: string; input?: unknown }) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined) };

/** Validates `value` with `schema`, or throws `KFAX_INPUT_INVALID` naming `base` + the field (`(body)` for the root). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, base: string): z.output<S> {
  const parsed = schema.safeParse(value, REQUIRED_MESSAGE);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = joinPath(base, formatIssuePath(issue.path)) || '(body)';
  if (issue.code === 'unrecognized_keys') throw new KfaxError('KFAX_INPUT_INVALID', [where, `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`]);
  throw new KfaxError('KFAX_INPUT_INVALID', [where, issue.message]);
}
