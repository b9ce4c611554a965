import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { isKfaxError, KfaxError } from '../../errors/kfax-error.js';
import { loadMappingFile } from '../../mapping/config/load.js';
import type { MappingConfig } from '../../mapping/config/schema.js';
import { resolvePeriod } from '../../reconcile/period.js';
import { renderReport } from '../../reconcile/report-text.js';
import { runReconcile } from '../../reconcile/run.js';
import { isPostgresUrl, openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';

interface ReconcileCliOptions {
  config?: string;
  from?: string;
  to?: string;
  mapping?: string;
  store?: string;
  json?: boolean;
}

/** Errors that mean "the command was used wrongly" (exit 2) rather than "could not reconcile" (exit 1). */
const USAGE_CODES = new Set(['KFAX_CLI_USAGE', 'KFAX_CONFIG_INVALID', 'KFAX_CONFIG_NOT_FOUND']);

/**
 * `kfax reconcile`: compares the KashFlow sales ledger with AX for a period. Exit 0 when they
 * agree, 1 when they differ (or a system could not be read), 2 for bad usage or configuration.
 */
export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description('Compare the KashFlow sales ledger with Dynamics AX: totals per month, customer and VAT rate, and every missing, extra or different invoice and payment')
    .option('--config <file>', 'configuration file with kashflow: and ax: sections (default: ./kfax.yaml)')
    .option('--from <yyyy-MM-dd>', 'first issue/invoice date (default: the first of the month of --to)')
    .option('--to <yyyy-MM-dd>', 'last issue/invoice date (default: today)')
    .option('--mapping <file>', 'mapping configuration (default: mapping.file of the configuration, when it exists)')
    .option('--store <path-or-url>', "kfax's store, for cross-references (default: store.url of the configuration, when it exists)")
    .option('--json', 'print the result as one JSON object on the last line of stdout')
    .action(async (opts: ReconcileCliOptions) => {
      try {
        await reconcileCommand(opts);
      } catch (err) {
        const usage = isKfaxError(err) && USAGE_CODES.has(err.code);
        const error = isKfaxError(err) ? { code: err.code, message: err.message } : { code: 'KFAX_INTERNAL', message: (err as Error)?.message ?? String(err) };
        process.stderr.write(`kfax: ${error.code}: ${error.message}\n`);
        if (opts.json) process.stdout.write(`${JSON.stringify({ error })}\n`);
        process.exitCode = usage ? 2 : 1;
      }
    });
}

async function reconcileCommand(opts: ReconcileCliOptions): Promise<void> {
  const period = resolvePeriod(opts.from, opts.to, new Date().toISOString().slice(0, 10));
  const config = loadConfig(opts.config === undefined ? {} : { path: opts.config });
  const notes: string[] = [];
  const mapping = loadMapping(opts.mapping, config.mapping.file, notes);
  const store = await openXrefStore(opts.store ?? config.store.url, opts.store !== undefined, notes);
  try {
    const result = await runReconcile({ config, period, ...(mapping ? { mapping } : {}), ...(store ? { store } : {}), notes });
    if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(renderReport(result));
    process.exitCode = result.agree ? 0 : 1;
  } finally {
    await store?.close();
  }
}

/** The mapping: `--mapping` must exist; the configured file is used when it exists. */
function loadMapping(explicit: string | undefined, configured: string, notes: string[]): MappingConfig | undefined {
  if (explicit !== undefined && !existsSync(explicit)) throw new KfaxError('KFAX_CLI_USAGE', [`--mapping: file not found: ${explicit}`]);
  const path = explicit ?? configured;
  if (!existsSync(path)) {
    notes.push(`no mapping file (${path}): AX customer accounts read as KF-{code}, payments as KFPAY-{paymentId}, VAT rates from AX tax codes`);
    return undefined;
  }
  return loadMappingFile(path).config;
}

/**
 * kfax's store, opened read-only in spirit (no migrations) for cross-references. A store that
 * does not exist or cannot be read is simply not used: reconciliation never depends on it.
 */
async function openXrefStore(target: string, explicit: boolean, notes: string[]): Promise<Store | undefined> {
  if (!isPostgresUrl(target) && !existsSync(target.replace(/^sqlite:/i, ''))) {
    if (explicit) throw new KfaxError('KFAX_CLI_USAGE', [`--store: no such store: ${target}`]);
    notes.push('no kfax store found: documents are tied by DocumentNum only');
    return undefined;
  }
  let store: Store | undefined;
  try {
    store = await openStore(target, { migrate: false });
    await store.getXref('kashflow', 'invoice', '0');
    return store;
  } catch (err) {
    await store?.close().catch(() => {});
    if (explicit) throw new KfaxError('KFAX_CLI_USAGE', [`--store: cannot read cross-references from ${isPostgresUrl(target) ? 'the PostgreSQL store' : target}: ${(err as Error).message}`]);
    notes.push(`kfax store not readable (${(err as Error).message}); documents are tied by DocumentNum only`);
    return undefined;
  }
}
