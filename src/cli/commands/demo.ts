import type { Command } from 'commander';
import { runDemo } from '../../demo/run-demo.js';
import { BUILT_IN_PROFILES } from '../../sandbox/faults/profiles.js';
import { KfaxError } from '../../errors/kfax-error.js';
import { parseIntOption } from '../options.js';

/** `kfax demo`: sandboxes + kfax + a simulated shop, the whole order-to-cash path on one machine. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the order-to-cash demo: KashFlow and AX sandboxes, kfax on a temporary SQLite file, and a simulated shop sending signed orders and payments')
    .option('--headless', 'run until the given orders are invoiced, paid and synced, then print a summary')
    .option('--orders <n>', 'orders to place (headless: required; interactive: default unlimited)')
    .option('--rate <n>', 'orders per second', '5')
    .option('--seed <n>', 'sandbox seed', '1')
    .option('--profile <name>', `sandbox latency/fault profile: ${Object.keys(BUILT_IN_PROFILES).join(', ')}`, 'fast')
    .option('--timeout <seconds>', 'give up after this long (headless)', '600')
    .option('--port <n>', 'kfax server port (0 = any free port)', '0')
    .option('--json', 'print the summary as one JSON object on the last stdout line')
    .action(async (opts: { headless?: boolean; orders?: string; rate: string; seed: string; profile: string; timeout: string; port: string; json?: boolean }) => {
      if (!(opts.profile in BUILT_IN_PROFILES)) throw new KfaxError('KFAX_CLI_USAGE', [`--profile: unknown profile "${opts.profile}"`]);
      if (opts.headless && opts.orders === undefined) throw new KfaxError('KFAX_CLI_USAGE', ['--orders: required with --headless']);
      const orders = opts.orders === undefined ? undefined : parseIntOption('--orders', opts.orders, 1, 1_000_000);
      const controller = new AbortController();
      const onSignal = (): void => controller.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const out = opts.json ? process.stderr : process.stdout;
      try {
        const summary = await runDemo({
          ...(orders === undefined ? {} : { orders }),
          ratePerSecond: parseIntOption('--rate', opts.rate, 1, 100_000),
          seed: parseIntOption('--seed', opts.seed, 0, 2 ** 31 - 1),
          profile: opts.profile,
          timeoutSeconds: opts.headless ? parseIntOption('--timeout', opts.timeout, 1, 86_400) : 365 * 86_400,
          port: parseIntOption('--port', opts.port, 0, 65_535),
          log: (line) => out.write(`${line}\n`),
          signal: controller.signal,
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else out.write(`\n${summary.reconciled ? 'RECONCILED' : 'NOT RECONCILED'}: ${summary.orders} orders, KashFlow gross ${summary.kashflow.grossTotal}, AX gross ${summary.ax.grossTotal}, AX settled ${summary.ax.settled}, duplicates ${summary.duplicates}, dead letters ${summary.deadLetters}, ${summary.elapsedSeconds} s\n`);
        if (!summary.reconciled) process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
