/**
 * The customer (supplier) cursor: the newest `LastUpdatedDate` seen, plus the rows seen at or
 * near it. The next sweep asks for rows updated **at or after** `at − overlap` (inclusive), so
 * a row updated in the same second after the last read is not lost; the `recent` rows tell the
 * ones already reported from the ones that are new, so equal timestamps are not reported twice.
 *
 * Timestamps are kept as KashFlow wall-clock text `yyyy-MM-dd HH:mm:ss`. KashFlow writes them
 * without a zone (reference §3.4); a text with an offset is converted to UTC [G]. Comparing
 * them as text is comparing them in time.
 */

/** Stored cursor value. */
export interface PartyCursor {
  /** Newest `LastUpdatedDate` seen (`yyyy-MM-dd HH:mm:ss`). */
  readonly at: string;
  /** Code (upper case) → `LastUpdatedDate` of rows seen within the overlap before `at`. */
  readonly recent: Readonly<Record<string, string>>;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** `yyyy-MM-dd HH:mm:ss` of a KashFlow date-time text, or undefined when unreadable. */
export function normalizeTimestamp(text: string): string | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m as unknown as [string, string, string, string, string?, string?, string?, string?];
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const probe = new Date(ms);
  if (probe.getUTCFullYear() !== Number(y) || probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return formatTimestamp(ms);
}

/** `yyyy-MM-dd HH:mm:ss` (UTC) of an instant. */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** A normalised timestamp moved by `seconds`. */
export function shiftTimestamp(ts: string, seconds: number): string {
  return formatTimestamp(Date.parse(`${ts.replace(' ', 'T')}Z`) + seconds * 1000);
}

/** Reads a stored cursor; undefined when absent or unreadable (the sweep then starts over, and its events are deduplicated). */
export function decodePartyCursor(text: string | null): PartyCursor | undefined {
  if (text === null) return undefined;
  try {
    const v = JSON.parse(text) as { at?: unknown; recent?: unknown };
    if (typeof v.at !== 'string' || normalizeTimestamp(v.at) !== v.at) return undefined;
    const recent: Record<string, string> = {};
    if (v.recent && typeof v.recent === 'object') {
      for (const [code, ts] of Object.entries(v.recent as Record<string, unknown>)) if (typeof ts === 'string') recent[code] = ts;
    }
    return { at: v.at, recent };
  } catch {
    return undefined;
  }
}

/** JSON text of a cursor (keys sorted, so an unchanged cursor encodes the same). */
export function encodePartyCursor(c: PartyCursor): string {
  const recent = Object.fromEntries(Object.entries(c.recent).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({ at: c.at, recent });
}

/**
 * The cursor after a sweep that saw `rows` (code upper case → timestamp): `at` moves to the
 * newest timestamp, `recent` keeps what lies within the overlap before it.
 */
export function advancePartyCursor(prev: PartyCursor | undefined, rows: ReadonlyMap<string, string>, overlapSeconds: number): PartyCursor | undefined {
  let at = prev?.at;
  for (const ts of rows.values()) if (at === undefined || ts > at) at = ts;
  if (at === undefined) return undefined;
  const keepFrom = shiftTimestamp(at, -overlapSeconds);
  const recent: Record<string, string> = {};
  for (const [code, ts] of Object.entries(prev?.recent ?? {})) if (ts >= keepFrom) recent[code] = ts;
  for (const [code, ts] of rows) if (ts >= keepFrom && (recent[code] === undefined || ts > recent[code]!)) recent[code] = ts;
  return { at, recent };
}
