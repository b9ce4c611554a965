// `kfax init` and `kfax run` from the command line: the configuration init writes is valid once
// the variables it names are set, init never overwrites silently, and run refuses a bad
// configuration or a bad --flows naming the problem, never echoing a secret.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_TEMPLATE } from '../../src/app/config-template.js';
import { configText } from '../../src/cli/commands/init.js';
import { parseFlows } from '../../src/cli/commands/run.js';
import { loadConfig } from '../../src/config/index.js';
import { FLOW_NAMES } from '../../src/config/sections/flows.js';
import { isKfaxError } from '../../src/errors/kfax-error.js';
import { compileMapping } from '../../src/mapping/compile/compile.js';
import { mappingJsonSchema } from '../../src/mapping/config/json-schema.js';
import { loadMappingFile } from '../../src/mapping/config/load.js';
import { kfax, spawnKfax } from './helpers.js';

const EXAMPLE_MAPPING = readFileSync(new URL('../../examples/kfax-mapping.yaml', import.meta.url), 'utf8');
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'kfax-cmd-'));
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `${NAME}` references outside comments. */
function referencedVariables(yaml: string): string[] {
  const live = yaml
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
  return [...new Set([...live.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!))];
}

function configError(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isKfaxError(err)) return err;
    throw err;
  }
  throw new Error('expected a configuration error');
}

describe('kfax init', () => {
  it('writes a commented kfax.yaml that validates once the variables it names are set, and the example mapping', async () => {
    const dir = tempDir();
    const run = await spawnKfax(['init'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote kfax\.yaml, kfax-mapping\.yaml and kfax-mapping\.schema\.json\n/);

    const file = join(dir, 'kfax.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(CONFIG_TEMPLATE);
    expect(text.split('\n').filter((l) => /^\s*#/.test(l)).length).toBeGreaterThan(10);
    expect(statSync(file).mode & 0o777).toBe(0o600); // it will name where secrets come from: owner only
    expect(readFileSync(join(dir, 'kfax-mapping.yaml'), 'utf8')).toBe(EXAMPLE_MAPPING);
    // The schema the mapping's yaml-language-server comment points at is beside it.
    expect(EXAMPLE_MAPPING).toMatch(/^# yaml-language-server: \$schema=\.\/kfax-mapping\.schema\.json\n/);
    expect(JSON.parse(readFileSync(join(dir, 'kfax-mapping.schema.json'), 'utf8'))).toEqual(mappingJsonSchema());

    const names = referencedVariables(text);
    expect(names).toEqual(expect.arrayContaining(['KASHFLOW_USERNAME', 'KASHFLOW_PASSWORD', 'KASHFLOW_MEMORABLE_WORD', 'AX_USERNAME', 'AX_PASSWORD']));
    const env = Object.fromEntries(names.map((n) => [n, `${n.toLowerCase()}-value-0123456789`]));
    const config = loadConfig({ path: file, env });
    expect(config.kashflow).toMatchObject({ username: env.KASHFLOW_USERNAME, password: env.KASHFLOW_PASSWORD, memorableWord: env.KASHFLOW_MEMORABLE_WORD });
    expect(config.ax?.auth).toMatchObject({ kind: 'ntlm', username: env.AX_USERNAME, password: env.AX_PASSWORD });
    expect(config.flows.enabled).toEqual([...FLOW_NAMES]);
    // The mapping it points at (relative to the working directory) loads and compiles.
    expect(() => compileMapping(loadMappingFile(join(dir, config.mapping.file)))).not.toThrow();

    // Each variable is needed: leave one out and validation names the key and the variable.
    const { AX_PASSWORD: _omitted, ...withoutAxPassword } = env;
    const missing = configError(() => loadConfig({ path: file, env: withoutAxPassword }));
    expect(missing.code).toBe('KFAX_CONFIG_INVALID');
    expect(missing.message).toBe('invalid configuration at ax.auth.password: environment variable AX_PASSWORD is not set');
  });

  it('refuses to overwrite an existing configuration unless --force, and keeps an existing mapping', async () => {
    const dir = tempDir();
    const file = join(dir, 'kfax.yaml');
    writeFileSync(file, 'store:\n  url: ./mine.sqlite\n');

    const refused = await spawnKfax(['init'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('kfax: KFAX_CLI_USAGE: kfax.yaml exists; use --force to overwrite it\n');
    expect(readFileSync(file, 'utf8')).toBe('store:\n  url: ./mine.sqlite\n');
    expect(existsSync(join(dir, 'kfax-mapping.yaml'))).toBe(false);

    const forced = await spawnKfax(['init', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(CONFIG_TEMPLATE);
    expect(readFileSync(join(dir, 'kfax-mapping.yaml'), 'utf8')).toBe(EXAMPLE_MAPPING);

    // A mapping the user already has is left alone when only the configuration is new.
    const other = tempDir();
    writeFileSync(join(other, 'kfax-mapping.yaml'), 'version: mine\n');
    const fresh = await spawnKfax(['init', '--config', 'site.yaml'], { cwd: other });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^wrote site\.yaml\n/);
    expect(readFileSync(join(other, 'site.yaml'), 'utf8')).toBe(CONFIG_TEMPLATE);
    expect(readFileSync(join(other, 'kfax-mapping.yaml'), 'utf8')).toBe('version: mine\n');
  });

  it('with --config in another directory, writes the mapping and its schema beside the configuration, which points at it', async () => {
    const dir = tempDir();
    const run = await spawnKfax(['init', '--config', 'site/conf/kfax.yaml'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote site\/conf\/kfax\.yaml, site\/conf\/kfax-mapping\.yaml and site\/conf\/kfax-mapping\.schema\.json\n/);
    expect(run.stdout).toContain('kfax run --config site/conf/kfax.yaml');
    expect(existsSync(join(dir, 'kfax-mapping.yaml'))).toBe(false);
    expect(readFileSync(join(dir, 'site/conf/kfax-mapping.yaml'), 'utf8')).toBe(EXAMPLE_MAPPING);
    expect(JSON.parse(readFileSync(join(dir, 'site/conf/kfax-mapping.schema.json'), 'utf8'))).toEqual(mappingJsonSchema());

    // Relative paths in kfax.yaml are resolved from the working directory: mapping.file says where
    // the mapping is from the directory init ran in, the one the "next:" line runs kfax from.
    const text = readFileSync(join(dir, 'site/conf/kfax.yaml'), 'utf8');
    const env = Object.fromEntries(referencedVariables(text).map((n) => [n, `${n.toLowerCase()}-value-0123456789`]));
    const config = loadConfig({ path: join(dir, 'site/conf/kfax.yaml'), env });
    expect(config.mapping.file).toBe('./site/conf/kfax-mapping.yaml');
    expect(() => compileMapping(loadMappingFile(join(dir, config.mapping.file)))).not.toThrow();
    // Everything else is the template.
    expect(text.replace(/^ {2}file: .*$/m, '  file: ./kfax-mapping.yaml')).toBe(CONFIG_TEMPLATE);

    // An absolute --config gives an absolute mapping.file, right from any working directory.
    const abs = join(tempDir(), 'etc', 'kfax.yaml');
    expect((await spawnKfax(['init', '--config', abs], { cwd: dir })).code).toBe(0);
    expect(loadConfig({ path: abs, env }).mapping.file).toBe(join(abs, '..', 'kfax-mapping.yaml'));
    expect(readFileSync(join(abs, '..', 'kfax-mapping.yaml'), 'utf8')).toBe(EXAMPLE_MAPPING);

    // A directory name YAML would misread is quoted (and "${" is not interpolated).
    for (const odd of ['my site: #1', '*star', '${HOME}/x']) {
      const text = configText(odd);
      expect(loadConfig({ text, env }).mapping.file, odd).toBe(`./${odd}/kfax-mapping.yaml`);
    }
  });
});

describe('kfax run refuses what it cannot run', () => {
  const SECRETS = { KF_PASSWORD: 'Kf-Env-Secret-7781', KF_WORD: 'MemWordSecret42', AX_PASSWORD: 'Ax-Env-Secret-8842' };

  it('exits non-zero on a bad configuration, naming each bad key and why, and prints no secret', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'bad.yaml'),
      [
        'kashflow:',
        '  username: api-user',
        '  password: ${KF_PASSWORD}',
        '  memorableWord: ${KF_WORD}',
        '  pasword: Literal-Secret-In-File-1', // a typo'd key holding a secret
        'ax:',
        '  url: http://aos.example.local:8101/MicrosoftDynamicsAXAif60/KFAX/xppservice.svc',
        '  company: kfuk',
        '  auth:',
        '    username: svc-kfax',
        '    password: ${AX_PASSWORD}',
        '  connections: lots',
        'server:',
        '  adminToken: ShortTok9', // too short, and a secret
        '',
      ].join('\n'),
    );
    const run = await spawnKfax(['run', '--config', 'bad.yaml'], { cwd: dir, env: SECRETS });
    expect(run.code).toBe(2); // bad input, as the README's exit codes say
    expect(run.stderr).toMatch(/^kfax: KFAX_CONFIG_INVALID: invalid configuration at /);
    expect(run.stderr).toContain('kashflow.pasword: unknown key');
    expect(run.stderr).toContain('ax.connections: Invalid input: expected number, received string');
    expect(run.stderr).toContain('server.adminToken: must be at least 16 characters');
    expect(run.stdout).not.toContain('kfax running');
    for (const secret of [...Object.values(SECRETS), 'Literal-Secret-In-File-1', 'ShortTok9']) {
      expect(run.stdout + run.stderr, `${secret} was printed`).not.toContain(secret);
    }
  });

  it('reports YAML mistakes by position without quoting the line, even when a value reads as a YAML alias', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'syntax.yaml'), 'kashflow:\n  username: api-user\n  password:Colon-Secret-2\n');
    const syntax = await kfax('run', '--config', join(dir, 'syntax.yaml'));
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/KFAX_CONFIG_INVALID: invalid configuration at .*syntax\.yaml line 3, column 3 \(kashflow\): /);
    expect(syntax.stderr).not.toContain('Colon-Secret-2');

    // An unquoted password starting with "*" is a YAML alias; the YAML library's error names it.
    writeFileSync(join(dir, 'alias.yaml'), 'ax:\n  url: http://aos/x\n  company: kfuk\n  auth:\n    username: svc\n    password: *Star-Secret-3\n');
    const alias = await kfax('run', '--config', join(dir, 'alias.yaml'));
    expect(alias.code).toBe(2);
    expect(alias.stderr).toMatch(/^kfax: KFAX_CONFIG_INVALID: invalid configuration at .*alias\.yaml line 6, column 15 \(ax\.auth\.password\): a value starting with \* is read as a YAML alias.*quote the value\n$/);
    expect(alias.stdout + alias.stderr).not.toContain('Star-Secret-3');

    const unreadable = await kfax('run', '--config', dir); // a directory
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toBe(`kfax: KFAX_CONFIG_INVALID: invalid configuration at ${dir}: cannot be read (EISDIR)\n`);
  });

  it('refuses an unknown flow in --flows, naming it and listing the valid ones', async () => {
    const dir = tempDir(); // no kfax.yaml: the usage error comes first
    const run = await spawnKfax(['run', '--flows', 'invoices,unknown,a'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`kfax: KFAX_CLI_USAGE: --flows: unknown flow "unknown", "a"; expected a comma-separated subset of ${FLOW_NAMES.join(', ')}\n`);
  });

  it('parses --flows into the subset', () => {
    expect(parseFlows('invoices,payments')).toEqual(['invoices', 'payments']);
    expect(parseFlows(' polling , customers ')).toEqual(['polling', 'customers']);
    expect(parseFlows(FLOW_NAMES.join(','))).toEqual([...FLOW_NAMES]);
    for (const [list, named] of [
      ['invoices,invoice', '"invoice"'],
      ['Invoices', '"Invoices"'],
      ['', '(empty)'],
      [' , ', '(empty)'],
    ] as const) {
      const err = configError(() => parseFlows(list));
      expect(err.code).toBe('KFAX_CLI_USAGE');
      expect(err.message).toContain(`unknown flow ${named}; expected a comma-separated subset of shop-orders, shop-payments, invoices, payments, customers, polling`);
    }
  });
});

describe('a bad configuration, whatever the command', () => {
  const SECRET = 'Star-Secret-In-Yaml-77';
  const badFiles = (dir: string): Record<string, { text: string; message: RegExp }> => ({
    // An unquoted password starting with "*" is a YAML alias: the YAML library's error quotes it.
    'alias.yaml': {
      text: `store:\n  url: ${join(dir, 'kfax.sqlite')}\nax:\n  url: http://aos/x\n  company: kfuk\n  auth:\n    username: svc\n    password: *${SECRET}\n`,
      message: /invalid configuration at .*alias\.yaml line 8, column 15 \(ax\.auth\.password\): a value starting with \* is read as a YAML alias/,
    },
    // One starting with "!" is a YAML tag: the library would silently turn it into an empty string.
    'tag.yaml': {
      text: `store:\n  url: ${join(dir, 'kfax.sqlite')}\nkashflow:\n  username: api\n  password: !${SECRET}\n  memorableWord: word\n`,
      message: /invalid configuration at .*tag\.yaml line 5, column 13 \(kashflow\.password\): unknown or unsuitable YAML tag/,
    },
    // A plain schema error.
    'schema.yaml': { text: `store:\n  url: ${join(dir, 'kfax.sqlite')}\n  urll: ${SECRET}\n`, message: /invalid configuration at store\.urll: unknown key/ },
  });
  const commands: string[][] = [['run'], ['dlq', 'list'], ['dlq', 'list', '--json'], ['migrate'], ['migrate', '--status'], ['reconcile'], ['mapping', 'reference-from-ax']];

  it('is KFAX_CONFIG_INVALID with exit code 2, naming line, column and key, and never prints the text', async () => {
    const dir = tempDir();
    for (const [name, bad] of Object.entries(badFiles(dir))) {
      const file = join(dir, name);
      writeFileSync(file, bad.text);
      for (const command of commands) {
        const run = await kfax(...command, '--config', file);
        const what = `kfax ${command.join(' ')} --config ${name}`;
        expect(run.code, what).toBe(2);
        expect(run.stderr, what).toMatch(/^kfax: KFAX_CONFIG_INVALID: /);
        expect(run.stderr, what).toMatch(bad.message);
        expect(run.stdout + run.stderr, `${what} printed the secret`).not.toContain(SECRET);
      }
    }
    expect(existsSync(join(dir, 'kfax.sqlite'))).toBe(false); // refused before opening anything
  });

  it('kfax mapping validate on such a kfax.yaml reports the YAML mistake the same way, never the text', async () => {
    const dir = tempDir();
    for (const name of ['alias.yaml', 'tag.yaml']) {
      const bad = badFiles(dir)[name]!;
      const file = join(dir, name);
      writeFileSync(file, bad.text);
      const run = await kfax('mapping', 'validate', '--config', file);
      expect(run.code, name).toBe(2);
      expect(run.stderr, name).toMatch(bad.message);
      expect(run.stdout + run.stderr, `${name}: printed the secret`).not.toContain(SECRET);
    }
  });

  it('a configuration file that does not exist or cannot be read is bad input too (exit 2)', async () => {
    const dir = tempDir();
    for (const command of [['run'], ['dlq', 'list'], ['migrate']]) {
      const missing = await kfax(...command, '--config', join(dir, 'missing.yaml'));
      expect(missing.code, command.join(' ')).toBe(2);
      expect(missing.stderr).toBe(`kfax: KFAX_CONFIG_NOT_FOUND: configuration file not found: ${join(dir, 'missing.yaml')}\n`);
      const unreadable = await kfax(...command, '--config', dir);
      expect(unreadable.code, command.join(' ')).toBe(2);
      expect(unreadable.stderr).toBe(`kfax: KFAX_CONFIG_INVALID: invalid configuration at ${dir}: cannot be read (EISDIR)\n`);
    }
  });
});
