import type { Command } from 'commander';
import { createKfaxApp } from '../../app/kfax-app.js';
import { FLOW_NAMES, type FlowName } from '../../config/sections/flows.js';
import { loadConfig } from '../../config/load.js';
import type { KfaxConfig } from '../../config/schema.js';
import { isKfaxError, KfaxError } from '../../errors/kfax-error.js';
import { waitForSignal } from '../signals.js';

/** `kfax run`: the HTTP server, workers and pollers of the configured flows, until SIGINT/SIGTERM. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Run kfax: webhook server, workers and KashFlow pollers for the configured flows')
    .option('--config <file>', 'configuration file', 'kfax.yaml')
    .option('--flows <list>', `comma-separated subset of flows to run here (${FLOW_NAMES.join(', ')})`)
    .action(async (opts: { config: string; flows?: string }) => {
      // Usage first: a wrong --flows is reported whatever the state of the configuration.
      const flows = opts.flows === undefined ? undefined : parseFlows(opts.flows);
      const config = loadRunConfig(opts.config);
      const app = await createKfaxApp({ config, ...(flows ? { flows } : {}) });
      await app.start();
      process.stdout.write(`kfax running at ${app.url()} (flows: ${app.flows.join(', ')}); metrics at ${app.url()}/metrics. Ctrl+C stops it.\n`);
      await waitForSignal();
      process.stdout.write('stopping: finishing work in flight…\n');
      await app.stop();
    });
}

/**
 * Loads the configuration. An error that is not kfax's own comes from reading the file or from
 * the YAML library, whose messages may quote a value — e.g. an unquoted password starting with
 * `*` is read as an alias and reported by name — so it is reported without its text.
 */
function loadRunConfig(path: string): KfaxConfig {
  try {
    return loadConfig({ path });
  } catch (err) {
    if (isKfaxError(err)) throw err;
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    throw new KfaxError('KFAX_CONFIG_INVALID', [path, typeof code === 'string' ? `cannot be read (${code})` : 'is not valid YAML: a value that starts with *, & or ! is read as a YAML alias, anchor or tag; quote it']);
  }
}

/** Parses `--flows a,b`, naming any unknown flow. */
export function parseFlows(list: string): FlowName[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(FLOW_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) throw new KfaxError('KFAX_CLI_USAGE', [`--flows: unknown flow ${unknown.map((u) => `"${u}"`).join(', ') || '(empty)'}; expected a comma-separated subset of ${FLOW_NAMES.join(', ')}`]);
  return names as FlowName[];
}
