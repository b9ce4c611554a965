/**
 * Loads `kfax.yaml` once at start-up: YAML → `${ENV}` and `*File` interpolation → validation
 * against the composed schema, with defaults filled in. Any problem is one `KFAX_CONFIG_INVALID`
 * that names every bad key path and why (never the values, which may be secrets). Importing this
 * module does nothing; nothing is read until {@link loadConfig} is called.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
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
      text = readFileSync(file, 'utf8');
    }
  }
  return parseConfigText(text, sources, file);
}

/** Parses and validates YAML text. */
export function parseConfigText(text: string, sources: InterpolationSources, file?: string): KfaxConfig {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'YAML';
    throw new KfaxError('KFAX_CONFIG_INVALID', [`${file ?? 'config'} ${where}`, e.message.split('\n')[0] ?? 'not valid YAML'], { details: { file } });
  }
  const raw = doc.toJS() as unknown;
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new KfaxError('KFAX_CONFIG_INVALID', ['(root)', 'expected a mapping of sections (store, engine, endpoints…)'], { details: { file } });
  }
  const resolved = interpolate(raw ?? {}, sources);
  return validateConfig(resolved, file);
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
