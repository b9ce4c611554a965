import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { contentHash } from '../../canonical/hash.js';
import { readYaml } from '../../config/load.js';
import { KfaxError } from '../../errors/kfax-error.js';
import { MappingConfigSchema, type MappingConfig } from './schema.js';

/** The version every mapped result records: the config's own version plus a content hash. */
export interface MappingVersion {
  /** `version` as written in the configuration. */
  readonly version: string;
  /** First 12 hex digits of the SHA-256 of the validated configuration. */
  readonly hash: string;
  /** `<version>+<hash>`. */
  readonly label: string;
}

/** A validated configuration and its version. */
export interface LoadedMapping {
  readonly config: MappingConfig;
  readonly version: MappingVersion;
}

/** One schema problem: where and why. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** Formats a zod path as `accounts.rules[2].when`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

type Issue = z.core.$ZodIssue;

/** The most specific problems behind a zod issue (unions report the branch that got furthest). */
function explainIssue(issue: Issue, base: readonly PropertyKey[]): ConfigProblem[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let best: Issue[] = [];
    let bestDepth = -1;
    for (const branch of issue.errors) {
      const depth = Math.max(...branch.map((b) => b.path.length + (b.code === 'invalid_type' ? 0 : 0.5)));
      if (depth > bestDepth) {
        bestDepth = depth;
        best = branch;
      }
    }
    if (bestDepth > 0) return best.flatMap((b) => explainIssue(b, path));
    return [{ path: formatPath(path), message: issue.message === 'Invalid input' ? 'has the wrong shape' : issue.message }];
  }
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ path: formatPath([...path, k]), message: 'is not a known setting' }));
  return [{ path: formatPath(path), message: issue.message }];
}

/** All problems of a failed parse, most specific first. */
export function configProblems(error: z.ZodError): ConfigProblem[] {
  return error.issues.flatMap((i) => explainIssue(i, []));
}

/**
 * Validates a configuration object (the `mapping` section of kfax.yaml, or a file holding only
 * the mapping). Throws `KFAX_CONFIG_INVALID` naming the path of the first problem; all problems
 * are in `details.problems`.
 */
export function parseMappingConfig(raw: unknown, source = 'mapping'): LoadedMapping {
  const section = pickSection(raw);
  const result = MappingConfigSchema.safeParse(section);
  if (!result.success) {
    const problems = configProblems(result.error);
    const first = problems[0] ?? { path: '(root)', message: 'invalid' };
    throw new KfaxError('KFAX_CONFIG_INVALID', [`${source}: ${first.path}`, first.message], { details: { source, problems } });
  }
  const config = result.data;
  const hash = contentHash(config).slice(0, 12);
  return { config, version: { version: config.version, hash, label: `${config.version}+${hash}` } };
}

/**
 * Parses YAML text and validates it. YAML mistakes are reported by line, column, enclosing key
 * and kind, never with the offending text (the same reader as kfax.yaml's: a kfax.yaml passed
 * here may hold secrets).
 */
export function parseMappingYaml(text: string, source = 'mapping'): LoadedMapping {
  return parseMappingConfig(readYaml(text, source), source);
}

/**
 * Reads and validates a mapping file. A kfax.yaml is accepted too: the file its `mapping.file`
 * names is loaded (default `./kfax-mapping.yaml`; relative to the working directory, like every
 * path in kfax.yaml).
 */
export function loadMappingFile(path: string): LoadedMapping {
  const text = readText(path);
  const target = mappingFileOfKfaxYaml(text);
  return target === undefined ? parseMappingYaml(text, path) : parseMappingYaml(readText(target), target);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KfaxError('KFAX_CONFIG_NOT_FOUND', [path]);
    throw err;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * When `text` is a kfax.yaml — its `mapping:` section is the `{file, reference}` pointer of the
 * configuration schema, or absent next to kfax.yaml sections — the mapping file it names; else
 * undefined (a mapping file, or a mapping inline under `mapping:`).
 */
function mappingFileOfKfaxYaml(text: string): string | undefined {
  let raw: unknown;
  try {
    raw = readYaml(text, undefined);
  } catch {
    return undefined; // reported (safely) when the text is read as a mapping
  }
  if (!isRecord(raw) || raw.version !== undefined) return undefined;
  const section = raw.mapping;
  if (section === undefined) return ['store', 'kashflow', 'ax', 'server', 'flows'].some((k) => raw[k] !== undefined) ? './kfax-mapping.yaml' : undefined;
  if (!isRecord(section) || !Object.keys(section).every((k) => k === 'file' || k === 'reference')) return undefined;
  return typeof section.file === 'string' && section.file !== '' ? section.file : './kfax-mapping.yaml';
}

/** kfax.yaml may hold the mapping under `mapping:`; a mapping-only file has it at the root. */
function pickSection(raw: unknown): unknown {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    if (o.mapping !== undefined && o.version === undefined) return o.mapping;
  }
  return raw;
}
