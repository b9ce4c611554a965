import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../../src/cli/main.js';
import { loadReferenceSnapshot } from '../../../../src/mapping/reference/snapshot.js';
import { useSandbox } from '../../../helpers/sandbox.js';
import { axControl } from '../writer/helpers.js';

const sb = useSandbox({ seed: 1 });
const dir = mkdtempSync(join(tmpdir(), 'kfax-axref-cli-'));
const PASSWORD_ENV = 'KFAX_TEST_AX_PASSWORD';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  delete process.env[PASSWORD_ENV];
});

function kfaxYaml(name: string, extra = ''): string {
  const ax = sb().endpoints.ax;
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      'ax:',
      `  url: ${ax.url}`,
      '  company: kfuk',
      '  auth:',
      '    kind: ntlm',
      `    domain: ${ax.domain}`,
      `    username: ${ax.username}`,
      `    password: \${${PASSWORD_ENV}}`,
      'mapping:',
      `  file: ${resolve('examples/kfax-mapping.yaml')}`,
      extra,
    ].join('\n'),
  );
  return path;
}

function lastJson(): Record<string, unknown> {
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}

describe('kfax mapping validate --reference ax', () => {
  it('checks the mapping of kfax.yaml against the live AX company and lists a main account that is missing there', async () => {
    process.env[PASSWORD_ENV] = sb().endpoints.ax.password;
    const config = kfaxYaml('kfax.yaml');
    expect(await main(['node', 'kfax', 'mapping', 'validate', '--config', config, '--reference', 'ax', '--json'])).toBe(0);
    const ok = lastJson();
    expect(ok).toMatchObject({ ok: true, missing: [] });
    expect(ok.checked).toBeGreaterThan(20);

    expect((await axControl(sb())('DELETE', '/ax/kfuk/reference/mainAccounts/401200')).status).toBe(204);
    out = '';
    expect(await main(['node', 'kfax', 'mapping', 'validate', '--config', config, '--reference', 'ax', '--json'])).toBe(2);
    const bad = lastJson();
    expect(bad.ok).toBe(false);
    expect(bad.missing).toContainEqual({ path: 'accounts.nominals.4010', kind: 'main account', value: '401200' });

    out = '';
    expect(await main(['node', 'kfax', 'mapping', 'validate', '--config', config, '--reference', 'ax'])).toBe(2);
    expect(out).toMatch(/missing main account "401200" \(at accounts\.nominals\.4010\)/);
    expect(out + err).not.toContain(sb().endpoints.ax.password);
  });

  it('fails clearly when kfax.yaml has no ax: section or the password is wrong', async () => {
    const noAx = join(dir, 'no-ax.yaml');
    writeFileSync(noAx, `mapping:\n  file: ${resolve('examples/kfax-mapping.yaml')}\n`);
    expect(await main(['node', 'kfax', 'mapping', 'validate', '--config', noAx, '--reference', 'ax'])).toBe(2);
    expect(err).toMatch(/KFAX_CONFIG_INVALID.*ax/);

    err = '';
    process.env[PASSWORD_ENV] = 'not-the-password';
    expect(await main(['node', 'kfax', 'mapping', 'validate', '--config', kfaxYaml('wrong.yaml'), '--reference', 'ax', '--json'])).toBe(2);
    expect(err).toMatch(/KFAX_REMOTE_AUTH_FAILED/);
    expect(err).not.toContain('not-the-password');
  });

  it('reference-from-ax writes a snapshot file the --reference <file> path reads', async () => {
    process.env[PASSWORD_ENV] = sb().endpoints.ax.password;
    const file = join(dir, 'ax-reference.json');
    expect(await main(['node', 'kfax', 'mapping', 'reference-from-ax', '--config', kfaxYaml('kfax2.yaml'), '--out', file])).toBe(0);
    expect(out).toMatch(/wrote the reference data of AX company kfuk/);
    const snapshot = loadReferenceSnapshot(file);
    expect(snapshot.company).toBe('kfuk');
    expect(snapshot.mainAccount('401100')).toBeDefined();
    expect(snapshot.mainAccount('401200')).toBeUndefined(); // deleted in the previous test
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('kfax-ax-reference/1');
    out = '';
    expect(await main(['node', 'kfax', 'mapping', 'validate', '--config', 'examples/kfax-mapping.yaml', '--reference', file, '--json'])).toBe(2);
    expect(lastJson().missing).toContainEqual({ path: 'accounts.nominals.4010', kind: 'main account', value: '401200' });
  });
});
