/**
 * `kfax mapping validate|test --config kfax.yaml`, as `kfax init`, the README and
 * docs/configuration.md tell a new user to run: the mapping is the file kfax.yaml's
 * `mapping.file` names (relative to the working directory), not kfax.yaml itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadMappingFile } from '../../src/mapping/config/load.js';

const REFERENCE = resolve('examples/ax-reference.json');
const INVOICE = resolve('examples/documents/sales-invoice.json');
const home = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'kfax-init-mapping-'));

let out = '';
let err = '';
beforeAll(() => process.chdir(dir));
afterAll(() => {
  process.chdir(home);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  out = '';
  err = '';
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const kfax = (...args: string[]): Promise<number> => main(['node', 'kfax', ...args]);

describe('the mapping commands on a kfax.yaml', () => {
  it('kfax init, then the validate command it suggests, succeeds (the mapping is kfax.yaml’s mapping.file)', async () => {
    expect(await kfax('init')).toBe(0);
    expect(out).toContain('kfax mapping validate --config kfax.yaml');
    out = '';
    expect(await kfax('mapping', 'validate', '--config', 'kfax.yaml')).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^mapping 2026\.11\.1\+[0-9a-f]{12}: configuration is valid$/m);
    // The same mapping as loading kfax-mapping.yaml directly.
    expect(loadMappingFile('kfax.yaml').version).toEqual(loadMappingFile('kfax-mapping.yaml').version);

    out = '';
    expect(await kfax('mapping', 'validate', '--config', 'kfax.yaml', '--reference', REFERENCE, '--json')).toBe(0);
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toMatchObject({ ok: true, missing: [] });

    out = '';
    expect(await kfax('mapping', 'test', '--config', 'kfax.yaml', '--input', INVOICE, '--reference', REFERENCE, '--json')).toBe(0);
    expect((JSON.parse(out.trim().split('\n').at(-1)!) as { documents: { service: string }[] }).documents[0]?.service).toBe('FreeTextInvoiceService');
  });

  it('follows another mapping.file, reports its problems under its own name; without a mapping: section, the default file', async () => {
    writeFileSync('other.yaml', 'store:\n  url: ./x.sqlite\nmapping:\n  file: ./broken-mapping.yaml\n  reference: ax\n');
    writeFileSync('broken-mapping.yaml', 'version: "1"\ncompany: kfuk\n');
    expect(await kfax('mapping', 'validate', '--config', 'other.yaml')).toBe(2);
    expect(err).toMatch(/^kfax: KFAX_CONFIG_INVALID: invalid configuration at \.\/broken-mapping\.yaml: /);

    // No mapping: section in a kfax.yaml: the default ./kfax-mapping.yaml.
    writeFileSync('defaults.yaml', 'store:\n  url: ./x.sqlite\n');
    expect(loadMappingFile('defaults.yaml').version).toEqual(loadMappingFile('kfax-mapping.yaml').version);
    // A missing mapping file is named.
    writeFileSync('missing.yaml', 'mapping:\n  file: ./nowhere.yaml\n');
    expect(() => loadMappingFile('missing.yaml')).toThrow(/nowhere\.yaml/);
  });
});
