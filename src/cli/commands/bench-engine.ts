import type { Command } from 'commander';
import { runEngineBench, type EngineBenchReport } from '../../engine/bench/run-engine-bench.js';

/** Where the benchmark finds PostgreSQL unless `--pg` says otherwise. */
export const DEFAULT_BENCH_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

function summary(r: EngineBenchReport): string[] {
  const row = (name: string, b: EngineBenchReport['sqlite'] | null): string =>
    b ? `  ${name.padEnd(16)} W1 ${String(b.burndown_msgs_per_s).padStart(7)} msgs/s   W2 p50 ${b.ingest_p50_ms} ms  p99 ${b.ingest_p99_ms} ms  (${b.ingest_achieved_per_s}/s)` : `  ${name.padEnd(16)} skipped`;
  return [
    `kfax engine benchmark (${r.quick ? 'quick' : 'full'}, ${r.seconds} s) on ${r.environment.cores} cores, ${r.environment.cpu}; fsync ${r.environment.fsync_per_s}/s; load ${r.environment.load_average.join(' ')}`,
    row('sqlite', r.sqlite),
    row('postgres', r.postgres),
    r.graphile_worker ? `  ${`graphile ${r.graphile_worker.version}`.padEnd(16)} W1 ${String(r.graphile_worker.burndown_msgs_per_s).padStart(7)} jobs/s   (tuned: ${r.graphile_worker.settings})` : '  graphile-worker  skipped',
    `  ratio postgres / graphile-worker: ${r.ratio_postgres_vs_graphile ?? 'n/a'}`,
    `  W4 kill -9: lost ${r.crash.lost}, duplicated ${r.crash.duplicated}`,
    `  memory: ${r.memory.messages} messages, RSS warm ${r.memory.rssWarmMb} MB, max ${r.memory.rssMaxMb} MB, end ${r.memory.rssEndMb} MB; run max ${r.rss_mb_max} MB`,
    ...r.errors.map((e) => `  note: ${e}`),
  ];
}

/** `kfax bench engine`: engine throughput, latency, crash safety and memory on both backends. */
export function registerBenchEngineCommand(program: Command): void {
  const bench = program.commands.find((c) => c.name() === 'bench') ?? program.command('bench').description('Run benchmarks');
  bench
    .command('engine')
    .description('Benchmark the durable engine: W1 burn-down (vs graphile-worker), W2 ingest latency, W4 kill -9, memory')
    .option('--quick', 'small sizes, finishes in under a minute')
    .option('--json', 'print the report as one JSON object on the last stdout line')
    .option('--pg <url>', `PostgreSQL for the postgres rows and graphile-worker (default: $KFAX_BENCH_PG_URL or ${DEFAULT_BENCH_PG_URL})`)
    .option('--no-postgres', 'run the SQLite workloads only')
    .action(async (opts: { quick?: boolean; json?: boolean; pg?: string; postgres: boolean }) => {
      const pgUrl = opts.postgres ? (opts.pg ?? process.env.KFAX_BENCH_PG_URL ?? DEFAULT_BENCH_PG_URL) : null;
      const report = await runEngineBench({
        quick: opts.quick === true,
        pgUrl,
        log: (line) => (opts.json ? process.stderr : process.stdout).write(`${line}\n`),
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else process.stdout.write(`${summary(report).join('\n')}\n`);
      if (report.crash.lost > 0 || report.crash.duplicated > 0) process.exitCode = 1;
    });
}
