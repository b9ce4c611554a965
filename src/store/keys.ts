/**
 * The text key of a cross-reference, also used as the dependency a parked message waits for:
 * `system/entity/sourceId`, with the source id percent-encoded so any id is safe.
 */
export function xrefKey(system: string, entity: string, sourceId: string): string {
  return `${system}/${entity}/${encodeURIComponent(sourceId)}`;
}

/** Splits a key made by {@link xrefKey}; null when it is not one. */
export function parseXrefKey(key: string): { system: string; entity: string; sourceId: string } | null {
  const m = /^([^/]+)\/([^/]+)\/(.*)$/.exec(key);
  if (!m) return null;
  try {
    return { system: m[1]!, entity: m[2]!, sourceId: decodeURIComponent(m[3]!) };
  } catch {
    return null;
  }
}
