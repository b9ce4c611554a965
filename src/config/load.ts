/**
 * Loads `kfax.yaml` once at start-up: YAML → `${ENV}` and `*File` interpolation → validation
 * against the composed schema, with defaults filled in. Any problem is one `KFAX_CONFIG_INVALID`
 * that names every bad key path and why (never the values, which may be secrets): a file that
 * cannot be read by its error code, a YAML mistake by line, column, enclosing key and kind — never
 * by the YAML library's message, which quotes the line. Importing this module does nothing;
 * nothing is read until {@link loadConfig} is called.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAlias, isCollection, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type ErrorCode, type Node } from 'yaml';
import type { z } from 'zod';
import { KfaxError } from '../errors/kfax-error.js';
import { formatIssuePath } from '../engine/json-value.js';
import { interpolate, type InterpolationSources } from './interpolate.js';
import { kfaxConfigSchema, type KfaxConfig } from './schema.js';

/** Default file name, looked up in the working directory. */
export const DEFAULT_CONFIG_FILE = 'kfax.yaml';

/** Options for {@link loadConfig}. */
export interface LoadConfigOptions {
  /** A config file that must exist. Without it, `./kfax.yaml` is used if present, else defaults. */
  readonly path?: string;
  /** YAML text instead of a file (tests, stdin). */
  readonly text?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly readFile?: (path: string) => string;
}

/** One problem found in the configuration. */
export interface ConfigIssue {
  readonly path: string;
  readonly reason: string;
}

/** Loads, interpolates and validates the configuration. */
export function loadConfig(options: LoadConfigOptions = {}): KfaxConfig {
  const sources: InterpolationSources = { env: options.env ?? process.env, readFile: options.readFile ?? ((p) => readFileSync(p, 'utf8')) };
  let text = options.text;
  let file: string | undefined;
  if (text === undefined) {
    file = options.path ?? DEFAULT_CONFIG_FILE;
    if (!existsSync(file)) {
      if (options.path !== undefined) throw new KfaxError('KFAX_CONFIG_NOT_FOUND', [file]);
      text = '';
    } else {
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException | undefined)?.code;
        throw new KfaxError('KFAX_CONFIG_INVALID', [file, `cannot be read (${typeof code === 'string' ? code : 'unreadable'})`], { details: { file } });
      }
    }
  }
  return parseConfigText(text, sources, file);
}

/** Parses and validates YAML text. */
export function parseConfigText(text: string, sources: InterpolationSources, file?: string): KfaxConfig {
  const raw = readYaml(text, file);
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new KfaxError('KFAX_CONFIG_INVALID', ['(root)', 'expected a mapping of sections (store, engine, endpoints…)'], { details: { file } });
  }
  const resolved = interpolate(raw ?? {}, sources);
  return validateConfig(resolved, file);
}

/**
 * What the YAML library's error codes mean for someone editing kfax.yaml. The library's own
 * messages are never shown: they quote the offending text, typically an unquoted secret.
 */
const YAML_REASONS: Partial<Record<ErrorCode | 'UNRESOLVED_ALIAS' | 'UNUSED_ANCHOR', string>> = {
  UNRESOLVED_ALIAS: 'a value starting with * is read as a YAML alias, and no anchor of that name comes before it; quote the value',
  BAD_ALIAS: 'a value starting with * is read as a YAML alias; quote the value',
  ALIAS_PROPS: 'a value starting with * is read as a YAML alias; quote the value',
  UNUSED_ANCHOR: 'a value starting with & is read as a YAML anchor (and dropped from the value); quote the value',
  MULTIPLE_ANCHORS: 'a value starting with & is read as a YAML anchor; quote the value',
  TAG_RESOLVE_FAILED: 'unknown or unsuitable YAML tag: a value starting with ! is read as a YAML tag; quote the value',
  MULTIPLE_TAGS: 'a value starting with ! is read as a YAML tag; quote the value',
  BAD_PROP_ORDER: 'a value starting with ! or & is read as a YAML tag or anchor; quote the value',
  BAD_SCALAR_START: 'an unquoted value cannot start with @, `, % or another YAML indicator; quote the value',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted value; use single quotes, or write \\\\ for a backslash',
  DUPLICATE_KEY: 'duplicate key',
  BAD_INDENT: 'bad indentation, or an unclosed bracket or quote',
  TAB_AS_INDENT: 'tab used for indentation; indent with spaces',
  MISSING_CHAR: 'missing character: a key needs a colon and a space before its value, and every quote and bracket must be closed',
  MULTILINE_IMPLICIT_KEY: 'a key must be on one line and followed by a colon and a space (or a value is missing its closing quote)',
  BLOCK_AS_IMPLICIT_KEY: 'a key must be on one line and followed by a colon and a space',
  KEY_OVER_1024_CHARS: 'a key must be on one line and followed by a colon and a space',
  MULTIPLE_DOCS: 'more than one YAML document (a line ---); kfax.yaml is one document',
  BLOCK_IN_FLOW: 'an indented block inside [ ] or { }',
  RESOURCE_EXHAUSTION: 'YAML aliases expand to too many values',
};

/** A YAML problem: where it is (offset in the text) and its kind (a key of {@link YAML_REASONS}). */
interface YamlProblem {
  readonly offset: number;
  readonly code: ErrorCode | 'UNRESOLVED_ALIAS' | 'UNUSED_ANCHOR';
}

/**
 * Parses one YAML document into plain values (kfax.yaml and mapping files). Syntax errors, warnings (an unknown `!tag`, which
 * the library would otherwise turn into an empty string), aliases without an anchor and anchors
 * nothing refers to (a value starting with `&` loses its first word) are `KFAX_CONFIG_INVALID`
 * naming the line, column, enclosing key path and kind of mistake, never the text.
 */
export function readYaml(text: string, file: string | undefined): unknown {
  const lineCounter = new LineCounter();
  let problem: YamlProblem | undefined;
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { uniqueKeys: true, strict: true, resolveKnownTags: false, lineCounter });
    const reported = [...doc.errors, ...doc.warnings][0];
    problem = reported ? { offset: reported.pos[0], code: reported.code } : anchorProblem(doc, text);
  } catch {
    throw yamlError(file, 'not valid YAML');
  }
  if (problem) {
    const { line, col } = lineCounter.linePos(problem.offset);
    const path = keyPathAt(doc.contents, problem.offset);
    const reason = YAML_REASONS[problem.code] ?? `not valid YAML (${problem.code})`;
    throw new KfaxError('KFAX_CONFIG_INVALID', [`${file ?? 'config'} line ${line}, column ${col}${path ? ` (${path})` : ''}`, reason], {
      details: { ...(file ? { file } : {}), line, column: col, ...(path ? { path } : {}), yaml: problem.code },
    });
  }
  try {
    return doc.toJS() as unknown; // the library refuses aliases that expand too much (maxAliasCount)
  } catch (err) {
    // e.g. "Excessive alias count": the library's messages may quote an anchor name or a value.
    const tooMany = err instanceof ReferenceError && /alias/i.test(err.message);
    throw yamlError(file, tooMany ? (YAML_REASONS.RESOURCE_EXHAUSTION ?? 'too many aliases') : 'not valid YAML');
  }
}

function yamlError(file: string | undefined, reason: string): KfaxError {
  return new KfaxError('KFAX_CONFIG_INVALID', [file ?? 'config', reason], { details: file ? { file } : {} });
}

/** The first alias that names no earlier anchor, or else the first anchor no alias uses. */
function anchorProblem(doc: Document.Parsed, text: string): YamlProblem | undefined {
  const anchors = new Map<string, number>();
  const used = new Set<string>();
  let unresolved: number | undefined;
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        unresolved = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
      used.add(node.source);
    } else if ((isScalar(node) || isCollection(node)) && node.anchor) {
      anchors.set(node.anchor, anchorOffset(node, node.anchor, text));
    }
    return undefined;
  });
  if (unresolved !== undefined) return { offset: unresolved, code: 'UNRESOLVED_ALIAS' };
  const unused = [...anchors].find(([name]) => !used.has(name));
  return unused ? { offset: unused[1], code: 'UNUSED_ANCHOR' } : undefined;
}

/** Where `&name` is written: the node's range starts after it (or, for an empty value, further on). */
function anchorOffset(node: Node, name: string, text: string): number {
  const start = node.range?.[0] ?? text.length;
  const at = text.lastIndexOf(`&${name}`, start);
  return at >= 0 ? at : start;
}

/** Keys that may be named in a message: identifiers, never free text that could be a secret. */
const NAMEABLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/**
 * The key path (`ax.auth.password`, `flows.enabled[2]`) of the value that contains `offset`. A
 * key that itself contains the offset (a mistake inside a key) is not named, nor is any key that
 * is not a plain identifier, so the path never carries the text of the mistake.
 */
function keyPathAt(node: unknown, offset: number): string {
  let path = '';
  let current = node;
  for (;;) {
    if (isMap(current)) {
      const pair = lastStartingBefore(current.items, (p) => nodeStart(p.key) ?? nodeStart(p.value), offset);
      if (!pair || !isScalar(pair.key) || typeof pair.key.value !== 'string' || !NAMEABLE_KEY.test(pair.key.value)) return path;
      const keyRange = pair.key.range;
      if (keyRange && offset >= keyRange[0] && offset < keyRange[1]) return path;
      const end = isNode(pair.value) ? pair.value.range?.[2] : keyRange?.[2];
      if (end !== undefined && offset >= end) return path;
      path = path === '' ? pair.key.value : `${path}.${pair.key.value}`;
      current = pair.value;
    } else if (isSeq(current)) {
      const items = current.items.map((item, i) => ({ item, i }));
      const hit = lastStartingBefore(items, (x) => nodeStart(x.item), offset);
      if (!hit) return path;
      path = `${path}[${hit.i}]`;
      current = hit.item;
    } else {
      return path;
    }
  }
}

function nodeStart(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

/** The last item starting at or before `offset` (items are in document order). */
function lastStartingBefore<T>(items: readonly T[], start: (item: T) => number | undefined, offset: number): T | undefined {
  let hit: T | undefined;
  for (const item of items) {
    const s = start(item);
    if (s === undefined) continue;
    if (s > offset) break;
    hit = item;
  }
  return hit;
}

/** Validates an already-parsed configuration object. */
export function validateConfig(value: unknown, file?: string): KfaxConfig {
  const parsed = kfaxConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = configIssues(parsed.error);
  const [first, ...rest] = issues;
  const reason = rest.length === 0 ? first!.reason : `${first!.reason}; also ${rest.map((i) => `${i.path}: ${i.reason}`).join('; ')}`;
  throw new KfaxError('KFAX_CONFIG_INVALID', [first!.path, reason], { details: { issues, ...(file ? { file } : {}) } });
}

/** Flattens zod issues to key paths and reasons (one per unknown key). */
export function configIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue) => {
    const base = formatIssuePath(issue.path);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ path: base === '' ? k : `${base}.${k}`, reason: 'unknown key' }));
    return [{ path: base || '(root)', reason: issue.message }];
  });
}
