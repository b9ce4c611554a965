/** CLI options and output helpers shared by the store commands (`kfax migrate`, `kfax dlq`). */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { KfaxError, isKfaxError } from '../errors/kfax-error.js';

/** Options every store command accepts. */
export interface StoreCliOptions {
  store?: string;
  config?: string;
  json?: boolean;
}

/** Adds `--store`, `--config` and `--json`. */
export function storeOptions(command: Command): Command {
  return command
    .option('--store <path-or-url>', 'SQLite file or postgres:// URL (overrides store.url of the configuration)')
    .option('--config <file>', 'configuration file (default: ./kfax.yaml when present)')
    .option('--json', 'print one JSON value as the last line of stdout');
}

/** Adds `--actor` (recorded in the audit log; default: the OS user). */
export function actorOption(command: Command): Command {
  return command.option('--actor <name>', 'who is acting, for the audit log (default: the OS user)');
}

/** The actor for the audit log. */
export function actorOf(opts: { actor?: string }): string {
  if (opts.actor !== undefined) {
    if (opts.actor.trim() === '') throw new KfaxError('KFAX_CLI_USAGE', ['--actor: must not be empty']);
    return opts.actor.trim();
  }
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Parses message ids, naming the bad argument. */
export function parseIds(values: readonly string[], what = 'id'): number[] {
  return values.map((v) => {
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < 1) throw new KfaxError('KFAX_CLI_USAGE', [`${what}: expected a positive whole number, got "${v}"`]);
    return Number(v);
  });
}

/** Prints a result: human lines, or with `--json` one JSON line last. */
export function printResult(opts: { json?: boolean }, value: unknown, human: () => string[]): void {
  if (opts.json) process.stdout.write(`${JSON.stringify(value)}\n`);
  else process.stdout.write(`${human().join('\n')}\n`);
}

/**
 * Runs a command body; with `--json`, an error is also printed as `{"error":{code,message}}`
 * on stdout (the last line) before it propagates to the exit code.
 */
export async function withJsonErrors(opts: { json?: boolean }, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (opts.json) {
      const error = isKfaxError(err) ? { code: err.code, message: err.message, ...(Object.keys(err.details).length > 0 ? { details: err.details } : {}) } : { code: 'KFAX_INTERNAL', message: (err as Error)?.message ?? String(err) };
      process.stdout.write(`${JSON.stringify({ error })}\n`);
    }
    throw err;
  }
}
