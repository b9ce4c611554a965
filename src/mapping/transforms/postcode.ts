/**
 * UK postcodes: outward code (area + district, 2–4 chars) and inward code (digit + two
 * letters). Normalised form is upper case with exactly one space: `sw1a1aa` → `SW1A 1AA`.
 * `GIR 0AA` (the historic Girobank code) is accepted.
 */
const UK_POSTCODE = /^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][ABD-HJLNP-UW-Z]{2})$/;

/** Result of normalising one UK postcode. */
export interface PostcodeResult {
  readonly value: string;
  readonly valid: boolean;
}

/** Normalises a UK postcode; invalid ones come back trimmed and upper-cased with `valid: false`. */
export function normaliseUkPostcode(raw: string): PostcodeResult {
  const compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!UK_POSTCODE.test(compact)) return { value: raw.trim().toUpperCase().replace(/\s+/g, ' '), valid: false };
  return { value: `${compact.slice(0, -3)} ${compact.slice(-3)}`, valid: true };
}
