import type { Command } from 'commander';
import { KfaxError } from '../../errors/kfax-error.js';
import { startSandbox } from '../../sandbox/sandbox.js';
import { BUILT_IN_PROFILES } from '../../sandbox/faults/profiles.js';
import { parseIntOption } from '../options.js';
import { waitForSignal } from '../signals.js';

/** `kfax sandbox`: runs the KashFlow and AX sandboxes until interrupted. */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('Start local KashFlow and Dynamics AX sandboxes (seeded, with fault injection) and keep them running')
    .option('--seed <n>', 'seed for the generated companies and documents', '1')
    .option('--profile <name>', `latency and fault profile: ${Object.keys(BUILT_IN_PROFILES).join(', ')}`, 'fast')
    .option('--kashflow-port <n>', 'KashFlow port (0 = any free port)', '0')
    .option('--ax-port <n>', 'AX port (0 = any free port)', '0')
    .option('--host <addr>', 'interface to listen on', '127.0.0.1')
    .option('--today <yyyy-MM-dd>', 'pin the sandbox clock to this date')
    .option('--json', 'print the endpoints as one JSON line on stdout first')
    .action(async (opts: { seed: string; profile: string; kashflowPort: string; axPort: string; host: string; today?: string; json?: boolean }) => {
      if (!(opts.profile in BUILT_IN_PROFILES)) throw new KfaxError('KFAX_CLI_USAGE', [`--profile: unknown profile "${opts.profile}" (expected one of: ${Object.keys(BUILT_IN_PROFILES).join(', ')})`]);
      if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new KfaxError('KFAX_CLI_USAGE', ['--today: expected a date as yyyy-MM-dd']);
      const sandbox = await startSandbox({
        seed: parseIntOption('--seed', opts.seed, 0, 2 ** 31 - 1),
        profile: opts.profile,
        kashflowPort: parseIntOption('--kashflow-port', opts.kashflowPort, 0, 65535),
        axPort: parseIntOption('--ax-port', opts.axPort, 0, 65535),
        host: opts.host,
        ...(opts.today ? { today: opts.today } : {}),
      });
      const e = sandbox.endpoints;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(e)}\n`);
      } else {
        process.stdout.write(
          [
            `kfax sandbox running (seed ${e.control.seed}, profile ${e.control.profile})`,
            `  KashFlow REST  ${e.kashflow.restUrl}   user ${e.kashflow.username} / ${e.kashflow.password}, memorable word ${e.kashflow.memorableWord}`,
            `  KashFlow SOAP  ${e.kashflow.soapUrl}  (WSDL: ${e.kashflow.soapUrl}?WSDL)`,
            `  AX AIF         ${e.ax.url}   user ${e.ax.domain}\\${e.ax.username} / ${e.ax.password}, company ${e.ax.company}`,
            `  Control API    ${e.control.kashflowUrl}  and  ${e.control.axUrl}`,
            'Press Ctrl+C to stop.',
            '',
          ].join('\n'),
        );
      }
      await waitForSignal();
      await sandbox.close();
    });
}
