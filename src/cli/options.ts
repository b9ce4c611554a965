import { KfaxError } from '../errors/kfax-error.js';

/** Parses an integer CLI option, naming the option in the error. */
export function parseIntOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new KfaxError('KFAX_CLI_USAGE', [`${name}: expected a whole number from ${min} to ${max}, got "${value}"`]);
  }
  return n;
}
