import type { Command } from 'commander';
import { createKfaxApp } from '../../app/kfax-app.js';
import { FLOW_NAMES, type FlowName } from '../../config/sections/flows.js';
import { loadConfig } from '../../config/load.js';
import { KfaxError } from '../../errors/kfax-error.js';
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
      // The loader reports YAML and read errors as KFAX_CONFIG_INVALID by position, never by text.
      const config = loadConfig({ path: opts.config });
      const app = await createKfaxApp({ config, ...(flows ? { flows } : {}) });
      await app.start();
      process.stdout.write(`kfax running at ${app.url()} (flows: ${app.flows.join(', ')}); metrics at ${app.url()}/metrics. Ctrl+C stops it.\n`);
      await waitForSignal();
      process.stdout.write('stopping: finishing work in flight…\n');
      await app.stop();
    });
}

/** Parses `--flows a,b`, naming any unknown flow. */
export function parseFlows(list: string): FlowName[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(FLOW_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) throw new KfaxError('KFAX_CLI_USAGE', [`--flows: unknown flow ${unknown.map((u) => `"${u}"`).join(', ') || '(empty)'}; expected a comma-separated subset of ${FLOW_NAMES.join(', ')}`]);
  return names as FlowName[];
}
