/**
 * Payloads are stored as JSON text. Only plain JSON values are accepted: a value that
 * `JSON.stringify` would silently change (NaN, Infinity, undefined inside arrays, Dates, class
 * instances, functions, BigInt) is rejected with the path of the offending value.
 */
import { KfaxError } from '../errors/kfax-error.js';

const MAX_DEPTH = 64;

/** The first place in `value` that is not plain JSON, as `{ path, reason }`, or null. */
export function findNonJson(value: unknown, path = '', depth = 0): { path: string; reason: string } | null {
  // Nearly every payload is plain: check that without building a path per key, and walk again
  // with paths only to name the bad value.
  return isPlainJson(value, depth) ? null : locateNonJson(value, path, depth);
}

/** True when {@link locateNonJson} would find nothing (the same rules, no paths built). */
function isPlainJson(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    const record = value as Record<string, unknown>;
    // `for…in` with an own-property test: the keys of `Object.keys`, without building their array.
    for (const k in record) {
      if (!Object.hasOwn(record, k)) continue;
      const v = record[k];
      if (v !== undefined && !isPlainJson(v, depth + 1)) return false;
    }
    return true;
  }
  return false;
}

function locateNonJson(value: unknown, path: string, depth: number): { path: string; reason: string } | null {
  if (depth > MAX_DEPTH) return { path, reason: `nested deeper than ${MAX_DEPTH} levels` };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { path, reason: `${value} is not a JSON number` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locateNonJson(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return { path, reason: 'expected a plain object, array, string, number, boolean or null' };
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue; // dropped by JSON, like an absent optional field
      const found = locateNonJson(v, path === '' ? k : `${path}.${k}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  return { path, reason: `${typeof value} is not a JSON value` };
}

/**
 * JSON text of a payload, or a `KFAX_INPUT_INVALID` naming `field` + the path of the bad value,
 * or `KFAX_INPUT_TOO_LARGE` when the text exceeds `maxBytes`.
 */
export function toJsonText(value: unknown, field: string, maxBytes: number): string {
  if (value === undefined) throw new KfaxError('KFAX_INPUT_INVALID', [field, 'is required']);
  const bad = findNonJson(value);
  if (bad) throw new KfaxError('KFAX_INPUT_INVALID', [joinPath(field, bad.path), bad.reason]);
  const text = JSON.stringify(value);
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short texts fit without counting their bytes.
  if (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes) throw new KfaxError('KFAX_INPUT_TOO_LARGE', [maxBytes], { details: { field } });
  return text;
}

/** `payload` + `amount` → `payload.amount`; `payload` + `[0]` → `payload[0]`. */
export function joinPath(base: string, rest: string): string {
  if (rest === '') return base;
  if (base === '') return rest;
  return rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`;
}

/** Renders a zod issue path (`['lines', 0, 'amount']`) as `lines[0].amount`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc === '' ? String(p) : `${acc}.${String(p)}`), '');
}
