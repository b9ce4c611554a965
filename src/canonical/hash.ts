import { createHash } from 'node:crypto';
import { Dec } from './money.js';

/**
 * Stable JSON text of a value: object keys sorted, decimals written as normalised decimal
 * text (`117.5000` and `117.5` hash the same), `undefined` members dropped. Used for content
 * hashes, so two records with the same meaning always hash the same.
 */
export function stableStringify(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      return JSON.stringify(String(value));
  }
  if (value instanceof Dec) return JSON.stringify(value.toString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + stableStringify(value[i]);
    return `${out}]`;
  }
  // Keys in UTF-16 code-unit order (the default sort order, as `a < b` compares strings).
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${stableStringify(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** SHA-256 (hex) of the stable JSON text of a value. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex');
}
