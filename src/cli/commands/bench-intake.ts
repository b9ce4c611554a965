import { Option, type Command } from 'commander';
import { INTAKE_GOAL_EVENTS_PER_SECOND, runIntakePipelineBench, type IntakePipelineResult } from '../../../bench/e2e/intake-pipeline.js';
import { parseIntOption } from '../options.js';

/**
 * wrk connections under paced load: a paced request waits for a free connection, so the offered
 * rate holds only while rate × answer time stays under the connection count (1,700/s × 150 ms).
 */
const PACED_CONNECTIONS = 256;
/** wrk connections unpaced (each sends its next request when answered). */
const UNPACED_CONNECTIONS = 64;

/** `--rate`: a number of webhooks per second, or `max` (unpaced). */
function parseRate(value: string): number | undefined {
  return value === 'max' ? undefined : parseIntOption('--rate', value, 1, 1_000_000);
}

/** The one-line human summary of a run. */
function summary(r: IntakePipelineResult): string {
  const load = r.offeredPerSecond === null ? 'unpaced load' : `offered ${r.offeredPerSecond}/s`;
  const sustained = r.sustained ? `; sustained carry ${r.sustained.carriedPerSecond}/s over ${r.sustained.windowSeconds} s after a ${r.sustained.warmupSeconds} s warm-up (backlog at the end of the load ${r.sustained.backlogAtLoadEnd})` : '';
  return `${r.processes} kfax process(es) on ${r.store}${r.sqliteThread === 'worker' ? ' (store thread)' : ''}, ${load}: accepted ${r.acceptedPerSecond}/s (p99 ${r.intakeLatencyMs.p99} ms); carried to AX ${r.carriedPerSecond}/s over the whole run (${r.carried}/${r.accepted}, drain ${r.drainSeconds} s)${sustained}; end-to-end p50 ${r.endToEndMs.p50} ms p99 ${r.endToEndMs.p99} ms; CPU/order kfax ${r.cpuMicrosPerOrder.kfax} µs, sandboxes ${r.cpuMicrosPerOrder.sandboxes} µs; HTTP calls/order KashFlow ${r.callsPerOrder.kashflow}, AX ${r.callsPerOrder.ax}; errors ${r.errors}; load ${r.loadAverage}; goal ${r.goalEventsPerSecond}/s ${r.goalMet ? 'met' : 'NOT met'}`;
}

/** `kfax bench intake`: signed shop webhooks through kfax, KashFlow and AX, each in its own process. */
export function registerBenchIntakeCommand(program: Command): void {
  const bench = program.commands.find((c) => c.name() === 'bench') ?? program.command('bench').description('Run benchmarks');
  bench
    .command('intake')
    .description('Drive signed Shopify order webhooks with wrk into kfax and measure them carried through KashFlow into AX (fast sandboxes)')
    .option('--quick', 'a 5 s drive')
    .option('--seconds <n>', 'seconds of load', '30')
    .option('--rate <n|max>', 'webhooks offered per second (wrk paced), or max: as fast as they are answered', String(INTAKE_GOAL_EVENTS_PER_SECOND))
    .option('--warmup <s>', 'paced load: seconds at the start left out of the sustained carry (default 10, at most a third of the load)')
    .option('--connections <n>', 'wrk connections (default: 256 under paced load, so answer times up to ~150 ms never hold back the offered rate; 64 unpaced)')
    .option('--buyers <n>', 'recurring buyers the orders come from', '500')
    .option('--processes <n>', 'kfax processes: 1, or 2 (webhook intake + shop-orders | invoices + customers, over one store)', '1')
    .option('--pg [url]', 'use a fresh schema on PostgreSQL instead of a SQLite file (default URL: $KFAX_BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/test)')
    .addOption(new Option('--sqlite-thread <where>', 'where the SQLite store runs its work (store.sqlite.thread)').choices(['main', 'worker']).default('worker'))
    .option('--json', 'print the result as one JSON object on the last stdout line')
    .action(async (opts: { quick?: boolean; seconds: string; rate: string; warmup?: string; connections?: string; buyers: string; processes: string; pg?: string | boolean; sqliteThread: 'main' | 'worker'; json?: boolean }) => {
      const out = opts.json ? process.stderr : process.stdout;
      const ratePerSecond = parseRate(opts.rate);
      const result = await runIntakePipelineBench({
        durationSeconds: opts.quick ? 5 : parseIntOption('--seconds', opts.seconds, 1, 3600),
        ...(ratePerSecond !== undefined ? { ratePerSecond } : {}),
        ...(opts.warmup !== undefined ? { warmupSeconds: parseIntOption('--warmup', opts.warmup, 0, 3600) } : {}),
        connections: opts.connections !== undefined ? parseIntOption('--connections', opts.connections, 1, 4096) : ratePerSecond !== undefined ? PACED_CONNECTIONS : UNPACED_CONNECTIONS,
        buyers: parseIntOption('--buyers', opts.buyers, 1, 1_000_000),
        drainTimeoutSeconds: 600,
        processes: parseIntOption('--processes', opts.processes, 1, 2) as 1 | 2,
        store: opts.pg === undefined || opts.pg === false ? { kind: 'sqlite', thread: opts.sqliteThread } : { kind: 'postgres', url: typeof opts.pg === 'string' ? opts.pg : (process.env.KFAX_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test') },
        log: (line) => out.write(`${line}\n`),
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else out.write(`${summary(result)}\n`);
    });
}
