import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CONFIG_TEMPLATE } from '../../app/config-template.js';
import { KfaxError } from '../../errors/kfax-error.js';

/** `kfax init`: writes a commented `kfax.yaml` (and the example mapping beside it). */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('Write a commented kfax.yaml and an example kfax-mapping.yaml in the current directory')
    .option('--config <file>', 'where to write the configuration', 'kfax.yaml')
    .option('--force', 'overwrite existing files')
    .action((opts: { config: string; force?: boolean }) => {
      if (existsSync(opts.config) && !opts.force) throw new KfaxError('KFAX_CLI_USAGE', [`${opts.config} exists; use --force to overwrite it`]);
      writeFileSync(opts.config, CONFIG_TEMPLATE, { mode: 0o600 });
      const mapping = 'kfax-mapping.yaml';
      const wroteMapping = !existsSync(mapping) || opts.force === true;
      if (wroteMapping) copyFileSync(fileURLToPath(new URL(exampleMapping(), import.meta.url)), mapping);
      process.stdout.write(`wrote ${opts.config}${wroteMapping ? ` and ${mapping}` : ''}\nnext: set the environment variables it names, then run: kfax mapping validate --config ${opts.config} && kfax run --config ${opts.config}\n`);
    });
}

/** The example mapping, relative to this module in src/ (tests) or dist/src/ (installed). */
function exampleMapping(): string {
  return import.meta.url.includes('/dist/src/') ? '../../../../examples/kfax-mapping.yaml' : '../../../examples/kfax-mapping.yaml';
}
