/**
 * Secrets stay out of `kfax.yaml`: a string may reference environment variables as `${NAME}`
 * (or `${NAME:-fallback}`; `$${` writes a literal `${`), and a key ending in `File`
 * (`passwordFile`, `urlFile`) is replaced by the content of that file under the key without the
 * suffix (`password`, `url`), trailing newline removed. Errors name the key path, the variable or
 * the file — never a value.
 */
import { KfaxError } from '../errors/kfax-error.js';

/** Where interpolation reads from (injectable for tests). */
export interface InterpolationSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => string;
}

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function invalid(path: string, reason: string): KfaxError {
  return new KfaxError('KFAX_CONFIG_INVALID', [path || '(root)', reason]);
}

function interpolateString(value: string, path: string, env: InterpolationSources['env']): string {
  return value.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    const v = env[name!];
    if (v !== undefined && v !== '') return v;
    if (fallback !== undefined) return fallback;
    throw invalid(path, `environment variable ${name} is not set`);
  });
}

/** Returns a copy of a parsed YAML value with references resolved. */
export function interpolate(value: unknown, sources: InterpolationSources, path = ''): unknown {
  if (typeof value === 'string') return interpolateString(value, path, sources.env);
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, sources, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return value;
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(input)) {
    const keyPath = path === '' ? key : `${path}.${key}`;
    if (key.length > 4 && key.endsWith('File') && typeof v === 'string') {
      const target = key.slice(0, -4);
      const targetPath = path === '' ? target : `${path}.${target}`;
      if (target in input) throw invalid(targetPath, `give either ${target} or ${key}, not both`);
      const file = interpolateString(v, keyPath, sources.env);
      let content: string;
      try {
        content = sources.readFile(file);
      } catch (err) {
        throw invalid(keyPath, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      }
      out[target] = content.replace(/\r?\n$/, '');
      continue;
    }
    out[key] = interpolate(v, sources, keyPath);
  }
  return out;
}
