import { Option, type Command } from 'commander';
import { runIntakePipelineBench } from '../../../bench/e2e/intake-pipeline.js';
import { parseIntOption } from '../options.js';

/** `kfax bench intake`: signed shop webhooks through kfax, KashFlow and AX, each in its own process. */
export function registerBenchIntakeCommand(program: Command): void {
  const bench = program.commands.find((c) => c.name() === 'bench') ?? program.command('bench').description('Run benchmarks');
  bench
    .command('intake')
    .description('Drive signed Shopify order webhooks with wrk into kfax and measure them carried through KashFlow into AX (fast sandboxes)')
    .option('--quick', 'a 5 s drive')
    .option('--seconds <n>', 'seconds of load', '30')
    .option('--connections <n>', 'wrk connections', '64')
    .option('--buyers <n>', 'recurring buyers the orders come from', '500')
    .option('--processes <n>', 'kfax processes: 1, or 2 (webhook intake + shop-orders | invoices + customers, over one store)', '1')
    .option('--pg [url]', 'use a fresh schema on PostgreSQL instead of a SQLite file (default URL: $KFAX_BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/test)')
    .addOption(new Option('--sqlite-thread <where>', 'where the SQLite store runs its work (store.sqlite.thread)').choices(['main', 'worker']).default('worker'))
    .option('--json', 'print the result as one JSON object on the last stdout line')
    .action(async (opts: { quick?: boolean; seconds: string; connections: string; buyers: string; processes: string; pg?: string | boolean; sqliteThread: 'main' | 'worker'; json?: boolean }) => {
      const out = opts.json ? process.stderr : process.stdout;
      const result = await runIntakePipelineBench({
        durationSeconds: opts.quick ? 5 : parseIntOption('--seconds', opts.seconds, 1, 3600),
        connections: parseIntOption('--connections', opts.connections, 1, 4096),
        buyers: parseIntOption('--buyers', opts.buyers, 1, 1_000_000),
        drainTimeoutSeconds: 600,
        processes: parseIntOption('--processes', opts.processes, 1, 2) as 1 | 2,
        store: opts.pg === undefined || opts.pg === false ? { kind: 'sqlite', thread: opts.sqliteThread } : { kind: 'postgres', url: typeof opts.pg === 'string' ? opts.pg : (process.env.KFAX_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test') },
        log: (line) => out.write(`${line}\n`),
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else out.write(`${result.processes} kfax process(es) on ${result.store}${result.sqliteThread === 'worker' ? ' (store thread)' : ''}: accepted ${result.acceptedPerSecond}/s (p99 ${result.intakeLatencyMs.p99} ms); carried to AX ${result.carriedPerSecond}/s (${result.carried}/${result.accepted}, drain ${result.drainSeconds} s); end-to-end p50 ${result.endToEndMs.p50} ms p99 ${result.endToEndMs.p99} ms; CPU/order kfax ${result.cpuMicrosPerOrder.kfax} µs, sandboxes ${result.cpuMicrosPerOrder.sandboxes} µs; HTTP calls/order KashFlow ${result.callsPerOrder.kashflow}, AX ${result.callsPerOrder.ax}; errors ${result.errors}; load ${result.loadAverage}; goal ${result.goalEventsPerSecond}/s ${result.goalMet ? 'met' : 'NOT met'}\n`);
    });
}
