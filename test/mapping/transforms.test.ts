import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/canonical/money.js';
import { compileCondition, compileMatcher } from '../../src/mapping/compile/matcher.js';
import { compileTemplate } from '../../src/mapping/compile/template.js';
import { Explanation } from '../../src/mapping/explain.js';
import { axCountry, compileAddressRules, harmoniseAddress } from '../../src/mapping/transforms/address.js';
import { allocateLargestRemainder, convertWithResidual } from '../../src/mapping/transforms/allocate.js';
import { ledgerAccount } from '../../src/mapping/transforms/accounts.js';
import { documentRate } from '../../src/mapping/transforms/currency.js';
import { normaliseUkPostcode } from '../../src/mapping/transforms/postcode.js';
import { axSettlementToKashflow, kashflowStatusToAx } from '../../src/mapping/transforms/status.js';
import { reconcileLineVat } from '../../src/mapping/transforms/vat.js';
import { exampleMapping, exampleMappingWith, seedReference } from './helpers.js';

const d = (s: string): Dec => new Dec(s);
const texts = (xs: Dec[]): string[] => xs.map((x) => x.toFixed(2));

describe('matchers', () => {
  it('values, lists, ranges, prefixes, regexes, presence and negation', () => {
    expect(compileMatcher(4000)(4000)).toBe(true);
    expect(compileMatcher(4000)('4000')).toBe(true);
    expect(compileMatcher('020')('20')).toBe(true);
    expect(compileMatcher([4000, { from: 4050, to: 4099 }])(4077)).toBe(true);
    expect(compileMatcher([4000, { from: 4050, to: 4099 }])(4100)).toBe(false);
    expect(compileMatcher({ from: '400000', to: '699999' })('618300')).toBe(true);
    expect(compileMatcher({ from: 'B', to: 'D' })('C')).toBe(true);
    expect(compileMatcher({ prefix: 'SHOP-' })('SHOP-1')).toBe(true);
    expect(compileMatcher({ regex: '^KF-\\d+$' })('KF-12')).toBe(true);
    expect(compileMatcher({ present: true })('')).toBe(false);
    expect(compileMatcher({ present: false })(undefined)).toBe(true);
    expect(compileMatcher({ present: true, not: ['GB', 'JE'] })('FR')).toBe(true);
    expect(compileMatcher({ present: true, not: ['GB', 'JE'] })('GB')).toBe(false);
    expect(compileMatcher(true)(true)).toBe(true);
    expect(compileMatcher(true)(false)).toBe(false);
    expect(compileMatcher({ to: 30 })(d('30.00'))).toBe(true);
    expect(compileMatcher(4000)(undefined)).toBe(false);
  });

  it('conditions need every fact to match; custom fields use text./check. names', () => {
    const c = compileCondition({ nominal: 4000, 'check.Trade Account': true, 'text.Sales Region': ['North', 'South'] });
    expect(c({ nominal: 4000, check: { 'Trade Account': true }, text: { 'Sales Region': 'North' } })).toBe(true);
    expect(c({ nominal: 4000, check: { 'Trade Account': false }, text: { 'Sales Region': 'North' } })).toBe(false);
    expect(compileCondition(undefined)({})).toBe(true);
  });

  it('templates fill facts and keep literal braces', () => {
    expect(compileTemplate('KF-{code}')({ code: 'ABC01' })).toBe('KF-ABC01');
    expect(compileTemplate('{{x}} {missing}!')({})).toBe('{x} !');
  });
});

describe('addresses', () => {
  const rules = compileAddressRules(exampleMapping().config.address);

  it('normalises UK postcodes and flags invalid ones', () => {
    expect(normaliseUkPostcode('sw1a1aa')).toEqual({ value: 'SW1A 1AA', valid: true });
    expect(normaliseUkPostcode(' ec1a  3fx ')).toEqual({ value: 'EC1A 3FX', valid: true });
    expect(normaliseUkPostcode('gir0aa')).toEqual({ value: 'GIR 0AA', valid: true });
    expect(normaliseUkPostcode('M20 8UI')).toEqual({ value: 'M20 8UI', valid: false });
    expect(normaliseUkPostcode('12345')).toEqual({ value: '12345', valid: false });
  });

  it('maps ISO alpha-2 to AX country codes, EL is Greece, empty is the default country', () => {
    expect(axCountry(rules, 'EL')?.id).toBe('GRC');
    expect(axCountry(rules, 'GR')?.id).toBe('GRC');
    expect(axCountry(rules, 'IE')?.id).toBe('IRL');
    expect(axCountry(rules, '')?.id).toBe('GBR');
    expect(axCountry(rules, 'ZZ')).toBeUndefined();
  });

  it('harmonises lines by role, skipping empty lines, and explains each field', () => {
    const ex = new Explanation();
    const a = harmoniseAddress(rules, { lines: ['97 Church Lane', 'Unit 4', 'Oxford', 'Oxfordshire'], postCode: 'ox2 7wg', countryCode: 'GB', countryName: '' }, 'A', ex);
    expect(a).toMatchObject({ street: '97 Church Lane\nUnit 4', city: 'Oxford', county: 'Oxfordshire', zipCode: 'OX2 7WG', countryRegionId: 'GBR', roles: 'Invoice' });
    expect(ex.entries.find((e) => e.path === 'A.ZipCode')?.rule).toContain('normalised UK postcode');
    const foreign = harmoniseAddress(rules, { lines: ['14 Rue de la Paix', '', 'Lyon', ''], postCode: '69002', countryCode: 'FR', countryName: 'France' }, 'B', new Explanation());
    expect(foreign).toMatchObject({ street: '14 Rue de la Paix', city: 'Lyon', county: '', zipCode: '69002', countryRegionId: 'FRA' });
  });

  it('configurable line roles and strict postcodes', () => {
    const cm = exampleMappingWith((y) => y.replace('lineRoles: [street, street, city, county]', 'lineRoles: [street, city, county, ignore]').replace('ukPostcodes: normalise', 'ukPostcodes: reject-invalid'));
    const r = compileAddressRules(cm.config.address);
    expect(harmoniseAddress(r, { lines: ['1 High St', 'Leeds', 'West Yorkshire', 'ignored'], postCode: 'LS1 1AA', countryCode: 'GB', countryName: '' }, 'A', new Explanation())).toMatchObject({ street: '1 High St', city: 'Leeds', county: 'West Yorkshire' });
    expect(() => harmoniseAddress(r, { lines: ['x'], postCode: 'NOT A CODE', countryCode: 'GB', countryName: '' }, 'A', new Explanation())).toThrow('"NOT A CODE" is not a valid UK postcode');
    expect(() => harmoniseAddress(r, { lines: ['x'], postCode: '', countryCode: 'QQ', countryName: '' }, 'A', new Explanation())).toThrow('no AX country/region for country code "QQ"');
  });
});

describe('allocation', () => {
  it('largest remainder keeps totals exact', () => {
    expect(texts(allocateLargestRemainder(d('100.00'), [d('1'), d('1'), d('1')], 2))).toEqual(['33.34', '33.33', '33.33']);
    expect(texts(allocateLargestRemainder(d('0.05'), [d('70'), d('30')], 2))).toEqual(['0.04', '0.01']);
    expect(texts(allocateLargestRemainder(d('-10.00'), [d('1'), d('2')], 2))).toEqual(['-3.33', '-6.67']);
    expect(() => allocateLargestRemainder(d('1.005'), [d('1')], 2)).toThrow('more than 2 decimals');
    expect(() => allocateLargestRemainder(d('1'), [d('0')], 2)).toThrow('add up to zero');
  });

  it('conversion moves the rounding residual so parts add up to the given total', () => {
    const parts = convertWithResidual([d('33.33'), d('33.33'), d('33.34')], d('85.47'), d('1.17'), 2, 'half-up');
    expect(parts.reduce((s, x) => s.plus(x), d('0')).toFixed(2)).toBe('85.47');
    const mixed = convertWithResidual([d('100.00'), d('-10.00')], d('76.93'), d('1.17'), 2, 'half-up');
    expect(texts(mixed)).toEqual(['85.48', '-8.55']);
  });

  it('document VAT differences are carried by the line with the largest VAT', () => {
    const r = reconcileLineVat([d('1.00'), d('5.00'), d('2.00')], d('8.01'));
    expect(texts(r.vat)).toEqual(['1.00', '5.01', '2.00']);
    expect(r.moved.toFixed(2)).toBe('0.01');
  });
});

describe('accounts and currency', () => {
  const cm = exampleMapping();
  const ref = seedReference();

  it('builds DisplayValue from the structure, keeping empty segments', () => {
    expect(ledgerAccount(cm, ref, '401100', new Map([['BusinessUnit', '010'], ['Department', 'SALES'], ['Channel', 'WEB']])).account).toEqual({ account: '401100', displayValue: '401100-010-SALES', values: [{ name: 'BusinessUnit', value: '010' }, { name: 'Department', value: 'SALES' }] });
    expect(ledgerAccount(cm, ref, '401100', new Map([['Department', 'SALES']])).account.displayValue).toBe('401100--SALES');
    expect(ledgerAccount(cm, ref, '130100', new Map([['BusinessUnit', '010']])).account).toEqual({ account: '130100', displayValue: '130100', values: [] });
    const trimmed = exampleMappingWith((y) => y.replace('  structures:\n', '  emptySegments: trim-trailing\n  structures:\n'));
    expect(ledgerAccount(trimmed, ref, '401100', new Map([['BusinessUnit', '010']])).account.displayValue).toBe('401100-010');
  });

  it('falls back to the reference structure when the config has none for the account', () => {
    const noStructures = exampleMappingWith((y) => y.replace(/ {2}structures:\n( {4}.*\n)+/, ''));
    expect(ledgerAccount(noStructures, ref, '618300', new Map([['BusinessUnit', '030'], ['Department', 'FIN']])).rule).toBe('reference account structure "MainAccount-BU-Dept"');
    expect(ledgerAccount(noStructures, undefined, '618300', new Map([['BusinessUnit', '030']])).account.displayValue).toBe('618300');
  });

  it('converts KashFlow rates (foreign per home) to AX ExchRate (home per 100 foreign)', () => {
    expect(documentRate(cm, ref, 'EUR', '2026-11-19', d('1.17'), 'x').exchRate?.toString()).toBe('85.470085');
    expect(documentRate(cm, ref, 'GBP', '2026-11-19', d('1'), 'x').exchRate).toBeUndefined();
    const ax = exampleMappingWith((y) => y.replace('rateSource: document', 'rateSource: ax'));
    const axRate = documentRate(ax, ref, 'EUR', '2026-11-19', d('1.17'), 'x');
    const seedRate = ref.exchangeRate('EUR', '2026-11-19');
    expect(axRate.exchRate?.toString()).toBe(seedRate?.rate.toString());
    expect(() => documentRate(ax, ref, 'JPY', '2026-11-19', d('150'), 'x')).toThrow('no AX exchange rate for JPY');
    const table = exampleMappingWith((y) => y.replace('rateSource: document', 'rateSource: table\n  table: { EUR: "1.25" }'));
    expect(documentRate(table, ref, 'EUR', '2026-11-19', d('1.17'), 'x').exchRate?.toString()).toBe('80');
    expect(() => documentRate(table, ref, 'USD', '2026-11-19', d('1.27'), 'x')).toThrow('currency.table has no rate for USD');
  });
});

describe('status synchronisation', () => {
  const cm = exampleMapping();
  it('KashFlow → AX, with fallback', () => {
    expect(kashflowStatusToAx(cm, 'Paid').state).toBe('settled');
    expect(kashflowStatusToAx(cm, 'Overdue').state).toBe('open');
    expect(kashflowStatusToAx(cm, 'Weird')).toEqual({ state: 'open', rule: 'status.toAx["*"] (no entry for "Weird")' });
  });
  it('AX → KashFlow, overdue when open past the due date', () => {
    expect(axSettlementToKashflow(cm, { amount: d('100'), open: d('0') }, '2026-11-26').status).toBe('Paid');
    expect(axSettlementToKashflow(cm, { amount: d('100'), open: d('40'), dueDate: '2026-12-01' }, '2026-11-26')).toMatchObject({ state: 'partlySettled', status: 'Unpaid' });
    expect(axSettlementToKashflow(cm, { amount: d('100'), open: d('100'), dueDate: '2026-11-01' }, '2026-11-26')).toMatchObject({ state: 'open', status: 'Overdue' });
    expect(axSettlementToKashflow(cm, { amount: d('0'), open: d('0') }, '2026-11-26').status).toBe('NA');
  });
});
