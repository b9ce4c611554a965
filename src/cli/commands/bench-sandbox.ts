import type { Command } from 'commander';
import { runSandboxBench } from '../../../bench/sandbox/sandbox-bench.js';
import { parseIntOption } from '../options.js';

/** `kfax bench sandbox`: request rates of the KashFlow and AX sandboxes (needs wrk). */
export function registerBenchSandboxCommand(program: Command): void {
  const bench = program.commands.find((c) => c.name() === 'bench') ?? program.command('bench').description('Run benchmarks');
  bench
    .command('sandbox')
    .description('Benchmark the sandboxes with wrk: KashFlow list pages/s and AX creates/s, each against the same server\'s trivial endpoint')
    .option('--quick', 'short runs (3 s each)')
    .option('--seconds <n>', 'seconds per run', '10')
    .option('--connections <n>', 'load generator connections', '32')
    .option('--json', 'print the result as one JSON object on the last stdout line')
    .action(async (opts: { quick?: boolean; seconds: string; connections: string; json?: boolean }) => {
      const out = opts.json ? process.stderr : process.stdout;
      const result = await runSandboxBench({
        durationSeconds: opts.quick ? 3 : parseIntOption('--seconds', opts.seconds, 1, 600),
        connections: parseIntOption('--connections', opts.connections, 1, 1024),
        invoices: opts.quick ? 500 : 2000,
        log: (line) => out.write(`${line}\n`),
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      const row = (name: string, f: typeof result.axCreate): string => `  ${name.padEnd(26)} ${String(f.requestsPerSecond).padStart(7)} req/s  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  errors ${f.errors}  (baseline ${f.baselineRequestsPerSecond} req/s, ratio ${f.ratioToBaseline})`;
      out.write(`sandbox benchmark (${result.durationSeconds} s per run, ${result.connections} connections)\n${row('KashFlow list page (25)', result.kashflowListPage)}\n${row('AX CustomerService.create', result.axCreate)}\n`);
    });
}
