// A kfax.yaml the YAML library cannot read as written must be refused as KFAX_CONFIG_INVALID
// naming the line, the column, the key (when known) and the kind of mistake — never the text of
// the line, which is typically an unquoted secret: a password starting with "*" (an alias), "&"
// (an anchor), "!" (a tag), "@", "%" or "`" (reserved), or with a stray backslash in double quotes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from '../../src/config/index.js';
import { isKfaxError } from '../../src/errors/kfax-error.js';

const SECRET = 'Zq7-Secret-Val';
const noFiles = (p: string): string => {
  throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
};
const parse = (text: string) => parseConfigText(text, { env: {}, readFile: noFiles });

function errorOf(fn: () => unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (isKfaxError(err)) return err;
    throw new Error(`expected a KfaxError, got ${String(err)}`);
  }
  throw new Error('expected an error');
}

/** An `ax:` section whose password line is `password: <value>` on line 6. */
const withPassword = (value: string): string => `ax:\n  url: http://aos/x\n  company: kfuk\n  auth:\n    username: svc\n    password: ${value}\n`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('config: YAML mistakes are reported by position and kind, never by their text', () => {
  const cases: { name: string; value: string; reason: RegExp; column?: number }[] = [
    { name: 'an unquoted value starting with * (a YAML alias of no anchor)', value: `*${SECRET}`, reason: /YAML alias.*quote/ },
    { name: 'an unquoted value starting with ! (a YAML tag kfax does not know)', value: `!${SECRET}`, reason: /YAML tag.*quote/ },
    { name: 'an unquoted value starting with !! and a known tag that does not fit', value: `!!int ${SECRET}`, reason: /YAML tag.*quote/ },
    { name: 'a YAML 1.1 tag (!!binary)', value: `!!binary ${SECRET}`, reason: /YAML tag.*quote/ },
    { name: 'an unquoted value starting with & (an anchor, silently dropped)', value: `&${SECRET}`, reason: /YAML anchor.*quote/ },
    { name: 'an unquoted value starting with "& " (anchor then the rest as the value)', value: `&Zq7 ${SECRET}`, reason: /YAML anchor.*quote/ },
    { name: 'an unquoted value starting with @', value: `@${SECRET}`, reason: /cannot start with.*quote/, column: 15 },
    { name: 'an unquoted value starting with %', value: `%${SECRET}`, reason: /cannot start with.*quote/, column: 15 },
    { name: 'an unquoted value starting with `', value: `\`${SECRET}`, reason: /cannot start with.*quote/, column: 15 },
    { name: 'a double-quoted value with an unknown escape', value: `"${SECRET}\\q9"`, reason: /escape/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}, naming line 6 and ax.auth.password`, () => {
      const e = errorOf(() => parse(withPassword(c.value)));
      expect(e.code).toBe('KFAX_CONFIG_INVALID');
      expect(e.message).toMatch(/^invalid configuration at config line 6, column \d+ \(ax\.auth\.password\): /);
      if (c.column !== undefined) expect(e.message).toContain(`column ${c.column} `);
      expect(e.message).toMatch(c.reason);
      expect(e.message).not.toContain(SECRET);
      expect(JSON.stringify(e.details)).not.toContain(SECRET);
      expect(e.details).toMatchObject({ line: 6, path: 'ax.auth.password' });
    });
  }

  it('names only the enclosing keys when the mistake is in a key itself (a missing space after the colon)', () => {
    const e = errorOf(() => parse(`kashflow:\n  username: api-user\n  password:${SECRET}\n`));
    expect(e.message).toMatch(/^invalid configuration at config line 3, column 3 \(kashflow\): /);
    expect(e.message).not.toContain(SECRET);
  });

  it('refuses a duplicate key, an alias used before its anchor, several documents and a tab indent, without text', () => {
    const dup = errorOf(() => parse(`store:\n  url: a\n  url: ${SECRET}\n`));
    expect(dup.message).toMatch(/^invalid configuration at config line 3, column 3 \(store\): duplicate key/);
    const early = errorOf(() => parse(`store:\n  url: *${SECRET}\nengine: &${SECRET} {}\n`));
    expect(early.message).toMatch(/^invalid configuration at config line 2, column 8 \(store\.url\): .*YAML alias/);
    const docs = errorOf(() => parse(`store: {}\n---\nkashflow:\n  password: ${SECRET}\n`));
    expect(docs.message).toMatch(/^invalid configuration at config line 2, column 1: .*more than one YAML document/);
    const flow = errorOf(() => parse(`ax: {password: ${SECRET}\n`));
    expect(flow.message).toMatch(/^invalid configuration at config line \d+, column \d+/);
    const tab = errorOf(() => parse(`kashflow:\n\tpassword: ${SECRET}\n`));
    expect(tab.message).toMatch(/^invalid configuration at config line 2, column 1: tab used for indentation/);
    for (const e of [dup, early, docs, flow, tab]) {
      expect(e.code).toBe('KFAX_CONFIG_INVALID');
      expect(e.message + JSON.stringify(e.details)).not.toContain(SECRET);
    }
  });

  it('never quotes the value, whatever character an unquoted or half-quoted secret starts or ends with', () => {
    const starts = ['*', '&', '!', '!!', '@', '%', '`', '|', '>', '{', '[', '"', "'", ',', '?', '- ', ': ', '&a *', '*a &', '! &a ', '"\\q'];
    const ends = ['', ':', ': x', ' #', '"', "'", '}', ']', '\n      more: x', '\n   bad: indent'];
    let refused = 0;
    for (const start of starts) {
      for (const end of ends) {
        const text = withPassword(`${start}${SECRET}${end}`);
        try {
          parse(text);
        } catch (err) {
          if (!isKfaxError(err)) throw new Error(`${JSON.stringify(text)}: not a KfaxError: ${String(err)}`);
          refused++;
          expect(err.code, JSON.stringify(text)).toBe('KFAX_CONFIG_INVALID');
          expect(err.message + JSON.stringify(err.details), JSON.stringify(text)).not.toContain(SECRET);
        }
      }
    }
    expect(refused).toBeGreaterThan(starts.length * ends.length * 0.8);
  });

  it('refuses aliases that expand too much (a "billion laughs" file) without text', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]', ''].join('\n');
    const e = errorOf(() => parse(bomb));
    expect(e.code).toBe('KFAX_CONFIG_INVALID');
    expect(e.message).toMatch(/alias/);
  });

  it('still accepts anchors and aliases used on purpose, and the standard tags', () => {
    const c = parse('endpoints:\n  ax: &limits\n    concurrency: 3\n  kashflow: *limits\nstore:\n  url: !!str ./kfax.sqlite\n');
    expect(c.endpoints.ax?.concurrency).toBe(3);
    expect(c.endpoints.kashflow?.concurrency).toBe(3);
    expect(c.store.url).toBe('./kfax.sqlite');
    expect(parse(withPassword(`"*${SECRET}"`)).ax?.auth).toMatchObject({ password: `*${SECRET}` });
    expect(parse(withPassword(`'!${SECRET}'`)).ax?.auth).toMatchObject({ password: `!${SECRET}` });
  });

  it('loadConfig names the file and the position, and reports an unreadable file by its error code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfax-yaml-'));
    dirs.push(dir);
    const file = join(dir, 'kfax.yaml');
    writeFileSync(file, withPassword(`*${SECRET}`));
    const e = errorOf(() => loadConfig({ path: file, env: {} }));
    expect(e.message).toMatch(new RegExp(`^invalid configuration at ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 6, column 15 \\(ax\\.auth\\.password\\): `));
    expect(e.details).toMatchObject({ file, line: 6, column: 15, path: 'ax.auth.password' });
    expect(e.message).not.toContain(SECRET);
    expect(errorOf(() => loadConfig({ path: dir })).message).toBe(`invalid configuration at ${dir}: cannot be read (EISDIR)`);
  });
});
