// docs/errors.md is the operators' page for the error catalog: it must list every code with the
// catalog's kind and HTTP status, and must not name codes that do not exist.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, type ErrorCode } from '../../src/errors/catalog.js';
import { FAILURE_KINDS } from '../../src/errors/kinds.js';

const DOC = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

interface DocRow {
  code: string;
  kind: string;
  status: string;
  meaning: string;
  action: string;
}

/** The rows of the code tables: `| \`KFAX_…\` | \`kind\` | status | meaning | what to do |`. */
function docRows(text: string): DocRow[] {
  return text
    .split('\n')
    .filter((line) => /^\|\s*`KFAX_[A-Z0-9_]+`\s*\|/.test(line))
    .map((line) => {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      return { code: cells[0]!.replace(/`/g, ''), kind: (cells[1] ?? '').replace(/`/g, ''), status: cells[2] ?? '', meaning: cells[3] ?? '', action: cells[4] ?? '' };
    });
}

describe('docs/errors.md', () => {
  const rows = docRows(DOC);

  it('has one row per catalog code, each once', () => {
    const documented = rows.map((r) => r.code);
    expect(CODES.filter((c) => !documented.includes(c)), 'codes missing from docs/errors.md').toEqual([]);
    expect(documented.filter((c, i) => documented.indexOf(c) !== i), 'codes documented twice').toEqual([]);
  });

  it('names no code that is not in the catalog, anywhere in the page', () => {
    const named = [...new Set(DOC.match(/KFAX_[A-Z0-9_]*[A-Z0-9]/g) ?? [])];
    expect(named.length).toBeGreaterThan(CODES.length / 2);
    expect(named.filter((c) => !(c in ERROR_CATALOG)), 'codes in docs/errors.md that do not exist').toEqual([]);
  });

  it("gives each code the catalog's kind and HTTP status, a meaning and an action", () => {
    for (const row of rows) {
      const def = ERROR_CATALOG[row.code as ErrorCode];
      expect.soft(row.kind, `${row.code} kind`).toBe(def.kind);
      expect.soft(row.status, `${row.code} HTTP status`).toBe(String(def.status));
      expect.soft(row.meaning.length, `${row.code} meaning`).toBeGreaterThan(20);
      expect.soft(row.action.length, `${row.code} what to do`).toBeGreaterThan(10);
    }
  });

  it('explains every failure kind', () => {
    for (const kind of FAILURE_KINDS) expect(DOC, kind).toMatch(new RegExp(`^\\| \`${kind}\` \\|`, 'm'));
  });

  it('is linked from the README documentation list', () => {
    expect(README).toMatch(/^- \[docs\/errors\.md\]\(docs\/errors\.md\)/m);
  });
});
