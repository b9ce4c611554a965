import { hash } from 'node:crypto';
import { Dec } from './money.js';
import { KeyListMemo } from '../util/key-list-memo.js';
import { decimalText } from './units.js';
import { jsonStringText } from '../util/json-string.js';

/**
 * Stable JSON text of a value: object keys sorted, decimals written as normalised decimal
 * text (`117.5000` and `117.5` hash the same), `undefined` members dropped. Used for content
 * hashes, so two records with the same meaning always hash the same.
 */
export function stableStringify(value: unknown): string {
  return write(value, undefined);
}

/** SHA-256 (hex) of the stable JSON text of a value. */
export function contentHash(value: unknown): string {
  return hash('sha256', write(value, undefined));
}

/** Top-level members a canonical record's content hash leaves out. */
const NOT_CONTENT: ReadonlySet<string> = new Set(['source', 'hash']);

/** True once {@link write} has met an infinite or NaN decimal (reset by {@link hashRecordContent}). */
let nonFiniteSeen = false;

/**
 * The content hash of a canonical record: {@link contentHash} of the record without its
 * top-level `source` and `hash` members, without copying it; and whether every decimal in
 * that content is finite (the hash pass sees them all anyway).
 */
export function hashRecordContent(record: Record<string, unknown>): { readonly hash: string; readonly allDecimalsFinite: boolean } {
  nonFiniteSeen = false;
  const text = write(record, NOT_CONTENT);
  return { hash: hash('sha256', text), allDecimalsFinite: !nonFiniteSeen };
}

function write(value: unknown, skip: ReadonlySet<string> | undefined): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    // What JSON.stringify writes, without its call for the common cases: a string with nothing
    // to escape quoted as it is, a finite number in its shortest text (the same digits).
    case 'string':
      return jsonStringText(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      return JSON.stringify(String(value));
  }
  // A decimal's text is digits, '.', '-', 'e', '+' or a word (NaN, Infinity): quoting is all JSON does to it.
  if (value instanceof Dec) {
    if (!value.isFinite()) nonFiniteSeen = true;
    return `"${decimalText(value)}"`;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + write(value[i], undefined);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const order = orders.get(Object.keys(record));
  let out = '{';
  for (let i = 0; i < order.sorted.length; i++) {
    const k = order.sorted[i] as string;
    if (skip?.has(k)) continue;
    const v = record[k];
    if (v === undefined) continue;
    out += (out.length === 1 ? '' : ',') + (order.quoted[i] as string) + write(v, undefined);
  }
  return `${out}}`;
}

/** A list of keys in UTF-16 code-unit order (the default sort order), each also as `"key":`. */
interface KeyOrder {
  readonly sorted: readonly string[];
  readonly quoted: readonly string[];
}

/** Key orders kept for the next object with the same keys (lists of up to 64 keys). */
const orders = new KeyListMemo<KeyOrder>(64, (keys) => {
  const sorted = keys.slice().sort();
  return { sorted, quoted: sorted.map((k) => `${JSON.stringify(k)}:`) };
});
