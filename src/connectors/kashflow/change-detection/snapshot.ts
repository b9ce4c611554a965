/**
 * What the poller remembers about one document, stored as compact JSON in the store's
 * snapshot table (scope `kashflow/invoice` or `kashflow/purchase`, key = document number) and
 * written in the same transaction as the events it led to. A snapshot that cannot be read
 * (written by a future version, hand-edited) counts as absent: the document is looked at again
 * and the events it yields are deduplicated by their keys.
 */
import type { DocumentKind } from './summary.js';

/** Remembered state of one document. */
export interface DocumentSnapshot {
  /** Summary hash when last processed. */
  h: string;
  /** Issued date (`yyyy-MM-dd`, '' when unknown). */
  d: string;
  /** Not settled (not Paid/Overpaid) when last seen: the hot sweep keeps an eye on it. */
  o: boolean;
  /** The sync event of the document itself was ingested. */
  i: boolean;
  /** Payment line ids whose events were ingested. */
  p: number[];
  /** Consecutive full sweeps that did not list it. */
  m: number;
  /** Already reported as possibly deleted (reported once per disappearance). */
  r?: boolean;
  /** Issued before `syncFrom`: recorded, never sent. */
  s?: boolean;
}

/** Snapshot scope of a document kind. */
export function snapshotScope(kind: DocumentKind): string {
  return `kashflow/${kind}`;
}

/** JSON text of a snapshot (what the store keeps in its `hash` column). */
export function encodeSnapshot(s: DocumentSnapshot): string {
  const out: DocumentSnapshot = { h: s.h, d: s.d, o: s.o, i: s.i, p: [...s.p].sort((a, b) => a - b), m: s.m };
  if (s.r) out.r = true;
  if (s.s) out.s = true;
  return JSON.stringify(out);
}

/** Reads a stored snapshot; undefined when absent or unreadable. */
export function decodeSnapshot(text: string | undefined): DocumentSnapshot | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<DocumentSnapshot>;
    if (typeof v !== 'object' || v === null || typeof v.h !== 'string' || typeof v.i !== 'boolean' || !Array.isArray(v.p)) return undefined;
    if (!v.p.every((n) => Number.isSafeInteger(n))) return undefined;
    return { h: v.h, d: typeof v.d === 'string' ? v.d : '', o: v.o === true, i: v.i, p: v.p, m: typeof v.m === 'number' && v.m >= 0 ? v.m : 0, ...(v.r === true ? { r: true } : {}), ...(v.s === true ? { s: true } : {}) };
  } catch {
    return undefined;
  }
}
