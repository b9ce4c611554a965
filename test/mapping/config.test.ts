import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isKfaxError, type KfaxError } from '../../src/errors/kfax-error.js';
import { compileMapping } from '../../src/mapping/compile/compile.js';
import { mappingJsonSchema, PUBLISHED_SCHEMA_PATH } from '../../src/mapping/config/json-schema.js';
import { loadMappingFile, parseMappingConfig, parseMappingYaml } from '../../src/mapping/config/load.js';
import { EXAMPLE_CONFIG, exampleMappingWith } from './helpers.js';

function failure(fn: () => unknown): KfaxError {
  try {
    fn();
  } catch (err) {
    if (isKfaxError(err)) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

const yaml = readFileSync(EXAMPLE_CONFIG, 'utf8');

describe('mapping configuration', () => {
  it('the example loads, with a version label of version + content hash', () => {
    const loaded = loadMappingFile(EXAMPLE_CONFIG);
    expect(loaded.version.version).toBe('2026.11.1');
    expect(loaded.version.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(loaded.version.label).toBe(`2026.11.1+${loaded.version.hash}`);
  });

  it('the content hash changes with any change and ignores comments and formatting', () => {
    const a = parseMappingYaml(yaml).version.hash;
    expect(parseMappingYaml(`# a comment\n${yaml}\n`).version.hash).toBe(a);
    expect(parseMappingYaml(yaml.replace('default: "999999"', 'default: "618300"')).version.hash).not.toBe(a);
  });

  it('accepts the mapping under a mapping: key of kfax.yaml', () => {
    const nested = `mapping:\n${yaml.split('\n').map((l) => `  ${l}`).join('\n')}`;
    expect(parseMappingYaml(nested).version.hash).toBe(parseMappingYaml(yaml).version.hash);
  });

  it('schema errors name the path and the reason', () => {
    const e1 = failure(() => parseMappingYaml(yaml.replace('mainAccount: "401200"', 'mainAccont: "401200"')));
    expect(e1.code).toBe('KFAX_CONFIG_INVALID');
    expect(e1.message).toContain('accounts.rules[0]');
    const probs = e1.details.problems as { path: string; message: string }[];
    expect(probs.map((p) => p.path)).toContain('accounts.rules[0].mainAccont');
    const e2 = failure(() => parseMappingYaml(yaml.replace('rateSource: document', 'rateSource: yesterday')));
    expect(e2.message).toContain('currency.rateSource');
    const e3 = failure(() => parseMappingYaml(yaml.replace('    - { value: "030", percent: "70" }', '    - { value: "030", percent: "seventy" }')));
    expect(e3.message).toContain('lines.split[0].shares[0].percent');
    const e4 = failure(() => parseMappingConfig({ company: 'kfuk' }));
    expect((e4.details.problems as { path: string }[]).map((p) => p.path)).toEqual(expect.arrayContaining(['version', 'accounts', 'vat', 'parties', 'products']));
  });

  it('a row needs exactly one result', () => {
    const e = failure(() => parseMappingYaml(yaml.replace('        - value: SALES', '        - { value: SALES, from: nominal }')));
    expect(e.message).toContain('exactly one of value, from, expression');
  });

  it('YAML syntax errors name the line', () => {
    const e = failure(() => parseMappingYaml('version: 1\ncompany: [kfuk\n'));
    expect(e.code).toBe('KFAX_CONFIG_INVALID');
    expect(e.message).toMatch(/line \d+, column \d+/);
  });

  it('duplicate keys are refused (a second nominal entry would silently win otherwise)', () => {
    expect(failure(() => parseMappingYaml(yaml.replace('    4000: "401100"   # Sales', '    4000: "401100"\n    4000: "401200"'))).code).toBe('KFAX_CONFIG_INVALID');
  });

  it('a missing file is KFAX_CONFIG_NOT_FOUND', () => {
    expect(failure(() => loadMappingFile('/nonexistent/kfax.yaml')).code).toBe('KFAX_CONFIG_NOT_FOUND');
  });

  it('compilation rejects cross-field mistakes with their path', () => {
    const bad = (edit: (y: string) => string): string => failure(() => exampleMappingWith(edit)).message;
    expect(bad((y) => y.replace("expression: '\"STORE\"'", "expression: '\"STORE\" &'"))).toContain('dimensions.tables[0].table[2].expression: JSONata syntax error');
    expect(bad((y) => y.replace('map: projects', 'map: projectz'))).toContain('value map "projectz" is not defined');
    expect(bad((y) => y.replace('percent: "30"', 'percent: "20"'))).toContain('lines.split[0].shares: percentages add up to 90, not 100');
    expect(bad((y) => y.replace('    - dimension: Department\n      entities: [sales-invoice]', '    - dimension: Departmnt\n      entities: [sales-invoice]'))).toContain('dimension "Departmnt" is not listed in dimensions.order');
    expect(bad((y) => y.replace('segments: [MainAccount, BusinessUnit, Department]', 'segments: [BusinessUnit, MainAccount, Department]'))).toContain('the first segment must be MainAccount');
    expect(bad((y) => y.replace('    account: "618300"\n', ''))).toContain('vat.difference.account: is required when action is rounding-line');
  });

  it('the published JSON schema is the generated one', () => {
    const published = JSON.parse(readFileSync(PUBLISHED_SCHEMA_PATH, 'utf8')) as unknown;
    expect(published).toEqual(mappingJsonSchema());
    expect((mappingJsonSchema().properties as Record<string, unknown>).accounts).toBeDefined();
  });

  it('compiles the example without problems', () => {
    expect(() => compileMapping(loadMappingFile(EXAMPLE_CONFIG))).not.toThrow();
  });
});
