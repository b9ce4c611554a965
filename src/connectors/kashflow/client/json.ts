import { KfaxError } from '../../../errors/kfax-error.js';
import { parseJsonDecimal } from '../../../util/json-decimal.js';

/**
 * Parses KashFlow JSON without losing precision: whole numbers that fit become JS numbers,
 * every other number stays as its decimal text (e.g. `"117.5000"`), which
 * `parseDecimal` reads exactly. (`parseJsonDecimal`: the same result as `parseJsonLossless`, faster.)
 */
export function parseKashflowJson(text: string): unknown {
  try {
    return parseJsonDecimal(text);
  } catch (err) {
    throw new KfaxError('KFAX_JSON_MALFORMED', [`KashFlow answer: ${(err as Error).message}`], { kind: 'transient' });
  }
}

/** The `{Error, Message}` pair of a KashFlow error body (any casing), or empty strings. */
export function readErrorBody(text: string): { error: string; message: string } {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (v && typeof v === 'object') {
      const get = (name: string): string => {
        const key = Object.keys(v).find((k) => k.toLowerCase() === name);
        const val = key === undefined ? undefined : v[key];
        return val === undefined || val === null ? '' : String(val);
      };
      return { error: get('error'), message: get('message') };
    }
  } catch {
    // not JSON
  }
  return { error: '', message: text.slice(0, 200) };
}
