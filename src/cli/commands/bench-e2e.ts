import type { Command } from 'commander';
import { runE2eSyncBench, type E2eSyncReport } from '../../../bench/e2e/e2e-sync.js';
import { parseIntOption } from '../options.js';

function summary(r: E2eSyncReport): string[] {
  const l = (s: E2eSyncReport['latency_ms']): string => `p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms (${s.count})`;
  return [
    `kfax e2e benchmark (${r.profile}): ${r.invoices} invoices + ${r.payments} payments, AX concurrency ${r.ax_concurrency} (${r.ax_handlers} ax handlers), hot sweep every ${r.hot_interval_s} s`,
    `  throughput ${r.throughput_docs_per_s} docs/s of a bound of ${r.bound_docs_per_s} docs/s = ${r.fraction_of_bound} (goal ≥ ${r.goal}: ${r.goal_met ? 'met' : 'not met'})`,
    `  AX per document: ${r.ax.calls_per_doc} calls, ${r.ax.busy_ms_per_doc} ms busy (${r.ax.injected_ms_per_doc} ms injected); in flight mean ${r.ax.mean_in_flight}, max ${r.ax.max_in_flight}; profile bound ${r.profile_bound_docs_per_s.median_based} (medians) / ${r.profile_bound_docs_per_s.mean_based} (means) docs/s`,
    `  window ${r.throughput_window_s} s after ${r.detect_s} s to find the backlog; CPU kfax ${r.cpu_pct.kfax} %, sandboxes ${r.cpu_pct.sandboxes} %`,
    `  latency KashFlow → AX at ${r.latency_phase.target_docs_per_s} docs/s: ${l(r.latency_ms)}; invoices ${l(r.latency_ms_invoices)}; payments ${l(r.latency_ms_payments)}`,
    `  of which detection (KashFlow create → stored by the poller): ${l(r.latency_detect_ms)}; hot sweep every ${r.hot_interval_s} s, ${r.hot_sweep_mean_ms} ms each`,
    `  load average ${r.load_average.join(' ')} on ${r.cores} cores`,
    ...r.errors.map((e) => `  note: ${e}`),
  ];
}

/** `kfax bench e2e`: KashFlow invoices and payments through kfax into AX on the realistic latency profile. */
export function registerBenchE2eCommand(program: Command): void {
  const bench = program.commands.find((c) => c.name() === 'bench') ?? program.command('bench').description('Run benchmarks');
  bench
    .command('e2e')
    .description('Sync KashFlow invoices and payments into AX through the sandboxes (realistic latencies): throughput against the bound AX concurrency allows, and KashFlow → AX latency')
    .option('--quick', '40 invoices and a 10 s latency phase')
    .option('--invoices <n>', 'invoices in the throughput backlog (each with one payment)', '200')
    .option('--ax-concurrency <n>', 'AIF calls kfax may have in flight (ax.connections)', '8')
    .option('--handlers <n>', 'handlers of the ax endpoint at once (endpoints.ax.concurrency; default 2 × AX concurrency)')
    .option('--latency-seconds <n>', 'seconds of open-loop creation in the latency phase (0: none)', '30')
    .option('--latency-load <pct>', 'latency-phase rate as a percentage of the measured bound', '50')
    .option('--hot-interval <s>', 'kashflow.polling.hotIntervalSeconds', '1')
    .option('--profile <name>', 'sandbox latency profile', 'realistic')
    .option('--seed <n>', 'sandbox seed', '1')
    .option('--json', 'print the report as one JSON object on the last stdout line')
    .action(async (opts: { quick?: boolean; invoices: string; axConcurrency: string; handlers?: string; latencySeconds: string; latencyLoad: string; hotInterval: string; profile: string; seed: string; json?: boolean }) => {
      const out = opts.json ? process.stderr : process.stdout;
      const axConcurrency = parseIntOption('--ax-concurrency', opts.axConcurrency, 1, 64);
      const report = await runE2eSyncBench({
        invoices: opts.quick ? 40 : parseIntOption('--invoices', opts.invoices, 1, 100_000),
        axConcurrency,
        handlers: opts.handlers === undefined ? 2 * axConcurrency : parseIntOption('--handlers', opts.handlers, 1, 10_000),
        kashflowConnections: 16,
        hotIntervalSeconds: parseIntOption('--hot-interval', opts.hotInterval, 1, 3600),
        perPage: 500,
        customers: 20,
        latencySeconds: opts.quick ? 10 : parseIntOption('--latency-seconds', opts.latencySeconds, 0, 3600),
        latencyLoad: parseIntOption('--latency-load', opts.latencyLoad, 1, 100) / 100,
        profile: opts.profile,
        seed: parseIntOption('--seed', opts.seed, 0, 2 ** 31 - 1),
        drainTimeoutSeconds: 600,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      for (const line of summary(report)) out.write(`${line}\n`);
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    });
}
