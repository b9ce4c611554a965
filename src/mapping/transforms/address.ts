import type { Address } from '../../canonical/party.js';
import type { PostalAddress } from '../../connectors/ax/documents/types.js';
import type { MappingConfig } from '../config/schema.js';
import { mappingFailed } from '../errors.js';
import type { Explanation } from '../explain.js';
import { ISO2_TO_AX_COUNTRY } from './countries.js';
import { normaliseUkPostcode } from './postcode.js';

/** Compiled address settings. */
export interface AddressRules {
  readonly roles: readonly ('street' | 'city' | 'county' | 'ignore')[];
  readonly streetSeparator: string;
  readonly ukPostcodes: 'normalise' | 'keep' | 'reject-invalid';
  readonly ukCountries: ReadonlySet<string>;
  readonly countries: ReadonlyMap<string, string>;
  readonly defaultCountry: string;
  readonly axRoles: string;
}

export function compileAddressRules(section: MappingConfig['address']): AddressRules {
  const countries = new Map(ISO2_TO_AX_COUNTRY);
  for (const [k, v] of Object.entries(section.countries)) countries.set(k, v);
  return {
    roles: section.lineRoles,
    streetSeparator: section.streetSeparator,
    ukPostcodes: section.ukPostcodes,
    ukCountries: new Set(section.ukCountries),
    countries,
    defaultCountry: section.defaultCountry,
    axRoles: section.roles,
  };
}

/** ISO alpha-2 → AX country/region id, with the rule used. */
export function axCountry(rules: AddressRules, iso2: string): { id: string; rule: string } | undefined {
  const code = iso2 === '' ? rules.defaultCountry : iso2;
  const id = rules.countries.get(code);
  if (id === undefined) return undefined;
  return { id, rule: `${iso2 === '' ? `address.defaultCountry ${code}, ` : ''}country table ${code} → ${id}` };
}

/**
 * Harmonises a KashFlow address (free lines) into AX fields: lines go to Street/City/County by
 * their configured roles (empty lines skipped, several street lines joined), the country to the
 * AX code, and UK postcodes to their normal form.
 */
export function harmoniseAddress(rules: AddressRules, address: Address, path: string, explain: Explanation): PostalAddress {
  const street: string[] = [];
  let city = '';
  let county = '';
  address.lines.forEach((line, i) => {
    const text = line.trim();
    if (text === '') return;
    const role = rules.roles[i] ?? 'ignore';
    if (role === 'street') street.push(text);
    else if (role === 'city') city = city === '' ? text : `${city}, ${text}`;
    else if (role === 'county') county = county === '' ? text : `${county}, ${text}`;
  });
  const country = axCountry(rules, address.countryCode);
  if (!country) throw mappingFailed(`${path}.CountryRegionId`, `no AX country/region for country code "${address.countryCode}" (add it under address.countries)`, { rule: 'address.countries' });
  let zip = address.postCode.trim();
  let zipRule = 'copied';
  const countryCode = address.countryCode === '' ? rules.defaultCountry : address.countryCode;
  if (zip !== '' && rules.ukPostcodes !== 'keep' && rules.ukCountries.has(countryCode)) {
    const r = normaliseUkPostcode(zip);
    if (!r.valid && rules.ukPostcodes === 'reject-invalid') throw mappingFailed(`${path}.ZipCode`, `"${zip}" is not a valid UK postcode`, { rule: 'address.ukPostcodes' });
    zipRule = r.valid ? 'address.ukPostcodes: normalised UK postcode' : 'address.ukPostcodes: not a valid UK postcode, kept upper-cased';
    zip = r.value;
  }
  const roleText = rules.roles.map((r, i) => `Line${i + 1}=${r}`).join(', ');
  const streetText = street.join(rules.streetSeparator);
  explain.add(`${path}.Street`, streetText, `address.lineRoles (${roleText})`);
  explain.add(`${path}.City`, city, `address.lineRoles (${roleText})`);
  if (county !== '') explain.add(`${path}.County`, county, `address.lineRoles (${roleText})`);
  explain.add(`${path}.ZipCode`, zip, zipRule);
  explain.add(`${path}.CountryRegionId`, country.id, `address: ${country.rule}`);
  return { street: streetText, city, county, zipCode: zip, countryRegionId: country.id, roles: rules.axRoles, isPrimary: true };
}
