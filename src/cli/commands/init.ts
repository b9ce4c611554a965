import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CONFIG_TEMPLATE } from '../../app/config-template.js';
import { KfaxError } from '../../errors/kfax-error.js';
import { mappingJsonSchema } from '../../mapping/config/json-schema.js';

const MAPPING_FILE = 'kfax-mapping.yaml';
/** What the example mapping's `# yaml-language-server: $schema=./…` comment points at. */
const MAPPING_SCHEMA_FILE = 'kfax-mapping.schema.json';

/**
 * `kfax init`: writes a commented `kfax.yaml` and, beside it, the example mapping and the mapping's
 * JSON schema (for editors).
 */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(`Write a commented kfax.yaml, and an example ${MAPPING_FILE} with its JSON schema beside it`)
    .option('--config <file>', 'where to write the configuration', 'kfax.yaml')
    .option('--force', 'overwrite existing files')
    .action((opts: { config: string; force?: boolean }) => {
      if (existsSync(opts.config) && !opts.force) throw new KfaxError('KFAX_CLI_USAGE', [`${opts.config} exists; use --force to overwrite it`]);
      const dir = dirname(opts.config);
      mkdirSync(dir, { recursive: true });
      const mapping = join(dir, MAPPING_FILE);
      writeFileSync(opts.config, configText(dir), { mode: 0o600 });
      const wroteMapping = !existsSync(mapping) || opts.force === true;
      const written = [opts.config];
      if (wroteMapping) {
        copyFileSync(fileURLToPath(new URL(exampleMapping(), import.meta.url)), mapping);
        const schema = join(dir, MAPPING_SCHEMA_FILE);
        writeFileSync(schema, `${JSON.stringify(mappingJsonSchema(), null, 2)}\n`);
        written.push(mapping, schema);
      }
      const list = written.length === 1 ? written[0] : `${written.slice(0, -1).join(', ')} and ${written.at(-1)}`;
      process.stdout.write(`wrote ${list}\nnext: set the environment variables it names, then run: kfax mapping validate --config ${opts.config} && kfax run --config ${opts.config}\n`);
    });
}

/**
 * The template, with `mapping.file` pointing at the mapping beside the configuration. Relative
 * paths in kfax.yaml are resolved from the working directory (docs/configuration.md), so a
 * configuration written elsewhere names the mapping from here, or absolutely when --config was.
 */
export function configText(dir: string): string {
  if (dir === '.') return CONFIG_TEMPLATE;
  const path = join(dir, MAPPING_FILE);
  const file = isAbsolute(path) || path.startsWith('.') ? path : `./${path}`;
  // A JSON string is a YAML double-quoted scalar; `$${` keeps a literal "${" from being interpolated.
  const value = /^[\w./-]+$/.test(file) ? file : JSON.stringify(file).replaceAll('${', () => '$${');
  const line = `  file: ${value}`;
  const out = CONFIG_TEMPLATE.replace(/^ {2}file: \.\/kfax-mapping\.yaml$/m, () => line);
  if (out === CONFIG_TEMPLATE) throw new Error('config template: mapping.file line not found');
  return out;
}

/** The example mapping, relative to this module in src/ (tests) or dist/src/ (installed). */
function exampleMapping(): string {
  return import.meta.url.includes('/dist/src/') ? '../../../../examples/kfax-mapping.yaml' : '../../../examples/kfax-mapping.yaml';
}
