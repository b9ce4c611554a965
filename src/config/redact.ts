/** Copies of configuration values safe to print or log: secrets masked. */

const SECRET_KEY = /(password|passwd|secret|token|apikey|api_key|credential|privatekey|memorableword)/i;

/** Masks the password of a URL (`postgres://u:***@h/db`); other strings unchanged. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)([^@\s]+)(@)/i, '$1***$3');
}

/** A deep copy with secret-looking keys replaced by `***` and URL passwords masked. */
export function redactSecrets(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return SECRET_KEY.test(key) ? '***' : redactUrl(value);
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, key));
  if (value === null || typeof value !== 'object') return SECRET_KEY.test(key) && value !== null && value !== undefined ? '***' : value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactSecrets(v, k)]));
}
