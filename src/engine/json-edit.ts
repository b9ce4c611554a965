/**
 * Operator edits of a payload: `--set path=value` (a string), `--set path:=json` (any JSON
 * value), and RFC 7386 JSON Merge Patch documents; plus a structural diff for the audit log.
 * Paths use dots and brackets: `lines[0].amount`.
 */
import { KfaxError } from '../errors/kfax-error.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** One changed leaf. */
export interface DiffEntry {
  readonly path: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

/** Parses `a.b[2].c` into segments; throws `KFAX_CLI_USAGE` on a malformed path. */
export function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let consumed = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    segments.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
    consumed += m[0];
  }
  if (segments.length === 0 || /(^\.|\.\.|\.$)/.test(path) || consumed.length !== path.replace(/\./g, '').length) {
    throw new KfaxError('KFAX_CLI_USAGE', [`--set: malformed path "${path}" (expected e.g. lines[0].amount)`]);
  }
  return segments;
}

/** Parses one `--set` argument: `path=text` sets a string, `path:=json` sets a JSON value. */
export function parseAssignment(arg: string): { path: (string | number)[]; value: unknown } {
  const json = /^([^=:]+):=(.*)$/s.exec(arg);
  if (json) {
    try {
      return { path: parsePath(json[1]!), value: JSON.parse(json[2]!) as unknown };
    } catch (err) {
      if (err instanceof KfaxError) throw err;
      throw new KfaxError('KFAX_CLI_USAGE', [`--set ${json[1]}: the value after ":=" must be JSON (${(err as Error).message})`]);
    }
  }
  const plain = /^([^=]+)=(.*)$/s.exec(arg);
  if (!plain) throw new KfaxError('KFAX_CLI_USAGE', [`--set: expected path=value or path:=json, got "${arg}"`]);
  return { path: parsePath(plain[1]!), value: plain[2]! };
}

/** Returns a copy of `doc` with `value` at `path` (creating objects on the way; arrays must exist). */
export function setAtPath(doc: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof head === 'number') {
    if (!Array.isArray(doc)) throw new KfaxError('KFAX_CLI_USAGE', [`--set: [${head}] used on something that is not an array`]);
    if (head >= doc.length) throw new KfaxError('KFAX_CLI_USAGE', [`--set: index ${head} is past the end of an array of ${doc.length}`]);
    const copy = [...doc];
    copy[head] = setAtPath(doc[head], rest, value);
    return copy;
  }
  const obj = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  return { ...obj, [head]: setAtPath(obj[head], rest, value) };
}

/** Applies a JSON Merge Patch (RFC 7386): objects merge, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

/** Leaf-level differences between two JSON values. */
export function diffJson(before: unknown, after: unknown, path = ''): DiffEntry[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = path === '' ? k : `${path}.${k}`;
      if (!(k in after)) return [{ path: p, from: before[k] }];
      if (!(k in before)) return [{ path: p, to: after[k] }];
      return diffJson(before[k], after[k], p);
    });
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((v, i) => diffJson(v, after[i], `${path}[${i}]`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path || '(root)', from: before as Json, to: after as Json }];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
