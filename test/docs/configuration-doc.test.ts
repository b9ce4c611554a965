// docs/configuration.md must document every key of the kfax.yaml schema: each top-level section
// has its own heading, each key (at every level) is named with its full path, its documented
// default is the one the schema fills in, and every YAML example in the page is valid.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CONFIG_SECTIONS, parseConfigText } from '../../src/config/index.js';
import { kfaxConfigSchema } from '../../src/config/schema.js';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../src/engine/settings.js';

const DOC = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

/** A key of the schema: its full dotted path, or for keys under a record (`endpoints.<name>`), its path inside one entry. */
interface SchemaKey {
  readonly section: string;
  /** `kashflow.polling.hotIntervalSeconds`, or `retry.maxAttempts` under `endpoints.<name>`. */
  readonly name: string;
  readonly depth: number;
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'nonoptional', 'catch']);

function schemaKeys(schema: z.ZodType): SchemaKey[] {
  const out: SchemaKey[] = [];
  const walk = (s: z.ZodType, path: string[], inRecord: number | undefined): void => {
    const def = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; valueType?: z.ZodType; shape?: Record<string, z.ZodType> } } })._zod.def;
    if (WRAPPERS.has(def.type)) return walk(def.innerType!, path, inRecord);
    if (def.type === 'pipe') return walk(def.in!, path, inRecord);
    if (def.type === 'record') return walk(def.valueType!, path, path.length);
    if (def.type !== 'object') return;
    for (const [key, child] of Object.entries(def.shape!)) {
      const p = [...path, key];
      out.push({ section: p[0]!, name: (inRecord === undefined ? p : p.slice(inRecord)).join('.'), depth: p.length });
      walk(child, p, inRecord);
    }
  };
  walk(schema, [], undefined);
  return out;
}

/** The text of `## \`section\`` up to the next `## ` heading. */
function sectionText(section: string): string | undefined {
  const start = DOC.indexOf(`\n## \`${section}\`\n`);
  if (start < 0) return undefined;
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** `| \`a.b.c\` | default | meaning |` rows of the page. */
function docRows(): Map<string, { default: string; meaning: string }> {
  const rows = new Map<string, { default: string; meaning: string }>();
  for (const line of DOC.split('\n')) {
    const m = /^\|\s*`([A-Za-z][\w.]*)`\s*\|([^|]*)\|(.*)\|\s*$/.exec(line);
    if (m) rows.set(m[1]!, { default: m[2]!.trim(), meaning: m[3]!.trim() });
  }
  return rows;
}

const KEYS = schemaKeys(kfaxConfigSchema);

/** A configuration with every optional section present, so that their defaults are filled in. */
const FULL = parseConfigText(
  [
    'kashflow: { username: u, password: p, memorableWord: abc }',
    'ax: { url: "http://aos/x", company: kfuk, auth: { username: u, password: p } }',
    'shop: { sources: { shopify: { secret: "0123456789abcdef" }, stripe: { secret: "0123456789abcdef" }, kfax: { secret: "0123456789abcdef" } } }',
  ].join('\n'),
  { env: {}, readFile: () => '' },
);

/** The value the configuration gets by default; keys of an `endpoints` entry default to the engine's endpoint settings. */
function valueAt(path: string): unknown {
  const root: unknown = path.split('.')[0]! in CONFIG_SECTIONS ? FULL : DEFAULT_ENDPOINT_SETTINGS;
  return path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
}

describe('docs/configuration.md', () => {
  it('walks the whole schema (sanity: the walker sees nested and record keys)', () => {
    const names = KEYS.map((k) => k.name);
    expect(KEYS.filter((k) => k.depth === 1).map((k) => k.name)).toEqual(Object.keys(CONFIG_SECTIONS));
    expect(names).toEqual(expect.arrayContaining(['kashflow.polling.hotIntervalSeconds', 'kashflow.polling.syncFrom', 'ax.auth.password', 'ax.batch.lingerMs', 'shop.sources.stripe.orderSource', 'retry.maxAttempts', 'breaker.openMs']));
    expect(KEYS.length).toBeGreaterThan(100);
  });

  it('has a section for every top-level key', () => {
    const missing = Object.keys(CONFIG_SECTIONS).filter((s) => sectionText(s) === undefined);
    expect(missing, 'top-level sections without a "## `section`" heading').toEqual([]);
  });

  it('names every key of the schema, with its full path, in its section', () => {
    // A key is named as `path` (a leaf, or a whole object) or as the prefix of its children's paths (`path.child`).
    const named = (k: SchemaKey): boolean => [`\`${k.name}\``, `\`${k.name}.`].some((token) => sectionText(k.section)?.includes(token));
    const missing = KEYS.filter((k) => k.depth > 1 && !named(k)).map((k) => (k.name.startsWith(`${k.section}.`) ? k.name : `${k.section}.<name>.${k.name}`));
    expect(missing, 'keys not documented in docs/configuration.md').toEqual([]);
  });

  it('documents no key that the schema does not have', () => {
    const known = new Set(KEYS.map((k) => k.name));
    const stray = [...docRows().keys()].filter((name) => !known.has(name));
    expect(stray, 'table rows naming keys the schema does not have').toEqual([]);
  });

  it('gives the default the schema fills in, wherever the table states one literal default', () => {
    let checked = 0;
    for (const [name, row] of docRows()) {
      const literal = /^`([^`]*)`$/.exec(row.default);
      const actual = valueAt(name);
      if (!literal || actual === undefined || (actual !== null && typeof actual === 'object')) continue;
      expect.soft(literal[1], `default of ${name}`).toBe(actual === '' ? '""' : String(actual));
      checked += 1;
    }
    expect(checked).toBeGreaterThan(70);
  });

  it('has only valid YAML examples', () => {
    const blocks = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const env = new Proxy({} as Record<string, string>, { get: (_t, name) => `${String(name).toLowerCase()}-0123456789abcdef` });
    for (const block of blocks) expect(() => parseConfigText(block, { env, readFile: () => 'secret-from-file' }), block).not.toThrow();
  });
});
